package org.zonelake.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and how the AWS clients of the ledger, the metrics and the alerts connect. Nothing here is
 * hard-coded: the region and endpoint come from configuration (job arguments), and when they are
 * absent the SDK's default chains decide (on Glue: the job's region and role).
 *
 * @param region the AWS region (empty: the SDK's default region chain)
 * @param endpoint an endpoint override, such as a local stand-in (empty: the service's endpoint)
 * @param credentials the credentials (empty: the SDK's default credentials chain)
 * @param maxAttempts attempts per request under the SDK's standard retry strategy (1 = no retry)
 */
public record AwsSettings(
    Optional<String> region,
    Optional<URI> endpoint,
    Optional<AwsCredentialsProvider> credentials,
    int maxAttempts) {

  /** The standard retry strategy's default number of attempts. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Validates the fields. */
  public AwsSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** The SDK's defaults for region and credentials, the service's own endpoint, 3 attempts. */
  public static AwsSettings defaults() {
    return new AwsSettings(
        Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS);
  }

  /** These settings in another region. */
  public AwsSettings withRegion(String newRegion) {
    return new AwsSettings(Optional.of(newRegion), endpoint, credentials, maxAttempts);
  }

  /** These settings with an endpoint override. */
  public AwsSettings withEndpoint(URI newEndpoint) {
    return new AwsSettings(region, Optional.of(newEndpoint), credentials, maxAttempts);
  }

  /** These settings with explicit credentials. */
  public AwsSettings withCredentials(AwsCredentialsProvider provider) {
    return new AwsSettings(region, endpoint, Optional.of(provider), maxAttempts);
  }

  /** These settings with another number of attempts per request. */
  public AwsSettings withMaxAttempts(int attempts) {
    return new AwsSettings(region, endpoint, credentials, attempts);
  }

  /** Where requests go, for messages: the endpoint override, else the region, else "default". */
  public String describeTarget() {
    return endpoint
        .map(URI::toString)
        .orElseGet(() -> region.map(r -> "region " + r).orElse("the default region"));
  }
}
