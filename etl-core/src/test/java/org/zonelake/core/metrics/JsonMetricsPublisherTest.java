package org.zonelake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.QualityBand;

class JsonMetricsPublisherTest {

  private static final Instant ENDED = Instant.parse("2025-03-01T06:00:30Z");

  @TempDir Path directory;

  @Test
  void writesTheSameFiguresToOneFilePerRunAndSource() throws Exception {
    RunMetrics metrics =
        RunMetrics.ofRecords(
            "raw-to-processed",
            "web_logs",
            "run-7",
            ENDED,
            new BatchCounts(1, 8, 1, 1, 2, 4, Map.of(), 0),
            new QualityScores(
                6.5,
                Map.of(
                    QualityBand.LOW, 1L,
                    QualityBand.MEDIUM, 1L,
                    QualityBand.HIGH, 0L,
                    QualityBand.TOP, 6L)),
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
                + "{\"name\":\"AverageQualityScore\",\"value\":0.8125,\"unit\":\"None\"},"
                + "{\"name\":\"ProcessedRecords\",\"value\":4.0,\"unit\":\"Count\"},"
                + "{\"name\":\"QuarantinedRecords\",\"value\":2.0,\"unit\":\"Count\"},"
                + "{\"name\":\"DuplicateRecords\",\"value\":2.0,\"unit\":\"Count\"},"
                + "{\"name\":\"RunDurationSeconds\",\"value\":3.0,\"unit\":\"Seconds\"},"
                + band("0.0-0.5", 1)
                + ","
                + band("0.5-0.8", 1)
                + ","
                + band("0.8-0.95", 0)
                + ","
                + band("0.95-1.0", 6)
                + "]}");
  }

  @Test
  void aRunThatReadNothingHasNoRates() {
    RunMetrics metrics =
        RunMetrics.ofRecords(
            "raw-to-processed",
            "orders",
            "run-8",
            ENDED,
            BatchCounts.empty(),
            QualityScores.NONE,
            0.5);

    assertThat(metrics.figures().subList(0, 4))
        .containsExactly(
            new MetricValue("ProcessedRecords", 0, "Count"),
            new MetricValue("QuarantinedRecords", 0, "Count"),
            new MetricValue("DuplicateRecords", 0, "Count"),
            new MetricValue("RunDurationSeconds", 0.5, "Seconds"));
    assertThat(metrics.figures().subList(4, 8))
        .extracting(MetricValue::name, MetricValue::value)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("QualityDistribution", 0.0));
  }

  @Test
  void curatedFiguresNameTheirSourceOrTable() throws Exception {
    JsonMetricsPublisher publisher = new JsonMetricsPublisher(directory);

    publisher.publish(
        RunMetrics.ofCurated("processed-to-curated", "orders", "run-9", ENDED, 3, 1.25));
    publisher.publish(
        RunMetrics.ofCuratedTable("processed-to-curated", "daily_summary", "run-9", ENDED, 7));

    assertThat(Files.readString(publisher.file("orders", "run-9")).replaceAll("\\s+", ""))
        .isEqualTo(
            "{\"namespace\":\"DataLake/Quality\",\"job\":\"processed-to-curated\","
                + "\"runId\":\"run-9\",\"timestamp\":\"2025-03-01T06:00:30Z\","
                + "\"dimensions\":{\"Source\":\"orders\"},\"metrics\":["
                + "{\"name\":\"DaysRecomputed\",\"value\":3.0,\"unit\":\"Count\"},"
                + "{\"name\":\"CuratedRunDurationSeconds\",\"value\":1.25,\"unit\":\"Seconds\"}]}");
    assertThat(publisher.tableFile("daily_summary", "run-9"))
        .isEqualTo(directory.resolve("_tables/daily_summary/run-9.json"));
    assertThat(
            Files.readString(publisher.tableFile("daily_summary", "run-9")).replaceAll("\\s+", ""))
        .isEqualTo(
            "{\"namespace\":\"DataLake/Quality\",\"job\":\"processed-to-curated\","
                + "\"runId\":\"run-9\",\"timestamp\":\"2025-03-01T06:00:30Z\","
                + "\"dimensions\":{\"Table\":\"daily_summary\"},\"metrics\":["
                + "{\"name\":\"CuratedRowsWritten\",\"value\":7.0,\"unit\":\"Count\"}]}");
  }

  @Test
  void scoresAddUpPerBandAndRefuseAMissingBand() {
    QualityScores one =
        new QualityScores(
            2.5,
            Map.of(
                QualityBand.LOW,
                1L,
                QualityBand.MEDIUM,
                0L,
                QualityBand.HIGH,
                0L,
                QualityBand.TOP,
                2L));

    QualityScores two = one.plus(one);

    assertThat(two.sum()).isEqualTo(5.0);
    assertThat(two.bands())
        .containsExactly(
            Map.entry(QualityBand.LOW, 2L),
            Map.entry(QualityBand.MEDIUM, 0L),
            Map.entry(QualityBand.HIGH, 0L),
            Map.entry(QualityBand.TOP, 4L));
    assertThat(two.average(6).getAsDouble()).isEqualTo(5.0 / 6);
    assertThat(QualityScores.NONE.average(0)).isEmpty();
    assertThatThrownBy(() -> new QualityScores(1, Map.of(QualityBand.TOP, 1L)))
        .hasMessage("bands [TOP] are not every band");
  }

  private static String band(String band, long records) {
    return "{\"name\":\"QualityDistribution\",\"value\":"
        + (double) records
        + ",\"unit\":\"Count\",\"dimensions\":{\"Band\":\""
        + band
        + "\"}}";
  }
}
