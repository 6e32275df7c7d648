package org.zonelake.aws;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * An AWS resource a component talks to, for error messages: {@code DynamoDB table 'runs'} at {@code
 * http://127.0.0.1:8000}.
 *
 * @param kind what it is, such as {@code DynamoDB table}
 * @param name its name or ARN
 * @param target where requests go: the endpoint override, or the region
 * @param attempts attempts per request the client makes under its retry strategy
 */
public record AwsResource(String kind, String name, String target, int attempts) {

  /** Validates the fields. */
  public AwsResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
  }

  /** The resource {@code name} of {@code kind} as reached through {@code client}. */
  public static AwsResource of(String kind, String name, SdkClient client) {
    String target = "an in-process stand-in";
    int attempts = 1;
    try {
      SdkServiceClientConfiguration config = client.serviceClientConfiguration();
      Region region = config instanceof AwsServiceClientConfiguration aws ? aws.region() : null;
      target =
          config
              .endpointOverride()
              .map(URI::toString)
              .orElseGet(() -> region == null ? "the default region" : "region " + region);
      ClientOverrideConfiguration override = config.overrideConfiguration();
      if (override != null && override.retryStrategy().isPresent()) {
        attempts = override.retryStrategy().get().maxAttempts();
      } else {
        attempts = AwsSettings.DEFAULT_MAX_ATTEMPTS;
      }
    } catch (UnsupportedOperationException e) {
      // Clients that are not built by the SDK's builders (in-process stand-ins) have no
      // configuration to report; the defaults above describe them.
    }
    return new AwsResource(kind, name, target, attempts);
  }

  /** {@code kind 'name'}. */
  public String describe() {
    return kind + " '" + name + "'";
  }
}
