package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;

/**
 * A run that stops between two of a batch's commits, then the next run: it retries the same
 * manifest, commits only what is missing and reports the counts of a run that never stopped.
 */
class RetriedBatchTest {

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"quarantine-committed", "quality-recorded", "processed-committed"})
  void aRetriedBatchCommitsNothingTwice(String step) throws Exception {
    retryAfterAStopAt(step, TableFormat.DELTA);
  }

  /**
   * The same with Parquet tables, and a stop after the processed rows were written (staged, not yet
   * published): a reader sees none of them, and the retry does not take them for duplicates.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "processed-written",
        "quarantine-committed",
        "quality-recorded",
        "processed-committed"
      })
  void aRetriedParquetBatchCommitsNothingTwice(String step) throws Exception {
    retryAfterAStopAt(step, TableFormat.PARQUET);
  }

  private void retryAfterAStopAt(String step, TableFormat format) throws Exception {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    SourceOutcome failed =
        stoppedAt(step, SampleLake.config(raw, lake, format, "run-1", List.of("orders")));
    assertThat(failed.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(failed.message().orElseThrow()).contains("stopped at " + step);

    List<SourceOutcome> retried =
        SampleLake.run(spark, SampleLake.config(raw, lake, format, "run-2", List.of("orders")));

    BatchCounts counts = retried.get(0).counts();
    assertThat(retried.get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    if (step.equals("processed-committed")) {
      // Everything was committed: the retry only records that, and reads nothing.
      assertThat(counts).isEqualTo(BatchCounts.empty());
    } else {
      assertThat(List.of(counts.files(), counts.linesRead(), counts.written(), counts.duplicates()))
          .containsExactly(3L, 20L, 10L, 3L);
      assertThat(counts.quarantined()).isEqualTo(7);
    }
    String processed = format.name() + ".`" + lake.resolve("processed/orders") + "`";
    String quarantine = format.name() + ".`" + lake.resolve("quarantine/orders") + "`";
    String stats = format.name() + ".`" + lake.resolve("processed/_stats/orders") + "`";
    String results = format.name() + ".`" + lake.resolve("processed/_quality/rule_results") + "`";
    String metrics = format.name() + ".`" + lake.resolve("processed/_quality/metrics") + "`";
    assertThat(count("SELECT count(*) FROM " + processed)).isEqualTo(10);
    assertThat(count("SELECT count(DISTINCT _record_hash) FROM " + processed)).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM " + quarantine)).isEqualTo(7);
    assertThat(count("SELECT sum(valid_rows) FROM " + stats)).isEqualTo(13);
    // One result per rule of the committed batch, and one value per metric.
    assertThat(count("SELECT count(*) FROM " + results + " WHERE committed")).isEqualTo(12);
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT metric FROM "
                    + metrics
                    + " WHERE committed GROUP BY metric HAVING count(*) > 1)"))
        .isZero();

    List<SourceOutcome> third =
        SampleLake.run(spark, SampleLake.config(raw, lake, format, "run-3", List.of("orders")));
    assertThat(third.get(0).counts()).isEqualTo(BatchCounts.empty());
    assertThat(count("SELECT count(*) FROM " + processed)).isEqualTo(10);
  }

  /**
   * A Parquet batch that wrote no processed row (its one file cannot be read: it went to file
   * quarantine) commits no processed file, only its marker: stopped right after that commit, the
   * retry still finds the batch committed and reads nothing.
   */
  @Test
  void aParquetBatchWithoutValidRowsIsFoundCommitted() throws Exception {
    Path raw = temp.resolve("raw");
    SampleLake.landText(
        raw, "orders", LocalDate.of(2026, 11, 20), "orders-0001.jsonl.gz", "not gzip");
    Path lake = temp.resolve("lake");
    SourceOutcome failed =
        stoppedAt(
            "processed-committed",
            SampleLake.config(raw, lake, TableFormat.PARQUET, "run-1", List.of("orders")));
    assertThat(failed.message().orElseThrow()).contains("stopped at processed-committed");

    List<SourceOutcome> retried =
        SampleLake.run(
            spark, SampleLake.config(raw, lake, TableFormat.PARQUET, "run-2", List.of("orders")));

    assertThat(retried.get(0).status())
        .as(retried.get(0).message().orElse(""))
        .isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(retried.get(0).counts()).isEqualTo(BatchCounts.empty());
    assertThat(
            count(
                "SELECT count(*) FROM parquet.`" + lake.resolve("quarantine/_files/orders") + "`"))
        .isEqualTo(1);
  }

  /** Runs orders as {@code config} says, stopping it when it reaches {@code step}. */
  private SourceOutcome stoppedAt(String step, RawToProcessedConfig config) throws Exception {
    try (AutoCloseable crash = StepHooks.failAt(step, "orders", "stopped at " + step)) {
      return SampleLake.run(spark, config).get(0);
    }
  }
}
