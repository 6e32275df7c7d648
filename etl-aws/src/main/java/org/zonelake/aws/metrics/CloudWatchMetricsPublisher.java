package org.zonelake.aws.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.zonelake.aws.AwsFailures;
import org.zonelake.aws.AwsResource;
import org.zonelake.core.metrics.MetricValue;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.metrics.RunMetrics;
import org.zonelake.model.QualityMetrics;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the figures of {@link RunMetrics#figures()} to CloudWatch in one PutMetricData request,
 * each with the run's dimensions ({@code Source} or {@code Table}) and its own (such as {@code
 * Band}), timestamped at the run's end.
 */
public final class CloudWatchMetricsPublisher implements MetricsPublisher {

  private final CloudWatchClient client;
  private final String namespace;
  private final AwsResource resource;

  /** Publishes to the namespace the deploy stack's alarms and dashboard read. */
  public CloudWatchMetricsPublisher(CloudWatchClient client) {
    this(client, QualityMetrics.NAMESPACE);
  }

  /** Publishes to {@code namespace}. */
  public CloudWatchMetricsPublisher(CloudWatchClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.resource = AwsResource.of("CloudWatch namespace", namespace, client);
  }

  @Override
  public void publish(RunMetrics metrics) {
    var data =
        metrics.figures().stream()
            .map(
                figure ->
                    MetricDatum.builder()
                        .metricName(figure.name())
                        .value(figure.value())
                        .unit(StandardUnit.fromValue(figure.unit()))
                        .dimensions(dimensions(metrics, figure))
                        .timestamp(metrics.endedAt())
                        .build())
            .toList();
    try {
      client.putMetricData(b -> b.namespace(namespace).metricData(data));
    } catch (SdkException e) {
      throw AwsFailures.translate(resource, e, false, "");
    }
  }

  private static List<Dimension> dimensions(RunMetrics metrics, MetricValue figure) {
    Map<String, String> all = new LinkedHashMap<>(metrics.dimensions());
    new TreeMap<>(figure.dimensions()).forEach(all::put);
    return all.entrySet().stream()
        .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
        .toList();
  }
}
