package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.jobs.SampleLake;

/**
 * Quality gates through {@code lake run}: a tripped fail rule commits nothing and the fixed file is
 * processed by the next run; a run with a tenth of the usual rows is flagged by a dynamic rule and
 * shows in the quality report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QualityGateTest {

  private static final String CONTRACT =
      """
      {"source": "meter", "format": {"type": "json_lines"},
       "schema": "id STRING, amount DOUBLE, ts TIMESTAMP",
       "event_time": {"column": "ts"},
       "required": ["id"],
       "measures": ["amount"],
       "rulesets": ["meter.warn.dqdl", "meter.fail.dqdl"]}
      """;

  private static final String WARN =
      """
      # Anomaly: fewer than half the rows of the last three committed batches.
      Rules = [
        RowCount > avg(last(3)) * 0.5,
        DetectAnomalies "RowCount"
      ]
      """;

  private static final String FAIL =
      """
      Rules = [
        ColumnValues "amount" <= 1000
      ]
      """;

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private String processed;
  private final List<CliRun> runs = new ArrayList<>();
  private final List<Long> versions = new ArrayList<>();
  private final List<Long> rows = new ArrayList<>();

  private void file(String name, int count, double amount) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"id\": \"%s-%d\", \"amount\": %s, \"ts\": \"2026-11-01T10:%02d:00Z\"}%n",
              name,
              i,
              i == count - 1 ? amount : 10.0 + i,
              i));
    }
    SampleLake.landText(raw, "meter", LocalDate.of(2026, 11, 1), name + ".jsonl", lines.toString());
  }

  private void run() {
    CliRun result =
        CliRun.of(
            "run",
            "--raw",
            raw.toString(),
            "--lake",
            lake.toString(),
            "--contracts",
            temp.resolve("contracts").toString());
    runs.add(result);
    versions.add(DeltaTables.latestVersion(spark, processed));
    rows.add(spark.read().format("delta").load(processed).count());
  }

  @BeforeAll
  void runFiveTimes() throws IOException {
    raw = temp.resolve("raw");
    lake = temp.resolve("lake");
    processed = lake.resolve("processed/meter").toString();
    Path contracts = Files.createDirectories(temp.resolve("contracts"));
    Files.writeString(contracts.resolve("meter.json"), CONTRACT);
    Files.writeString(contracts.resolve("meter.warn.dqdl"), WARN);
    Files.writeString(contracts.resolve("meter.fail.dqdl"), FAIL);

    file("a", 10, 19.0); // run 0: 10 rows
    run();
    file("b", 10, 5000.0); // run 1: one amount above 1000 trips the fail rule
    run();
    file("b", 10, 500.0); // run 2: the same file, fixed
    run();
    file("c", 10, 19.0); // run 3: 10 rows
    run();
    file("d", 1, 19.0); // run 4: a tenth of the usual rows
    run();
    // Run 5, after edits of the rulesets: the fail rule moves down a line, a warn rule goes.
    Files.writeString(contracts.resolve("meter.fail.dqdl"), "# Meters read at most 1000.\n" + FAIL);
    Files.writeString(
        contracts.resolve("meter.warn.dqdl"),
        WARN.replace(",\n  DetectAnomalies \"RowCount\"", ""));
    file("e", 10, 19.0);
    run();
  }

  @Test
  void trippedFailRuleCommitsNothingAndNamesRuleObservedValueAndThreshold() {
    CliRun failed = runs.get(1);

    assertThat(runs.get(0).status()).as(runs.get(0).err()).isZero();
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out() + failed.err())
        .contains(
            "Source 'meter': 1 quality rule(s) with action fail did not pass: rule 'ColumnValues"
                + " \"amount\" <= 1000' (meter.fail.dqdl line 2, fail) did not pass: observed 0.9"
                + " (1 of 10 rows fail), threshold every row. The batch read 10 record(s), 0 of"
                + " them to quarantine. Nothing of it was committed; its raw files: file:"
                + raw.resolve("meter")
                + "/");
    // No curated run: the one source failed.
    assertThat(failed.out())
        .contains(
            "\nNo curated run: every source with a processed table failed raw->processed; the next"
                + " run that succeeds brings the curated tables up to date.\n");
    // Its row in the summary counts what the run committed: nothing.
    assertThat(failed.out())
        .contains(
            "\nmeter              FAILED         0       0         0       0           0          0"
                + "       0  committed batches only (reason below)\n");
    assertThat(versions.get(1)).isEqualTo(versions.get(0));
    assertThat(rows.subList(0, 2)).containsExactly(10L, 10L);
  }

  @Test
  void fixedFileIsProcessedByTheNextRun() {
    assertThat(runs.get(2).status()).as(runs.get(2).err()).isZero();
    assertThat(rows.get(2)).isEqualTo(20L);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(processed)
                .where("id = 'b-9'")
                .selectExpr("amount")
                .as(org.apache.spark.sql.Encoders.DOUBLE())
                .collectAsList())
        .containsExactly(500.0);
  }

  @Test
  void runWithATenthOfTheRowsIsFlaggedAndTheReportShowsIt() throws IOException {
    // History: the committed batches of runs 0, 2 and 3 (10 rows each); run 1 committed nothing.
    String flagged =
        "rule 'RowCount > avg(last(3)) * 0.5' (meter.warn.dqdl line 3, warn) did not pass:"
            + " observed 1, threshold > avg(last(3)) * 0.5 (= 5 from 3 run(s))";
    assertThat(runs.get(4).status()).as(runs.get(4).err()).isZero();
    assertThat(runs.get(4).out() + runs.get(4).err()).contains("meter: warning: " + flagged);
    // DetectAnomalies reads the same history: three batches of exactly 10 rows make 1 anomalous.
    assertThat(runs.get(4).out() + runs.get(4).err())
        .contains(
            "meter: warning: rule 'DetectAnomalies \"RowCount\"' (meter.warn.dqdl line 4, warn)"
                + " did not pass: observed 1, threshold not anomalous (within 3 standard"
                + " deviations of the mean: ");
    assertThat(runs.get(3).out() + runs.get(3).err()).doesNotContain("warning: rule");
    assertThat(rows.get(4)).isEqualTo(31L);
    assertThat(runs.get(5).status()).as(runs.get(5).err()).isZero();
    assertThat(rows.get(5)).isEqualTo(41L);

    // A source without rules, its processed table of three rows: in the report all the same.
    spark
        .range(3)
        .selectExpr("1.0D AS _quality_score")
        .write()
        .format("delta")
        .save(lake.resolve("processed/plain").toString());

    CliRun report =
        CliRun.succeeded(
            "quality",
            "--lake",
            lake.toString(),
            "--contracts",
            temp.resolve("contracts").toString());
    Path html = lake.resolve("quality-report.html");
    assertThat(report.out()).isEqualTo("Quality report: " + html + "\n");
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page)
        .contains(
            ". Sources: meter, plain. Rules and replay previews are those of the contracts in"
                + " <code>"
                + temp.resolve("contracts")
                + "</code>.</p>")
        .contains(
            "<tr data-summary=\"plain\"><td>plain</td><td>no rules</td><td class=\"n\""
                + " data-rows>-</td><td class=\"n\" data-rules-failed>-</td><td class=\"n\""
                + " data-anomalies>-</td><td class=\"n\" data-processed>3</td><td class=\"n\""
                + " data-open>0</td>")
        .contains("<p>No quality rule evaluated: the source has no ruleset.</p>");
    assertThat(page)
        .contains(
            "<tr class=\"flag\" data-anomaly=\"RowCount &gt; avg(last(3)) * 0.5\"><td>"
                + runId(runs.get(4))
                + "</td><td><code>RowCount &gt; avg(last(3)) * 0.5</code></td><td>warn</td><td"
                + " class=\"n\">1</td><td>&gt; avg(last(3)) * 0.5 (= 5 from 3 run(s))</td></tr>");
    // The fail rule, at line 2 for five runs and at line 3 for the last: one row, at its line now.
    // 5 of 6 evaluated batches passed; 51 rows evaluated, 1 failed: 50 / 51.
    assertThat(page)
        .contains(
            "<tr data-rule=\"ColumnValues &quot;amount&quot; &lt;= 1000\"><td><code>ColumnValues"
                + " &quot;amount&quot; &lt;= 1000</code></td><td>fail</td><td>meter.fail.dqdl line"
                + " 3</td><td class=\"n ok\" data-pass-rate>98.0% of rows</td><td class=\"n\">5 /"
                + " 6</td>");
    // The warn rule removed before the last run: its row says so, at the line it had.
    assertThat(page)
        .contains(
            "<tr data-rule=\"DetectAnomalies &quot;RowCount&quot;\"><td><code>DetectAnomalies"
                + " &quot;RowCount&quot;</code></td><td>warn</td><td>meter.warn.dqdl line 4 <span"
                + " class=\"warn\" data-removed>(not in the file now)</span></td><td class=\"n"
                + " warn\" data-pass-rate>80.0% of batches</td><td class=\"n\">4 / 5</td>");
    assertThat(page.split("<tr data-rule=", -1)).hasSize(1 + 3);
  }

  private static String runId(CliRun run) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Run (\\S+)").matcher(run.out() + run.err());
    assertThat(m.find()).as(run.out()).isTrue();
    return m.group(1);
  }
}
