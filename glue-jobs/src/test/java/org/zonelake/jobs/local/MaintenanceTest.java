package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.input_file_name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.ManifestLog;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.jobs.CuratedResult;
import org.zonelake.jobs.RawToProcessedPlan;
import org.zonelake.jobs.SampleLake;
import org.zonelake.model.MaintenanceFigures;

/**
 * {@code lake maintain} on a lake that 20 small batches of raw to processed and 5 curated runs left
 * with many small files: the file count of the crowded partitions drops, every table returns the
 * same rows, time travel to the versions before maintenance still works, every table stays at
 * reader version 1, a file a failed write left 10 days ago is vacuumed, and of the manifests only
 * the committed ones older than the retention go. A retention below Delta's safety check is refused
 * before anything changes, and the jobs carry on unharmed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceTest {

  private static final int ROUNDS = 3;
  private static final int FILES_PER_ROUND = 3;
  private static final Duration AGE = Duration.ofDays(10);
  private static final List<String> TABLES =
      List.of(
          "processed/orders",
          "processed/_stats/orders",
          "processed/_quality/metrics",
          "processed/_quality/rule_results",
          "quarantine/orders",
          "curated/daily_summary",
          "curated/hourly_metrics",
          "curated/source_statistics");

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private Path contracts;
  private Path orphan;
  private long orphanBytes;
  private final Map<String, Long> versionsBefore = new TreeMap<>();
  private final Map<String, List<String>> rowsBefore = new TreeMap<>();
  private final Map<String, Map<String, Long>> filesBefore = new TreeMap<>();
  private final Map<String, Long> versionsAfterRefusal = new TreeMap<>();
  private final Map<String, Long> versionsBeforeFirstRefusal = new TreeMap<>();
  private final Map<String, Long> versionsAfterFirstRefusal = new TreeMap<>();
  private final Map<String, Long> bytesBefore = new TreeMap<>();
  private CliRun refusedBelowAWeek;
  private CliRun refusedByATable;
  private CliRun maintained;
  private String consoleOutput;

  private static String order(String id, String timestamp, String price) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\"c-001\",\"product\":\"Pen\",\"category\":\"kitchen\",\"price\":"
        + price
        + ",\"quantity\":1,\"country\":\"DE\",\"order_ts\":\""
        + timestamp
        + "\"}";
  }

  /**
   * Raw file {@code i}: a valid order of 20 November, a second valid order on day {@code round} for
   * the first file of each round, and an order whose price is not a number (quarantined).
   */
  private Path rawFile(int i) throws IOException {
    int round = i / FILES_PER_ROUND + 1;
    List<String> lines = new ArrayList<>();
    lines.add(order("o-" + i, String.format("2026-11-20T10:%02d:00Z", i), "1.50"));
    if (i % FILES_PER_ROUND == 0) {
      lines.add(order("o-" + i + "-b", String.format("2026-11-%02dT08:00:00Z", round), "2.00"));
    }
    lines.add(order("o-" + i + "-bad", "2026-11-20T11:00:00Z", "\"abc\""));
    return SampleLake.land(
        raw,
        "orders",
        LocalDate.of(2026, 11, 21),
        String.format("orders-%02d.jsonl", i),
        lines.toArray(String[]::new));
  }

  private List<SourceOutcome> rawToProcessed(String runId) {
    return new RawToProcessedPlan(
            spark, SampleLake.config(raw, lake, contracts, runId, 1), RunListener.NONE)
        .run();
  }

  private CuratedResult curate(String runId) {
    return SampleLake.curate(
        spark, SampleLake.curatedConfig(lake, runId, Optional.of(contracts), List.of()));
  }

  private String path(String table) {
    return lake.resolve(table).toString();
  }

  private Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  private long version(String table) {
    return DeltaTables.latestVersion(spark, path(table));
  }

  private Row detail(String table) {
    return spark.sql("DESCRIBE DETAIL delta.`" + path(table) + "`").first();
  }

  private long sizeInBytes(String table) {
    Row detail = detail(table);
    return detail.getLong(detail.fieldIndex("sizeInBytes"));
  }

  /**
   * Data files per partition of each of {@link #TABLES}, in their order, on this test's lake:
   * {@code crowded} in orders' day 20 and in each unpartitioned table ({@code (table)}), {@code
   * curatedMonth} in the month of daily_summary and hourly_metrics, one in every other partition.
   */
  private static Map<String, Map<String, Long>> filesPerTable(long crowded, long curatedMonth) {
    String day = "year=2026/month=11/day=";
    String month = "source=orders/year=2026/month=11";
    Map<String, Map<String, Long>> files = new LinkedHashMap<>();
    files.put(
        "processed/orders",
        Map.of(day + "1", 1L, day + "2", 1L, day + "3", 1L, day + "20", crowded));
    files.put("processed/_stats/orders", Map.of("(table)", crowded));
    files.put("processed/_quality/metrics", Map.of("(table)", crowded));
    files.put("processed/_quality/rule_results", Map.of("(table)", crowded));
    files.put("quarantine/orders", Map.of("(table)", crowded));
    files.put("curated/daily_summary", Map.of(month, curatedMonth));
    files.put("curated/hourly_metrics", Map.of(month, curatedMonth));
    files.put("curated/source_statistics", Map.of("source=orders", 1L));
    return files;
  }

  /** Data files per partition, counted from the files the table's rows are read from. */
  private Map<String, Long> filesPerPartition(String table) {
    Row detail = detail(table);
    List<String> partitionColumns = detail.getList(detail.fieldIndex("partitionColumns"));
    Dataset<Row> rows = read(table).withColumn("_file", input_file_name());
    Dataset<Row> counts =
        partitionColumns.isEmpty()
            ? rows.agg(countDistinct("_file"))
            : rows.groupBy(partitionColumns.stream().map(c -> col(c)).toArray(Column[]::new))
                .agg(countDistinct("_file"));
    Map<String, Long> files = new TreeMap<>();
    for (Row row : counts.collectAsList()) {
      List<String> key = new ArrayList<>();
      for (int i = 0; i < partitionColumns.size(); i++) {
        key.add(partitionColumns.get(i) + "=" + row.get(i));
      }
      files.put(key.isEmpty() ? "(table)" : String.join("/", key), row.getLong(row.size() - 1));
    }
    return files;
  }

  private static void age(Path file) {
    if (!file.toFile().setLastModified(Instant.now().minus(AGE).toEpochMilli())) {
      throw new IllegalStateException("cannot age " + file);
    }
  }

  private Path manifests() {
    return lake.resolve("processed/_manifests/orders");
  }

  @BeforeAll
  void manySmallRunsThenMaintenance() throws IOException {
    raw = temp.resolve("raw");
    lake = temp.resolve("lake");
    contracts = temp.resolve("contracts");
    Files.createDirectories(contracts);
    Path shipped = SampleLake.SHIPPED_CONTRACTS;
    // The shipped orders contract with its row-level and fail rules (the warn rules' batch
    // statistics would only add Spark jobs).
    Files.writeString(
        contracts.resolve("orders.json"),
        Files.readString(shipped.resolve("orders.json"), StandardCharsets.UTF_8)
            .replace("\"orders.warn.dqdl\", ", ""),
        StandardCharsets.UTF_8);
    for (String file : List.of("orders.quarantine.dqdl", "orders.fail.dqdl")) {
      Files.copy(shipped.resolve(file), contracts.resolve(file));
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = round * FILES_PER_ROUND; i < (round + 1) * FILES_PER_ROUND; i++) {
        rawFile(i);
      }
      assertThat(rawToProcessed("run-" + round))
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED));
      assertThat(curate("curate-" + round).failed()).isEmpty();
    }

    // A batch written but not committed (its run crashed), for a file that landed since.
    Path pending = rawFile(ROUNDS * FILES_PER_ROUND);
    ManifestLog log =
        new ManifestLog(manifests().toString(), spark.sparkContext().hadoopConfiguration());
    log.write(
        new Manifest(
            "orders",
            ROUNDS * FILES_PER_ROUND,
            "crashed-run",
            Instant.now(),
            List.of(
                new RawFile(
                    // As the raw zone's listing names it.
                    new org.apache.hadoop.fs.Path(pending.toUri()).toString(),
                    Files.size(pending),
                    Files.getLastModifiedTime(pending).toMillis()))));
    log.storeFileList("old-run", List.of("raw/orders/a.jsonl"));
    log.storeFileList("recent-run", List.of("raw/orders/b.jsonl"));
    // Everything in the manifest directory is 10 days old, but manifest 5 and one file list.
    try (Stream<Path> files = Files.walk(manifests())) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().equals(String.format("%020d.json", 5)))
          .filter(f -> !f.getFileName().toString().equals("recent-run.files"))
          .forEach(MaintenanceTest::age);
    }
    // A data file a failed write left behind 10 days ago: never committed, so not in the table.
    Path partition = lake.resolve("processed/orders/year=2026/month=11/day=20");
    Path committed;
    try (Stream<Path> files = Files.list(partition)) {
      committed = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    orphan = partition.resolve("part-00000-left-by-a-failed-write.c000.snappy.parquet");
    Files.copy(committed, orphan);
    orphanBytes = Files.size(orphan);
    age(orphan);

    for (String table : TABLES) {
      versionsBeforeFirstRefusal.put(table, version(table));
    }
    refusedBelowAWeek = CliRun.of("maintain", "--lake", lake.toString(), "--retention_days", "6");
    for (String table : TABLES) {
      versionsAfterFirstRefusal.put(table, version(table));
    }
    // One table keeps deleted files longer than Delta's default week.
    spark.sql(
        "ALTER TABLE delta.`"
            + path("curated/daily_summary")
            + "` SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 8 days')");
    for (String table : TABLES) {
      versionsBefore.put(table, version(table));
      rowsBefore.put(table, TestRows.sortedJson(read(table)));
      filesBefore.put(table, filesPerPartition(table));
      bytesBefore.put(table, sizeInBytes(table));
    }

    refusedByATable = CliRun.of("maintain", "--lake", lake.toString());
    for (String table : TABLES) {
      versionsAfterRefusal.put(table, version(table));
    }
    // What Scala code prints to its console (Delta's VACUUM prints a line of its own there).
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    maintained =
        scala.Console.withOut(
            console,
            () ->
                CliRun.of(
                    "maintain",
                    "--lake",
                    lake.toString(),
                    "--retention_days",
                    "8",
                    "--min_files",
                    "2"));
    consoleOutput = console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRetentionBelowDeltasSafetyCheckIsRefusedBeforeAnythingChanges() {
    assertThat(refusedBelowAWeek.status()).isEqualTo(1);
    assertThat(refusedBelowAWeek.err())
        .contains(
            "error: --retention_days is 6, below Delta's safety check: table processed/orders"
                + " keeps files it no longer references for 7 day(s)"
                + " (delta.deletedFileRetentionDuration not set: Delta's default, interval 1 week),"
                + " and a VACUUM with a shorter retention could delete files that running queries,"
                + " writers or time travel still read. Nothing was changed."
                + " Fix: pass --retention_days 7 or more.");
    assertThat(versionsAfterFirstRefusal).isEqualTo(versionsBeforeFirstRefusal);
    assertThat(refusedByATable.status()).isEqualTo(1);
    assertThat(refusedByATable.err())
        .contains(
            "error: --retention_days is 7, below Delta's safety check: table curated/daily_summary"
                + " keeps files it no longer references for 8 day(s)"
                + " (delta.deletedFileRetentionDuration = interval 8 days), and a VACUUM with a"
                + " shorter retention could delete files that running queries, writers or time"
                + " travel still read. Nothing was changed. Fix: pass --retention_days 8 or more.");
    assertThat(versionsAfterRefusal).isEqualTo(versionsBefore);
  }

  @Test
  void crowdedPartitionsAreCompactedAndTheOthersLeftAlone() {
    assertThat(maintained.status()).as(maintained.err()).isZero();
    Map<String, Map<String, Long>> before = new LinkedHashMap<>();
    Map<String, Map<String, Long>> after = new LinkedHashMap<>();
    for (String table : TABLES) {
      before.put(table, filesBefore.get(table));
      after.put(table, filesPerPartition(table));
    }
    // Each curated run writes its days in one file, and its replace rewrites the file before it
    // without the day it replaces: one file a day, day 20 beside day 3.
    assertThat(before).containsExactlyEntriesOf(filesPerTable(9, 3));
    assertThat(after).containsExactlyEntriesOf(filesPerTable(1, 1));
    assertThat(maintained.out())
        .containsPattern(
            "processed/orders +MAINTAINED +12 +4 +1 +9 +1 +1 +" + orphanBytes + " +9->12 +1\\n")
        .containsPattern(
            "curated/daily_summary +MAINTAINED +3 +1 +1 +3 +1 +0 +0 +"
                + versionsBefore.get("curated/daily_summary")
                + "->"
                + (versionsBefore.get("curated/daily_summary") + 1)
                + " +1\\n")
        .containsPattern(
            "curated/source_statistics +MAINTAINED +1 +1 +0 +0 +0 +0 +0 +"
                + versionsBefore.get("curated/source_statistics")
                + " +1\\n");
  }

  @Test
  void everyTableReturnsTheSameRowsNowAndAtItsVersionBeforeMaintenance() {
    for (String table : TABLES) {
      assertThat(TestRows.sortedJson(read(table))).as(table).isEqualTo(rowsBefore.get(table));
      Dataset<Row> earlier =
          spark
              .read()
              .format("delta")
              .option("versionAsOf", versionsBefore.get(table))
              .load(path(table));
      assertThat(TestRows.sortedJson(earlier))
          .as(table + " time travel")
          .isEqualTo(rowsBefore.get(table));
    }
  }

  @Test
  void maintenanceOnlyCompactsAndVacuumsAndTablesStayAtReaderVersion1() {
    for (String table : TABLES) {
      List<String> operations =
          spark
              .sql("DESCRIBE HISTORY delta.`" + path(table) + "`")
              .where(col("version").gt(versionsBefore.get(table)))
              .orderBy("version")
              .select("operation")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      // Only processed/orders holds a file older than the retention (the one a failed write
      // left): the others are not vacuumed, and source_statistics has nothing to compact either.
      assertThat(operations)
          .as(table)
          .isEqualTo(
              switch (table) {
                case "processed/orders" -> List.of("OPTIMIZE", "VACUUM START", "VACUUM END");
                case "curated/source_statistics" -> List.of();
                default -> List.of("OPTIMIZE");
              });
      Row detail = detail(table);
      assertThat(detail.getInt(detail.fieldIndex("minReaderVersion"))).as(table).isEqualTo(1);
      assertThat(detail.getInt(detail.fieldIndex("minWriterVersion"))).as(table).isEqualTo(2);
    }
  }

  /** The lineage of a table's latest version, maintenance's, names the version written before. */
  @Test
  void lineageOfAVersionMaintenanceWroteNamesTheLatestWrittenOne() {
    long written = versionsBefore.get("processed/orders");
    assertThat(CliRun.succeeded("lineage", "processed_orders", "--lake", lake.toString()).out())
        .matches(
            "processed_orders version "
                + (written + 3)
                + ": VACUUM END at \\S+\nNo rows were added by this version\\.\nIt is table"
                + " maintenance \\(VACUUM END\\); the latest version written before it is "
                + written
                + ": \\./lake lineage processed_orders --version "
                + written
                + "\n");
  }

  @Test
  void onlyTheFileLeftByAFailedWriteIsOldEnoughToBeVacuumed() {
    assertThat(orphan).doesNotExist();
    assertThat(consoleOutput).as("Delta's own line about what VACUUM deleted").isEmpty();
    try (EmbeddedLedger ledger = EmbeddedLedger.open(lake.resolve("_ledger"))) {
      RunRecord run = ledger.ledger().latestRuns("processed/orders", 5).get(0);
      assertThat(run.job()).isEqualTo("maintenance");
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.deltaVersion()).hasValue(versionsBefore.get("processed/orders") + 3);
      assertThat(run.qualityMetrics())
          .containsExactlyInAnyOrderEntriesOf(
              Map.ofEntries(
                  entry(MaintenanceFigures.FILES_BEFORE, 12.0),
                  entry(MaintenanceFigures.FILES_AFTER, 4.0),
                  entry(
                      MaintenanceFigures.BYTES_BEFORE,
                      (double) bytesBefore.get("processed/orders")),
                  entry(MaintenanceFigures.BYTES_AFTER, (double) sizeInBytes("processed/orders")),
                  entry(MaintenanceFigures.PARTITIONS_COMPACTED, 1.0),
                  entry(MaintenanceFigures.FILES_COMPACTED, 9.0),
                  entry(MaintenanceFigures.FILES_WRITTEN, 1.0),
                  entry(MaintenanceFigures.FILES_DELETED, 1.0),
                  entry(MaintenanceFigures.BYTES_DELETED, (double) orphanBytes),
                  entry(
                      MaintenanceFigures.VERSION_BEFORE,
                      (double) versionsBefore.get("processed/orders")),
                  entry(MaintenanceFigures.READER_VERSION, 1.0),
                  entry(MaintenanceFigures.RETENTION_DAYS, 8.0)));
      for (String table : TABLES) {
        RunRecord record = ledger.ledger().latestRuns(table, 5).get(0);
        assertThat(record.status()).as(table).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(record.qualityMetrics().get(MaintenanceFigures.FILES_DELETED))
            .as(table)
            .isEqualTo(table.equals("processed/orders") ? 1.0 : 0.0);
      }
    }
    CliRun runs = CliRun.of("runs", "--lake", lake.toString(), "--source", "processed/orders");
    assertThat(runs.out())
        .containsPattern(
            "maintenance +processed/orders +\\S+ +SUCCEEDED +- +- +- +- +- +"
                + (versionsBefore.get("processed/orders") + 3)
                + " +BytesAfter=\\d+ .* FilesDeleted=1 ");
    // Without --source, with the other runs: one line per table and manifest directory.
    List<String> maintained =
        CliRun.of("runs", "--lake", lake.toString())
            .out()
            .lines()
            // The start time is padded when it has no fraction of a second (Instant's form).
            .filter(l -> l.matches("\\S+ +maintenance .*"))
            .map(l -> l.split(" +")[2])
            .sorted()
            .toList();
    List<String> expected = new ArrayList<>(TABLES);
    expected.add("processed/_manifests/orders");
    assertThat(maintained).isEqualTo(expected.stream().sorted().toList());
  }

  @Test
  void committedManifestsOlderThanTheRetentionGoTheLatestAndUncommittedOnesStay()
      throws IOException {
    List<String> left;
    try (Stream<Path> files = Files.walk(manifests())) {
      left =
          files
              .filter(Files::isRegularFile)
              .map(f -> manifests().relativize(f).toString())
              .sorted()
              .toList();
    }
    assertThat(left)
        .containsExactly(
            String.format("%020d.json", 5),
            String.format("%020d.json", 8),
            String.format("%020d.json", 9),
            "runs/recent-run.files",
            "state.json");
    assertThat(maintained.out())
        .containsPattern("processed/_manifests/orders +MAINTAINED +7 +3 +1 +\\d+ +8\\n");
  }

  /**
   * Runs before the last: a second maintenance run while another run holds one table's lease. The
   * tables are maintained at once; the held one fails with the lease's explanation, the others are
   * maintained (with nothing left to do), and the run exits non-zero.
   */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void aTableWhoseLeaseAnotherRunHoldsFailsAndTheOthersAreMaintained() {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(lake.resolve("_ledger"))) {
      ledger.ledger().acquire("maintenance", "quarantine/orders", "other-run", Duration.ofHours(1));
    }
    Map<String, Long> versions = new TreeMap<>();
    TABLES.forEach(table -> versions.put(table, version(table)));

    CliRun second =
        CliRun.of(
            "maintain", "--lake", lake.toString(), "--retention_days", "8", "--min_files", "2");

    assertThat(second.status()).as(second.err()).isEqualTo(1);
    for (String table : TABLES) {
      // Nothing left to compact or delete: the same files, and no commit.
      assertThat(second.out())
          .containsPattern(
              table.equals("quarantine/orders")
                  ? "quarantine/orders +FAILED( +-){9}\\n"
                  : table + " +MAINTAINED +(\\d+) +\\1( +0){5} +" + version(table) + " +1\\n");
    }
    assertThat(versions).allSatisfy((table, v) -> assertThat(version(table)).isEqualTo(v));
    assertThat(second.out())
        .contains(
            "failed quarantine/orders: Job maintenance, source 'quarantine/orders': run other-run"
                + " holds the run lease until ");
    assertThat(second.err())
        .containsPattern(
            "error: Job maintenance run \\S+ failed for \\[quarantine/orders\\] \\(reasons"
                + " above\\)\\. Fix: correct the reported problem and run again; maintenance"
                + " changes no rows, so a failed table is as readable as before\\.\\n$");
  }

  /** Runs last: it changes the lake. */
  @Test
  @Order(Integer.MAX_VALUE)
  void afterMaintenanceCuratedSeesNoChangeAndTheUncommittedBatchIsRetried() {
    CuratedResult curated = curate("curate-after-maintenance");
    assertThat(curated.failed()).isEmpty();
    assertThat(curated.sources())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.days()).isEmpty();
              assertThat(o.fullRecompute()).isFalse();
            });
    for (String table : TABLES.subList(5, TABLES.size())) {
      assertThat(version(table))
          .as(table)
          .isEqualTo(
              versionsBefore.get(table) + (table.equals("curated/source_statistics") ? 0 : 1));
    }

    SourceOutcome retried = rawToProcessed("run-after-maintenance").get(0);
    assertThat(retried.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(retried.counts().files()).isEqualTo(1);
    assertThat(retried.counts().written()).isEqualTo(2);
    assertThat(retried.counts().quarantined()).isEqualTo(1);
    assertThat(read("processed/orders").count())
        .isEqualTo(rowsBefore.get("processed/orders").size() + 2);
    assertThat(
            new ManifestLog(manifests().toString(), spark.sparkContext().hadoopConfiguration())
                .state()
                .committed())
        .isEqualTo(ROUNDS * FILES_PER_ROUND);
  }
}
