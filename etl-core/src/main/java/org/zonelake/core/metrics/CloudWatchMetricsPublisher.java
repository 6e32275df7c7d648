package org.zonelake.core.metrics;

import java.util.Objects;
import org.zonelake.core.aws.AwsFailures;
import org.zonelake.core.aws.AwsResource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the figures of {@link RunMetrics#figures()} to CloudWatch in one PutMetricData request,
 * each with the dimension {@code Source}, timestamped at the run's end.
 */
public final class CloudWatchMetricsPublisher implements MetricsPublisher {

  /** The namespace the deploy stack's alarms and dashboard read. */
  public static final String DEFAULT_NAMESPACE = "DataLake/Quality";

  private final CloudWatchClient client;
  private final String namespace;
  private final AwsResource resource;

  /** Publishes to {@value #DEFAULT_NAMESPACE}. */
  public CloudWatchMetricsPublisher(CloudWatchClient client) {
    this(client, DEFAULT_NAMESPACE);
  }

  /** Publishes to {@code namespace}. */
  public CloudWatchMetricsPublisher(CloudWatchClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.resource = AwsResource.of("CloudWatch namespace", namespace, client);
  }

  @Override
  public void publish(RunMetrics metrics) {
    Dimension source =
        Dimension.builder().name(RunMetrics.SOURCE_DIMENSION).value(metrics.source()).build();
    var data =
        metrics.figures().stream()
            .map(
                figure ->
                    MetricDatum.builder()
                        .metricName(figure.name())
                        .value(figure.value())
                        .unit(StandardUnit.fromValue(figure.unit()))
                        .dimensions(source)
                        .timestamp(metrics.endedAt())
                        .build())
            .toList();
    try {
      client.putMetricData(b -> b.namespace(namespace).metricData(data));
    } catch (SdkException e) {
      throw AwsFailures.translate(resource, e, false, "");
    }
  }
}
