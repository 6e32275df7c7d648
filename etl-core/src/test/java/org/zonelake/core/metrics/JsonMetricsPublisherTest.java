package org.zonelake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.BatchCounts;

class JsonMetricsPublisherTest {

  @TempDir Path directory;

  @Test
  void writesTheSameFiguresToOneFilePerRunAndSource() throws Exception {
    RunMetrics metrics =
        new RunMetrics(
            "raw-to-processed",
            "web_logs",
            "run-7",
            Instant.parse("2025-03-01T06:00:30Z"),
            new BatchCounts(1, 8, 1, 1, 2, 4, Map.of()),
            OptionalDouble.empty(),
            3.0);
    JsonMetricsPublisher publisher = new JsonMetricsPublisher(directory);

    publisher.publish(metrics);

    Path file = directory.resolve("web_logs").resolve("run-7.json");
    assertThat(publisher.file("web_logs", "run-7")).isEqualTo(file);
    assertThat(Files.readString(file).replaceAll("\\s+", ""))
        .isEqualTo(
            "{\"namespace\":\"DataLake/Quality\",\"job\":\"raw-to-processed\",\"runId\":\"run-7\","
                + "\"timestamp\":\"2025-03-01T06:00:30Z\",\"dimensions\":{\"Source\":\"web_logs\"},"
                + "\"metrics\":["
                + "{\"name\":\"ValidationSuccessRate\",\"value\":0.75,\"unit\":\"None\"},"
                + "{\"name\":\"ProcessedRecords\",\"value\":4.0,\"unit\":\"Count\"},"
                + "{\"name\":\"QuarantinedRecords\",\"value\":2.0,\"unit\":\"Count\"},"
                + "{\"name\":\"DuplicateRecords\",\"value\":2.0,\"unit\":\"Count\"},"
                + "{\"name\":\"RunDurationSeconds\",\"value\":3.0,\"unit\":\"Seconds\"}]}");
  }

  @Test
  void aRunThatReadNothingHasNoRates() {
    RunMetrics metrics =
        new RunMetrics(
            "raw-to-processed",
            "orders",
            "run-8",
            Instant.parse("2025-03-01T06:00:30Z"),
            BatchCounts.empty(),
            OptionalDouble.of(1.0),
            0.5);

    assertThat(metrics.figures())
        .containsExactly(
            new MetricValue("ProcessedRecords", 0, "Count"),
            new MetricValue("QuarantinedRecords", 0, "Count"),
            new MetricValue("DuplicateRecords", 0, "Count"),
            new MetricValue("RunDurationSeconds", 0.5, "Seconds"));
  }
}
