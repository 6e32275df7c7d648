package org.zonelake.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;

/**
 * A measure value {@code daily_summary} cannot hold (DECIMAL(38,6): a double's NaN or infinity,
 * 10^32 or more) is left out of the day's measures, its row still counted, and the curated run says
 * so per source and measure; a day whose sum of a measure DECIMAL(38,6) cannot hold has no sum or
 * average of it, and the run says on how many days. A change of the measures recomputes every day.
 */
class LeftOutMeasuresTest {

  private static final String CONTRACT =
      """
      {"source": "gauge", "format": {"type": "json_lines"},
       "schema": "id STRING, level DOUBLE, pressure DOUBLE, ts TIMESTAMP",
       "event_time": {"column": "ts"},
       "required": ["id"],
       "measures": ["level", "pressure"]}
      """;

  /** The curated run's warning of the two level values left out. */
  private static final String LEVEL_LEFT_OUT =
      "gauge: warning: 2 value(s) of measure 'level' left out of daily_summary's measures (NaN,"
          + " infinite, or 10^32 or more: DECIMAL(38,6) cannot hold them); the rows are counted in"
          + " records";

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  @Test
  void theCuratedRunWarnsOfTheValuesItLeftOutPerMeasureAndCountsTheirRows() throws Exception {
    Path contracts = Files.createDirectories(temp.resolve("contracts"));
    Files.writeString(contracts.resolve("gauge.json"), CONTRACT, UTF_8);
    SampleLake.landText(
        temp.resolve("raw"),
        "gauge",
        LocalDate.of(2026, 11, 20),
        "gauge-1.jsonl",
        """
        {"id": "g-1", "level": 2.5, "pressure": 1.0, "ts": "2026-11-20T10:00:00Z"}
        {"id": "g-2", "level": 1e300, "pressure": 2.0, "ts": "2026-11-20T10:05:00Z"}
        {"id": "g-3", "level": -1e32, "pressure": 3.0, "ts": "2026-11-20T11:00:00Z"}
        {"id": "g-4", "level": 4.0, "pressure": 4.0, "ts": "2026-11-20T11:30:00Z"}
        {"id": "g-5", "level": 1.0, "pressure": 6e31, "ts": "2026-11-21T10:00:00Z"}
        {"id": "g-6", "level": 1.0, "pressure": 6e31, "ts": "2026-11-21T12:00:00Z"}
        """);
    Path lake = temp.resolve("lake");
    List<SourceOutcome> processed =
        SampleLake.run(spark, SampleLake.config(temp.resolve("raw"), lake, contracts, "run-1", 10));
    assertThat(processed.get(0).counts().written()).isEqualTo(6);

    String out = curate(lake, contracts, "curate-1");

    assertThat(out.lines().filter(l -> l.contains("warning")))
        .containsExactly(
            LEVEL_LEFT_OUT,
            "gauge: warning: the sum of measure 'pressure' is 10^32 or more on 1 day(s), which"
                + " DECIMAL(38,6) cannot hold: daily_summary's sum and avg of it are null there"
                + " (its min and max are kept)");
    assertThat(
            dailySummary(
                lake,
                "concat_ws(' ', records, measures['level'].sum, measures['level'].max,"
                    + " nvl(string(measures['pressure'].sum), 'null'),"
                    + " nvl(string(measures['pressure'].avg), 'null'),"
                    + " measures['pressure'].max)"))
        .containsExactly(
            "4 6.500000 4.000000 10.000000 2.500000 4.000000",
            "2 2.000000 1.000000 null null 60000000000000000000000000000000.000000");

    // The contract's measures change: every day is computed again with them, those whose inputs
    // did not change too; then nothing is left to do.
    Files.writeString(
        contracts.resolve("gauge.json"),
        CONTRACT.replace("\"measures\": [\"level\", \"pressure\"]", "\"measures\": [\"level\"]"),
        UTF_8);
    assertThat(curate(lake, contracts, "curate-2").lines().filter(l -> l.startsWith("gauge:")))
        .containsExactly(
            "gauge: curated fully recomputed for 2 day(s) (its measures changed)", LEVEL_LEFT_OUT);
    assertThat(dailySummary(lake, "concat_ws(' ', date, to_json(map_keys(measures)))"))
        .containsExactly("2026-11-20 [\"level\"]", "2026-11-21 [\"level\"]");
    assertThat(curate(lake, contracts, "curate-3").lines().filter(l -> l.startsWith("gauge:")))
        .containsExactly("gauge: curated tables up to date");
  }

  /** The rows of {@code lake}'s daily summary by date, as {@code expression} writes them. */
  private List<String> dailySummary(Path lake, String expression) {
    return spark
        .read()
        .format("delta")
        .load(lake.resolve("curated/daily_summary").toString())
        .orderBy("date")
        .selectExpr(expression)
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  /** Runs processed to curated on {@code lake} with {@code contracts}; returns what it printed. */
  private String curate(Path lake, Path contracts, String runId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ProcessedToCuratedPlan(
            spark,
            SampleLake.curatedConfig(lake, runId, Optional.of(contracts), List.of()),
            new PrintStream(out, true, UTF_8))
        .run();
    return out.toString(UTF_8);
  }
}
