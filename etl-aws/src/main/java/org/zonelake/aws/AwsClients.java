package org.zonelake.aws;

import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

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
    return built("DynamoDB", configure(DynamoDbClient.builder(), settings));
  }

  /**
   * A DynamoDB client whose every request also passes through {@code interceptor} (for example a
   * lock that serialises the requests of several processes on one local store).
   */
  public static DynamoDbClient dynamoDb(AwsSettings settings, ExecutionInterceptor interceptor) {
    return built("DynamoDB", configure(DynamoDbClient.builder(), settings, interceptor));
  }

  /** A CloudWatch client. */
  public static CloudWatchClient cloudWatch(AwsSettings settings) {
    return built("CloudWatch", configure(CloudWatchClient.builder(), settings));
  }

  /** An SNS client. */
  public static SnsClient sns(AwsSettings settings) {
    return built("SNS", configure(SnsClient.builder(), settings));
  }

  /**
   * The client {@code builder} builds; a region the SDK cannot find (no setting, no environment
   * variable, no profile) is an error that says where to set it, not the SDK's list of places.
   */
  private static <C> C built(String service, SdkBuilder<?, C> builder) {
    try {
      return builder.build();
    } catch (SdkClientException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("Unable to load region")) {
        throw e;
      }
      throw AwsFailures.noRegion(service, e);
    }
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
