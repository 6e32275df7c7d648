package org.zonelake.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.testing.LocalAwsEndpoint;
import org.zonelake.aws.testing.LocalAwsEndpoint.Response;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.metrics.RunMetrics;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.QualityBand;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class CloudWatchMetricsPublisherTest {

  private static final String OK =
      "<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
          + "<ResponseMetadata><RequestId>local-request</RequestId></ResponseMetadata>"
          + "</PutMetricDataResponse>";

  private static final RunMetrics METRICS =
      RunMetrics.ofRecords(
          "raw-to-processed",
          "orders",
          "run-1",
          Instant.parse("2025-03-01T06:00:30Z"),
          new BatchCounts(2, 200, 6, 4, 10, 180, Map.of(), 0),
          new QualityScores(
              190,
              Map.of(
                  QualityBand.LOW, 6L,
                  QualityBand.MEDIUM, 4L,
                  QualityBand.HIGH, 0L,
                  QualityBand.TOP, 190L)),
          42.5);

  @Test
  void publishesEveryFigureWithItsUnitAndDimensions() throws Exception {
    try (LocalAwsEndpoint cloudWatch = new LocalAwsEndpoint(request -> new Response(200, OK));
        CloudWatchClient client = AwsClients.cloudWatch(AwsSettings.local(cloudWatch.endpoint()))) {
      new CloudWatchMetricsPublisher(client).publish(METRICS);

      assertThat(cloudWatch.requests()).hasSize(1);
      LocalAwsEndpoint.Request request = cloudWatch.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("Action", "PutMetricData");
      expected.put("Version", "2010-08-01");
      expected.put("Namespace", "DataLake/Quality");
      List<String[]> figures =
          List.of(
              new String[] {"ValidationSuccessRate", "0.95", "None"},
              new String[] {"AverageQualityScore", "0.95", "None"},
              new String[] {"ProcessedRecords", "180.0", "Count"},
              new String[] {"QuarantinedRecords", "10.0", "Count"},
              new String[] {"DuplicateRecords", "10.0", "Count"},
              new String[] {"RunDurationSeconds", "42.5", "Seconds"},
              new String[] {"QualityDistribution", "6.0", "Count", "0.0-0.5"},
              new String[] {"QualityDistribution", "4.0", "Count", "0.5-0.8"},
              new String[] {"QualityDistribution", "0.0", "Count", "0.8-0.95"},
              new String[] {"QualityDistribution", "190.0", "Count", "0.95-1.0"});
      for (int i = 0; i < figures.size(); i++) {
        String member = "MetricData.member." + (i + 1) + ".";
        expected.put(member + "MetricName", figures.get(i)[0]);
        expected.put(member + "Dimensions.member.1.Name", "Source");
        expected.put(member + "Dimensions.member.1.Value", "orders");
        if (figures.get(i).length == 4) {
          expected.put(member + "Dimensions.member.2.Name", "Band");
          expected.put(member + "Dimensions.member.2.Value", figures.get(i)[3]);
        }
        expected.put(member + "Timestamp", "2025-03-01T06:00:30Z");
        expected.put(member + "Value", figures.get(i)[1]);
        expected.put(member + "Unit", figures.get(i)[2]);
      }
      assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Test
  void anotherNamespaceIsUsedWhenConfigured() throws Exception {
    try (LocalAwsEndpoint cloudWatch = new LocalAwsEndpoint(request -> new Response(200, OK));
        CloudWatchClient client = AwsClients.cloudWatch(AwsSettings.local(cloudWatch.endpoint()))) {
      new CloudWatchMetricsPublisher(client, "Test/Lake").publish(METRICS);

      assertThat(cloudWatch.requests().get(0).form()).containsEntry("Namespace", "Test/Lake");
    }
  }

  @Test
  void throttlingAfterTheRetriesNamesTheNamespace() throws Exception {
    String throttled =
        "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
            + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
            + "</Error><RequestId>local-request</RequestId></ErrorResponse>";
    try (LocalAwsEndpoint cloudWatch =
            new LocalAwsEndpoint(request -> new Response(400, throttled));
        CloudWatchClient client =
            AwsClients.cloudWatch(AwsSettings.local(cloudWatch.endpoint()).withMaxAttempts(2))) {
      CloudWatchMetricsPublisher publisher = new CloudWatchMetricsPublisher(client);

      assertThatThrownBy(() -> publisher.publish(METRICS))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "CloudWatch namespace 'DataLake/Quality' at "
                  + cloudWatch.endpoint()
                  + " is throttling requests: still throttled after 2 attempts. Fix: run again"
                  + " later, or raise the resource's quota or capacity.");
      assertThat(cloudWatch.requests()).hasSize(2);
    }
  }
}
