package org.zonelake.aws;

import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds the SDK clients the lake uses, all the same way: the JDK's URL-connection HTTP client (no
 * netty, which would clash with Spark's), region, endpoint and credentials from {@link
 * AwsSettings}, and the SDK's standard retry strategy (exponential backoff with jitter, throttling
 * and transient errors retried) with the configured number of attempts.
 */
public final class AwsClients {

  private AwsClients() {}

  /** A DynamoDB client. */
  public static DynamoDbClient dynamoDb(AwsSettings settings) {
    return configure(DynamoDbClient.builder(), settings).build();
  }

  /**
   * A DynamoDB client whose every request also passes through {@code interceptor} (for example a
   * lock that serialises the requests of several processes on one local store).
   */
  public static DynamoDbClient dynamoDb(AwsSettings settings, ExecutionInterceptor interceptor) {
    return configure(DynamoDbClient.builder(), settings, interceptor).build();
  }

  /** A CloudWatch client. */
  public static CloudWatchClient cloudWatch(AwsSettings settings) {
    return configure(CloudWatchClient.builder(), settings).build();
  }

  /** An SNS client. */
  public static SnsClient sns(AwsSettings settings) {
    return configure(SnsClient.builder(), settings).build();
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsSettings settings, ExecutionInterceptor... interceptors) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(settings.maxAttempts())
                    .build())
            .executionInterceptors(List.of(interceptors))
            .build());
    settings.region().map(Region::of).ifPresent(builder::region);
    settings.endpoint().ifPresent(builder::endpointOverride);
    settings.credentials().ifPresent(builder::credentialsProvider);
    return builder;
  }
}
