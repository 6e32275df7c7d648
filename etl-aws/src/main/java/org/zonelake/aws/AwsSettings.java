package org.zonelake.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where and how the AWS clients of the ledger, the metrics and the alerts connect. For AWS nothing
 * here is hard-coded: the region and endpoint come from configuration (job arguments), and when
 * they are absent the SDK's default chains decide (on Glue: the job's region and role). Only a
 * local stand-in ({@link #local}) gets a fixed region and fixed credentials.
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

  /** The region a client of a local stand-in signs its requests for. */
  private static final String LOCAL_REGION = "us-east-1";

  /** The access key id and the secret key a client of a local stand-in signs with. */
  private static final String LOCAL_CREDENTIAL = "local";

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

  /**
   * Settings for a local stand-in of an AWS service (DynamoDB Local, an HTTP server of a test):
   * every request goes to {@code endpoint}, signed for region {@code us-east-1} with the static
   * credentials {@code local}/{@code local}, so nothing is looked up in the environment; 3
   * attempts. A stand-in that keeps data per region and key (DynamoDB Local without {@code
   * -sharedDb}) therefore always finds it in one place.
   *
   * @param endpoint the stand-in's address, such as {@code http://127.0.0.1:8000}
   */
  public static AwsSettings local(URI endpoint) {
    return defaults()
        .withRegion(LOCAL_REGION)
        .withEndpoint(endpoint)
        .withCredentials(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCAL_CREDENTIAL, LOCAL_CREDENTIAL)));
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
