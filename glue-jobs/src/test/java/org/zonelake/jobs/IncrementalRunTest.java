package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;

/** Runs after new raw files land, in both table formats, and runs that fail. */
class IncrementalRunTest {

  private static final String NEW_ORDER =
      "{\"order_id\":\"o-2001\",\"customer_id\":\"c-009\",\"product\":\"Kettle\",\"category\":\"kitchen\","
          + "\"price\":45.00,\"quantity\":1,\"country\":\"NL\",\"order_ts\":\"2026-11-23T08:00:00Z\"}";
  private static final String REPEATED_ORDER =
      "{\"order_id\":\"o-1001\",\"customer_id\":\"c-001\",\"product\":\"Espresso"
          + " machine\",\"category\":\"kitchen\","
          + "\"price\":249.99,\"quantity\":1,\"country\":\"DE\",\"order_ts\":\"2026-11-20T08:15:00Z\"}";

  private static final List<String> ORDERS = List.of("orders");
  private static final List<String> CSV_AND_ORDERS = List.of("customers", "orders");
  private static final String ANA =
      "c-010,Ana Lima,ana@example.br,BR,Recife,Rua 1,2026-11-22T10:00:00Z";

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private static SourceOutcome outcome(List<SourceOutcome> outcomes, String source) {
    return outcomes.stream().filter(o -> o.source().equals(source)).findFirst().orElseThrow();
  }

  private long rows(Path table, TableFormat format) {
    return format == TableFormat.DELTA
        ? spark.read().format("delta").load(table.toString()).count()
        : spark.read().parquet(table.toString()).count();
  }

  /** Lands an orders file of {@code lines} on 23 November, then runs raw to processed on orders. */
  private List<SourceOutcome> landOrdersAndRun(
      Path raw, Path lake, TableFormat format, String runId, String file, String... lines)
      throws IOException {
    SampleLake.land(raw, "orders", LocalDate.of(2026, 11, 23), file, lines);
    return SampleLake.run(spark, SampleLake.config(raw, lake, format, runId, ORDERS));
  }

  private void newFilesAreTheOnlyOnesRead(TableFormat format) throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, format, "run-1", ORDERS));
    Path orders = lake.resolve("processed/orders");
    long before = rows(orders, format);

    List<SourceOutcome> second =
        landOrdersAndRun(
            raw, lake, format, "run-2", "orders-0004.jsonl", NEW_ORDER, REPEATED_ORDER);

    assertThat(outcome(second, "orders").counts())
        .isEqualTo(new BatchCounts(1, 2, 0, 0, 1, 1, java.util.Map.of(), 0));
    assertThat(second).extracting(SourceOutcome::source).containsExactly("orders");
    assertThat(rows(orders, format)).isEqualTo(before + 1);

    List<SourceOutcome> third =
        landOrdersAndRun(
            raw, lake, format, "run-3", "orders-0005.jsonl", REPEATED_ORDER, NEW_ORDER);

    assertThat(outcome(third, "orders").counts())
        .isEqualTo(new BatchCounts(1, 2, 0, 0, 2, 0, java.util.Map.of(), 0));
    assertThat(rows(orders, format)).isEqualTo(before + 1);
  }

  /**
   * A raw file that changes after a batch took it (a producer still writing it, or writing it
   * again) is not read again: every run says so while the file is in the late-file window.
   */
  @Test
  void aRawFileThatChangedAfterABatchTookItIsReportedNotSilentlyIgnored() throws IOException {
    Path raw = temp.resolve("raw");
    Path lake = temp.resolve("lake");
    landOrdersAndRun(raw, lake, TableFormat.DELTA, "run-1", "orders-0004.jsonl", NEW_ORDER);
    Path file = raw.resolve("orders/year=2026/month=11/day=23/orders-0004.jsonl");
    long before = Files.size(file);
    SampleLake.writeLines(file, NEW_ORDER, REPEATED_ORDER);

    List<String> warnings = new java.util.ArrayList<>();
    List<SourceOutcome> second =
        new RawToProcessedPlan(
                spark,
                SampleLake.config(raw, lake, TableFormat.DELTA, "run-2", ORDERS),
                SampleLake.warningsInto(warnings))
            .run();

    assertThat(outcome(second, "orders").counts()).isEqualTo(BatchCounts.empty());
    assertThat(warnings)
        .containsExactly(
            "orders: raw file file:"
                + file
                + " changed after a batch took it ("
                + before
                + " bytes then, "
                + Files.size(file)
                + " bytes now): what it holds now is not read. Fix: land new content as a new"
                + " file; a producer that writes a file in place should write it as _<name>"
                + " (hidden) and rename it when done");
  }

  /** A file at the raw root is read by no source: the run says so, and where it belongs. */
  @Test
  void aFileAtTheRawRootIsReportedNotSilentlyIgnored() throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    SampleLake.writeLines(raw.resolve("orders-0009.jsonl"), NEW_ORDER);

    SourceOutcome stray =
        outcome(
            SampleLake.run(
                spark,
                SampleLake.config(raw, temp.resolve("lake"), TableFormat.DELTA, "run-1", ORDERS)),
            "orders-0009.jsonl");

    assertThat(stray.status()).isEqualTo(SourceOutcome.Status.SKIPPED);
    assertThat(stray.message())
        .contains(
            "a file at the raw root ("
                + raw.resolve("orders-0009.jsonl")
                + "), in no source's directory, is not read; move it to "
                + raw.resolve("<source>")
                + "/year=YYYY/month=MM/day=DD/");
  }

  /** A raw directory whose name cannot be a source's is skipped with a name it could have. */
  @Test
  void aRawDirectoryThatCannotBeASourceNameIsSkippedWithANameItCouldHave() throws IOException {
    Path raw = temp.resolve("raw");
    SampleLake.writeLines(raw.resolve("Pay-Ments/year=2026/month=11/day=22/p.csv"), "id", "p-1");
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));

    List<SourceOutcome> outcomes =
        SampleLake.run(spark, SampleLake.config(raw, temp.resolve("lake"), contracts, "run-1", 10));

    assertThat(outcome(outcomes, "Pay-Ments").message())
        .contains(
            "no contract for raw directory "
                + raw.resolve("Pay-Ments")
                + "; 'Pay-Ments' cannot be a source's name (lower-case letters, digits and '_'):"
                + " rename the directory, e.g. to 'pay_ments', and add that name's contract. Its"
                + " files stay in raw for a later run");
  }

  @Test
  void deltaRunReadsOnlyNewFilesAndRepeatedRecordsAddNothing() throws IOException {
    newFilesAreTheOnlyOnesRead(TableFormat.DELTA);
  }

  @Test
  void parquetRunReadsOnlyNewFilesAndRepeatedRecordsAddNothing() throws IOException {
    newFilesAreTheOnlyOnesRead(TableFormat.PARQUET);
  }

  /**
   * A run in the other format than the lake's is refused before it writes: first for the quality
   * tables every source shares, then (were those gone) for each source's tables. Parquet files in a
   * Delta table would be in no commit of its log; a Delta log in a Parquet table would hide its
   * files.
   */
  private void aRunInTheOtherFormatIsRefused(TableFormat lakeFormat, TableFormat other, String why)
      throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, lakeFormat, "run-1", ORDERS));
    Path orders = lake.resolve("processed/orders");
    long before = rows(orders, lakeFormat);
    String refused =
        " is a "
            + lakeFormat.name()
            + " table, and this run writes "
            + other.name()
            + ": "
            + why
            + ". Fix: run with the lake's format, --format "
            + lakeFormat.name()
            + ", or write the "
            + other.name()
            + " tables to another lake directory.";

    assertThatThrownBy(
            () -> landOrdersAndRun(raw, lake, other, "run-2", "orders-0004.jsonl", NEW_ORDER))
        .isInstanceOf(LakeException.class)
        .hasMessage("Table " + lake.resolve("processed/_quality/rule_results") + refused);

    org.apache.spark.util.Utils.deleteRecursively(lake.resolve("processed/_quality").toFile());
    SourceOutcome outcome =
        outcome(
            SampleLake.run(spark, SampleLake.config(raw, lake, other, "run-3", ORDERS)), "orders");
    assertThat(outcome.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(outcome.message()).contains("Table " + orders + refused);
    assertThat(rows(orders, lakeFormat)).isEqualTo(before);
    assertThat(TableFormat.found(spark, orders.toString())).contains(lakeFormat);
    assertThat(orders.resolve("_delta_log").toFile().exists())
        .isEqualTo(lakeFormat == TableFormat.DELTA);
  }

  @Test
  void aParquetRunOnADeltaLakeIsRefusedBeforeItWrites() throws IOException {
    aRunInTheOtherFormatIsRefused(
        TableFormat.DELTA,
        TableFormat.PARQUET,
        "Parquet files written into it would be in no commit of its log, and no reader would see"
            + " them");
  }

  @Test
  void aDeltaRunOnAParquetLakeIsRefusedBeforeItWrites() throws IOException {
    aRunInTheOtherFormatIsRefused(
        TableFormat.PARQUET,
        TableFormat.DELTA,
        "a Delta log started in it would hide the Parquet files written before it");
  }

  /**
   * A processed table whose log cannot be read fails its source before anything is written, naming
   * the table; once the log is restored, the next run takes the new file.
   */
  @Test
  void aDamagedTableLogFailsItsSourceNamingTheTable() throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-1", ORDERS));
    Path orders = lake.resolve("processed/orders");
    Path commit = orders.resolve("_delta_log/00000000000000000001.json");
    byte[] intact = Files.readAllBytes(commit);
    // Damaged as a copy or an editor might: its checksum files are left as they were.
    Files.writeString(commit, "{\"commitInfo\": garbage\n");
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    long quarantineCommits = commits(lake.resolve("quarantine/orders"));

    SourceOutcome failed =
        outcome(
            landOrdersAndRun(raw, lake, TableFormat.DELTA, "run-2", "orders-0004.jsonl", NEW_ORDER),
            "orders");

    assertThat(failed.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(failed.message().orElseThrow())
        .startsWith("Table " + orders + " cannot be read: Unrecognized token 'garbage'")
        .endsWith(
            " (reading "
                + commit
                + "). Fix: restore the table (its _delta_log) from a copy; the runs that read it"
                + " fail until it can be read.");
    assertThat(commits(lake.resolve("quarantine/orders"))).isEqualTo(quarantineCommits);

    Files.write(commit, intact);
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    SourceOutcome next =
        outcome(
            SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-3", ORDERS)),
            "orders");
    assertThat(next.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(next.counts().linesRead()).isEqualTo(1);
    assertThat(next.counts().written()).isEqualTo(1);
    assertThat(rows(orders, TableFormat.DELTA)).isEqualTo(11);
  }

  private static long commits(Path table) throws IOException {
    try (java.util.stream.Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      return log.filter(f -> f.toString().endsWith(".json")).count();
    }
  }

  /** Every source of the shipped contracts, from {@code raw} into a Delta lake. */
  private List<SourceOutcome> runOn(Path raw, Path lake) {
    return new RawToProcessedPlan(
            spark,
            SampleLake.config(raw, lake, TableFormat.DELTA, "r"),
            org.zonelake.core.run.RunListener.NONE)
        .run();
  }

  private List<SourceOutcome> runCustomersAndOrders(Path raw, Path lake, String runId) {
    return SampleLake.run(
        spark, SampleLake.config(raw, lake, TableFormat.DELTA, runId, CSV_AND_ORDERS));
  }

  @Test
  void csvFileWithAChangedHeaderGoesToFileQuarantineAndIsReadOnceFixed() throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    Path bad = raw.resolve("customers/year=2026/month=11/day=22/customers-0003.csv");
    SampleLake.writeLines(bad, "customer_id,full_name,email,country,city,address,signup_ts", ANA);

    List<SourceOutcome> first = runCustomersAndOrders(raw, lake, "run-1");

    // The source's other files went ahead; the file waits in file quarantine, saying why.
    SourceOutcome customers = outcome(first, "customers");
    assertThat(customers.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(customers.counts().files()).isEqualTo(2);
    assertThat(customers.counts().filesQuarantined()).isEqualTo(1);
    assertThat(customers.counts().written()).isEqualTo(5);
    assertThat(outcome(first, "orders").status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("quarantine/_files/customers").toString())
                .selectExpr("reverse(split(path, '/'))[0]", "reason", "status", "run_id")
                .collectAsList()
                .stream()
                .map(Row::toString))
        .containsExactly(
            "[customers-0003.csv,its CSV header names column 2 'full_name' where the contract has"
                + " 'name' (header: customer_id, full_name, email, country, city, address,"
                + " signup_ts),quarantined,run-1]");

    SampleLake.writeLines(bad, "customer_id,name,email,country,city,address,signup_ts", ANA);
    List<SourceOutcome> second = runCustomersAndOrders(raw, lake, "run-2");

    assertThat(outcome(second, "customers").status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(outcome(second, "customers").counts().files()).isEqualTo(1);
    assertThat(outcome(second, "customers").counts().filesQuarantined()).isZero();
    assertThat(outcome(second, "customers").counts().written()).isEqualTo(1);
    assertThat(rows(lake.resolve("processed/customers"), TableFormat.DELTA)).isEqualTo(6);
  }

  @Test
  void aBatchOfOnlyQuarantinedFilesCommitsAndItsSourceGoesOn() throws IOException {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    runCustomersAndOrders(raw, lake, "run-1");
    Path bad = raw.resolve("customers/year=2026/month=11/day=23/customers-0009.csv");
    SampleLake.writeLines(bad, "customer_id,full_name,email,country,city,address,signup_ts", ANA);

    // The batch reads no record: customers' fail rule RowCount > 0 has nothing to judge.
    SourceOutcome second = outcome(runCustomersAndOrders(raw, lake, "run-2"), "customers");
    SampleLake.writeLines(bad, "customer_id,name,email,country,city,address,signup_ts", ANA);
    SourceOutcome third = outcome(runCustomersAndOrders(raw, lake, "run-3"), "customers");

    assertThat(second.status())
        .as(second.message().orElse(""))
        .isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(second.counts()).isEqualTo(new BatchCounts(0, 0, 0, 0, 0, 0, Map.of(), 1));
    assertThat(third.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(third.counts()).isEqualTo(new BatchCounts(1, 1, 0, 0, 0, 1, Map.of(), 0));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("processed/_quality/rule_results").toString())
                .where("source = 'customers' AND run_id = 'run-2'")
                .count())
        .isZero();
  }

  @Test
  void aSourceDirectoryGivenAsTheRawZoneIsAClearError() {
    Path raw = SampleLake.TESTDATA.resolve("raw/orders");

    assertThatThrownBy(() -> runOn(raw, temp.resolve("lake-of-orders")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Raw zone "
                + raw
                + " holds partition directories (year=2026), not one directory per source. Fix:"
                + " pass the raw root with --raw_path (locally --raw): the directory that holds"
                + " the sources' directories, such as the parent of "
                + raw
                + ".");
    assertThat(temp.resolve("lake-of-orders/processed/orders")).doesNotExist();
  }

  @Test
  void missingRawZoneIsAClearError() {
    Path raw = temp.resolve("nowhere");

    assertThatThrownBy(() -> runOn(raw, temp.resolve("lake")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Raw zone "
                + raw
                + " does not exist. Fix: pass the raw root with --raw_path (it holds one directory"
                + " per source).");
  }
}
