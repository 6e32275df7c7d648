package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.ExpectedShippedContracts;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.LakeColumns;
import org.zonelake.testdata.ExpectedCounts;

/**
 * The whole pipeline as deployed: every zone in its own S3 bucket (S3Proxy in this JVM, reached
 * through S3A, configured only through the session's Hadoop settings) and the contracts read from
 * the artifacts bucket, where {@code deploy.sh} puts them ({@code --dry-run} stages exactly what a
 * deploy uploads; the jobs get {@code --contracts s3a://.../contracts/}, as on Glue). Raw to
 * processed, processed to curated, then a rerun that must add nothing, all of it through {@link
 * S3FaultProxy}: every 25th request of each S3 operation gets {@code 503 SlowDown}, {@code 500
 * InternalError}, a connection reset or a late answer, which S3A's retries (as the README
 * recommends them) must absorb. Every table it leaves must hold exactly the rows the same pipeline
 * writes on local directories with the contracts packaged in the jar, apart from run-specific
 * columns. Leaving out a ruleset or the reference table makes the jobs fail, and the deploy script
 * refuses such a directory before it deploys anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndToEndIT {

  private static final List<String> SOURCES = ExpectedShippedContracts.SOURCES;

  /**
   * Each source of a run over the sample raw zone with its status, in the order the run reports
   * them: clickstream is skipped, as it has no contract.
   */
  private static final List<String> SAMPLE_STATUSES =
      List.of(
          "customers SUCCEEDED",
          "orders SUCCEEDED",
          "sensor_readings SUCCEEDED",
          "web_logs SUCCEEDED",
          "clickstream SKIPPED");

  private static final Path RAW = SampleLake.TESTDATA.resolve("raw");
  private static final Path ROOT = SampleLake.TESTDATA.getParent();
  private static final String CONTRACTS = "s3a://artifacts-bucket/contracts/";

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private final Map<String, ExpectedCounts> manifest = SampleLake.manifest();
  private static final int EVERY = 25;
  private static final List<S3FaultProxy.Fault> FAULT_KINDS = List.of(S3FaultProxy.Fault.values());

  private LocalS3 s3;
  private S3FaultProxy faults;
  private Lake onS3;
  private Lake local;
  private List<SourceOutcome> s3First;
  private CuratedResult s3CuratedFirst;
  private CuratedResult localCurated;
  private Script dryRun;
  private List<SourceOutcome> localFirst;
  private List<SourceOutcome> s3Rerun;
  private CuratedResult s3CuratedRerun;
  private Map<S3FaultProxy.Operation, Long> rerunRequests;

  private record Script(int code, String output) {}

  /** Where one run keeps its zones, and the prefix its raw file paths start with. */
  private record Lake(
      String raw,
      String processed,
      String quarantine,
      String curated,
      String rawFilePrefix,
      Optional<String> contracts) {

    RawToProcessedConfig rawToProcessed(String runId) {
      return rawToProcessed(runId, TableFormat.DELTA);
    }

    RawToProcessedConfig rawToProcessed(String runId, TableFormat format) {
      return new RawToProcessedConfig(
          "raw-to-processed",
          runId,
          new LakeLayout(raw, processed, quarantine, processed + "/_checkpoints/raw_to_processed"),
          contracts,
          format,
          List.of(),
          1000,
          RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
    }

    ProcessedToCuratedConfig processedToCurated(String runId) {
      return new ProcessedToCuratedConfig(
          "processed-to-curated",
          runId,
          ZonePaths.of(processed, quarantine),
          curated,
          contracts,
          List.of());
    }

    /** This lake reading its raw files from {@code otherRaw}. */
    Lake withRaw(String otherRaw) {
      return new Lake(otherRaw, processed, quarantine, curated, otherRaw + "/", contracts);
    }
  }

  @BeforeAll
  void deployTheContractsThenRunOnS3AndOnLocalDirectories() throws Exception {
    dryRun = deployScript("--dry-run", "--skip-build", "--stage-dir", temp.resolve("staged"));
    s3 = LocalS3.start();
    s3.createBuckets(LocalS3.LAKE_BUCKETS);
    s3.upload(RAW, "raw-bucket", "raw");
    s3.upload(temp.resolve("staged"), "artifacts-bucket", "contracts");
    faults = s3.attachThroughProxy(spark.sparkContext().hadoopConfiguration());

    onS3 =
        new Lake(
            "s3a://raw-bucket/raw",
            "s3a://processed-bucket/processed",
            "s3a://quarantine-bucket/quarantine",
            "s3a://curated-bucket/curated",
            "s3a://raw-bucket/raw/",
            Optional.of(CONTRACTS));
    Path lake = temp.resolve("lake");
    local =
        new Lake(
            RAW.toString(),
            lake.resolve("processed").toString(),
            lake.resolve("quarantine").toString(),
            lake.resolve("curated").toString(),
            "file:" + RAW + "/",
            Optional.empty());

    // S3 in a bad mood: every 25th request of each operation fails or comes late.
    faults.failWith(
        Stream.of(S3FaultProxy.Operation.values())
            .map(operation -> S3FaultProxy.Rule.every(operation, EVERY, FAULT_KINDS))
            .toList());
    s3First = rawToProcessed(onS3, "s3-run-1");
    s3CuratedFirst = curate(onS3, "s3-curate-1");
    Map<S3FaultProxy.Operation, Long> beforeRerun = faults.requests();
    s3Rerun = rawToProcessed(onS3, "s3-run-2");
    s3CuratedRerun = curate(onS3, "s3-curate-2");
    rerunRequests = new EnumMap<>(S3FaultProxy.Operation.class);
    faults.requests().forEach((op, n) -> rerunRequests.put(op, n - beforeRerun.get(op)));
    faults.failWith(List.of());

    // The reference run: local zones, the contracts packaged in the jar.
    localFirst = rawToProcessed(local, "local-run-1");
    localCurated = curate(local, "local-curate-1");
  }

  @AfterAll
  void stopTheStore() throws Exception {
    if (s3 != null) {
      s3.close(spark.sparkContext().hadoopConfiguration(), faults);
    }
  }

  private List<SourceOutcome> rawToProcessed(Lake lake, String runId) {
    return new RawToProcessedPlan(spark, lake.rawToProcessed(runId), RunListener.NONE).run();
  }

  private CuratedResult curate(Lake lake, String runId) {
    return curate(lake.processedToCurated(runId));
  }

  private CuratedResult curate(ProcessedToCuratedConfig config) {
    return new ProcessedToCuratedPlan(
            spark,
            config,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .run();
  }

  /**
   * A table's rows as JSON lines, sorted, without the given columns; {@code _raw_file} is cut to
   * its path below the raw root (or marked when it lies outside it).
   */
  private List<String> rows(Lake lake, String path, String... excluded) {
    Dataset<Row> table = spark.read().format("delta").load(path);
    if (Arrays.asList(table.columns()).contains(LakeColumns.RAW_FILE)) {
      Column file = col(LakeColumns.RAW_FILE);
      String prefix = lake.rawFilePrefix();
      table =
          table.withColumn(
              LakeColumns.RAW_FILE,
              when(file.startsWith(prefix), file.substr(prefix.length() + 1, Integer.MAX_VALUE))
                  .otherwise(concat(lit("outside the raw root: "), file)));
    }
    if (Arrays.asList(table.columns()).contains("samples")) {
      // A failed rule's sample rows name their raw files too.
      String prefix = lake.rawFilePrefix();
      table =
          table.withColumn(
              "samples",
              org.apache.spark.sql.functions.expr(
                  "transform(samples, s -> named_struct('record_hash', s.record_hash, 'raw_file',"
                      + " CASE WHEN startswith(s.raw_file, '"
                      + prefix
                      + "') THEN substr(s.raw_file, "
                      + (prefix.length() + 1)
                      + ") ELSE concat('outside the raw root: ', s.raw_file) END, 'value',"
                      + " s.value))"));
    }
    return TestRows.sortedJson(table.drop(excluded));
  }

  private static BatchCounts total(List<SourceOutcome> outcomes) {
    return outcomes.stream()
        .map(SourceOutcome::counts)
        .reduce(BatchCounts.empty(), BatchCounts::plus);
  }

  @Test
  void theRunsSurvivedEveryKindOfFaultOnEveryOperationTheyMake() {
    // The runs succeeded with the rows of the local run (the tests below); here: they met every
    // kind of fault on every operation they make (about 5,000 requests, 150 faults).
    for (S3FaultProxy.Operation operation :
        List.of(
            S3FaultProxy.Operation.GET,
            S3FaultProxy.Operation.HEAD,
            S3FaultProxy.Operation.PUT,
            S3FaultProxy.Operation.LIST,
            S3FaultProxy.Operation.DELETE)) {
      assertThat(faults.requests().get(operation)).as(operation.name()).isGreaterThan(100);
      assertThat(faults.injected().get(operation))
          .as(operation.name())
          .allSatisfy((fault, count) -> assertThat(count).as(fault.name()).isPositive());
    }
  }

  @Test
  void firstRunOnS3CountsExactlyWhatTheLocalRunCounts() {
    BatchCounts total = total(s3First);

    assertThat(s3First)
        .extracting(o -> o.source() + " " + o.status())
        .containsExactlyElementsOf(SAMPLE_STATUSES);
    assertThat(SampleLake.figures(total)).containsExactly(9L, 47L, 22L, 7L, 18L);
    assertThat(s3First)
        .extracting(SourceOutcome::counts)
        .containsExactlyElementsOf(localFirst.stream().map(SourceOutcome::counts).toList());
  }

  @Test
  void processedTablesEqualTheLocalRun() {
    assertEachSourceAsLocally(
        Lake::processed,
        ExpectedCounts::written,
        LakeColumns.RUN_ID,
        LakeColumns.PROCESSED_AT,
        LakeColumns.INGESTED_AT);
  }

  @Test
  void quarantineTablesEqualTheLocalRun() {
    assertEachSourceAsLocally(
        Lake::quarantine,
        ExpectedCounts::quarantined,
        LakeColumns.RUN_ID,
        LakeColumns.QUARANTINED_AT,
        LakeColumns.INGESTED_AT);
  }

  /**
   * Each source's table in {@code zone} holds the manifest's {@code count} rows, on S3 the same
   * rows as in the local run but for the {@code runSpecific} columns.
   */
  private void assertEachSourceAsLocally(
      Function<Lake, String> zone, ToLongFunction<ExpectedCounts> count, String... runSpecific) {
    for (String source : SOURCES) {
      assertThat(rows(onS3, zone.apply(onS3) + "/" + source, runSpecific))
          .as(source)
          .hasSize((int) count.applyAsLong(manifest.get(source)))
          .containsExactlyElementsOf(rows(local, zone.apply(local) + "/" + source, runSpecific));
    }
  }

  @Test
  void batchStatisticsEqualTheLocalRun() {
    for (String source : SOURCES) {
      assertThat(rows(onS3, onS3.processed() + "/_stats/" + source, LakeColumns.RUN_ID))
          .as(source)
          .isNotEmpty()
          .containsExactlyElementsOf(
              rows(local, local.processed() + "/_stats/" + source, LakeColumns.RUN_ID));
    }
  }

  @Test
  void curatedTablesEqualTheLocalRun() {
    // Run-specific: who wrote a row and when, and the latencies measured from processing time.
    String[] dailyRunSpecific = {"last_run_id", "last_processed_at"};
    String[] hourlyRunSpecific = {"latency_p50_seconds", "latency_p95_seconds"};
    List<String> daily = rows(onS3, onS3.curated() + "/daily_summary", dailyRunSpecific);
    List<String> hourly = rows(onS3, onS3.curated() + "/hourly_metrics", hourlyRunSpecific);
    List<String> statistics = rows(onS3, onS3.curated() + "/source_statistics", "last_run_id");

    assertThat(daily)
        .hasSize(11)
        .containsExactlyElementsOf(
            rows(local, local.curated() + "/daily_summary", dailyRunSpecific));
    assertThat(hourly)
        .hasSize(18)
        .containsExactlyElementsOf(
            rows(local, local.curated() + "/hourly_metrics", hourlyRunSpecific));
    assertThat(statistics)
        .hasSize(4)
        .containsExactlyElementsOf(
            rows(local, local.curated() + "/source_statistics", "last_run_id"));
    assertThat(s3CuratedFirst.sources())
        .extracting(o -> o.source() + " " + o.days().size() + " " + o.fullRecompute())
        .containsExactly(
            "customers 3 true", "orders 4 true", "sensor_readings 3 true", "web_logs 1 true");
  }

  @Test
  void joinedDatasetsAndJoinStatisticsEqualTheLocalRun() {
    String[] runSpecific = {LakeColumns.RUN_ID, LakeColumns.PROCESSED_AT, LakeColumns.INGESTED_AT};
    for (String dataset : List.of("orders_with_customers", "sensor_readings_with_devices")) {
      String left = dataset.substring(0, dataset.indexOf("_with_"));
      assertThat(rows(onS3, onS3.curated() + "/" + dataset, runSpecific))
          .as(dataset)
          .hasSize((int) manifest.get(left).written())
          .containsExactlyElementsOf(rows(local, local.curated() + "/" + dataset, runSpecific));
    }
    assertThat(rows(onS3, onS3.curated() + "/join_statistics", "run_id"))
        .isNotEmpty()
        .containsExactlyElementsOf(rows(local, local.curated() + "/join_statistics", "run_id"));
  }

  @Test
  void manifestsStatisticsAndCuratedStateAreKeptInTheBuckets() {
    for (String source : SOURCES) {
      String manifests = "processed/_manifests/" + source + "/";
      assertThat(s3.keys("processed-bucket", manifests))
          .as(source)
          .containsExactly(manifests + "00000000000000000000.json", manifests + "state.json");
    }
    assertThat(s3.keys("curated-bucket", "curated/_state/"))
        .containsExactly(
            "curated/_state/customers.json",
            "curated/_state/joins/orders_with_customers.json",
            "curated/_state/joins/sensor_readings_with_devices.json",
            "curated/_state/orders.json",
            "curated/_state/sensor_readings.json",
            "curated/_state/web_logs.json");
  }

  /**
   * A Parquet lake on S3, under the same faults: each batch is staged, then published by moving its
   * objects (a copy and a delete each on S3), once; no staging object or intent is left, and a
   * rerun adds nothing.
   */
  @Test
  void aParquetLakeOnS3PublishesEachBatchOnceAndLeavesNoStaging() {
    Lake parquet =
        new Lake(
            onS3.raw(),
            "s3a://processed-bucket/parquet/processed",
            "s3a://quarantine-bucket/parquet/quarantine",
            "s3a://curated-bucket/parquet/curated",
            onS3.rawFilePrefix(),
            onS3.contracts());
    Function<String, List<SourceOutcome>> run =
        runId ->
            new RawToProcessedPlan(
                    spark, parquet.rawToProcessed(runId, TableFormat.PARQUET), RunListener.NONE)
                .run();
    List<SourceOutcome> first;
    List<SourceOutcome> rerun;
    faults.failWith(
        Stream.of(S3FaultProxy.Operation.values())
            .map(operation -> S3FaultProxy.Rule.every(operation, EVERY, FAULT_KINDS))
            .toList());
    try {
      first = run.apply("s3-parquet-1");
      rerun = run.apply("s3-parquet-2");
    } finally {
      faults.failWith(List.of());
    }

    assertThat(first)
        .extracting(SourceOutcome::counts)
        .containsExactlyElementsOf(localFirst.stream().map(SourceOutcome::counts).toList());
    assertThat(rerun).extracting(SourceOutcome::counts).containsOnly(BatchCounts.empty());
    for (String source : SOURCES) {
      long written =
          localFirst.stream()
              .filter(o -> o.source().equals(source))
              .findFirst()
              .orElseThrow()
              .counts()
              .written();
      Dataset<Row> hashes =
          spark.read().parquet(parquet.processed() + "/" + source).select(LakeColumns.RECORD_HASH);
      Dataset<Row> local =
          TableFormat.DELTA
              .read(spark, this.local.processed() + "/" + source)
              .select(LakeColumns.RECORD_HASH);
      assertThat(hashes.count()).as(source).isEqualTo(written);
      assertThat(hashes.distinct().count()).as(source).isEqualTo(written);
      assertThat(hashes.except(local).count()).as(source).isZero();
      assertThat(local.except(hashes).count()).as(source).isZero();
    }
    List<String> objects = new ArrayList<>(s3.keys("processed-bucket", "parquet/"));
    objects.addAll(s3.keys("quarantine-bucket", "parquet/"));
    assertThat(objects).isNotEmpty().noneMatch(k -> k.contains("_zonelake_staging"));
    assertThat(objects).noneMatch(k -> k.endsWith(".publishing"));
  }

  @Test
  void rerunOnS3AddsNothing() {
    assertThat(s3Rerun)
        .extracting(o -> o.source() + " " + o.status())
        .containsExactlyElementsOf(SAMPLE_STATUSES);
    assertThat(s3Rerun).extracting(SourceOutcome::counts).containsOnly(BatchCounts.empty());
    assertThat(s3CuratedRerun.sources())
        .extracting(o -> o.source() + " " + o.days() + " " + o.fullRecompute() + " " + o.error())
        .containsExactly(
            "customers [] false Optional.empty",
            "orders [] false Optional.empty",
            "sensor_readings [] false Optional.empty",
            "web_logs [] false Optional.empty");
    // Nothing new is decided from reads alone: the rerun sent the store no write of any kind (no
    // manifest, state file, commit or marker), only reads and listings.
    assertThat(rerunRequests)
        .containsEntry(S3FaultProxy.Operation.PUT, 0L)
        .containsEntry(S3FaultProxy.Operation.DELETE, 0L)
        .containsEntry(S3FaultProxy.Operation.COPY, 0L)
        .containsEntry(S3FaultProxy.Operation.MULTIPART, 0L);
    assertThat(rerunRequests.get(S3FaultProxy.Operation.LIST)).isPositive();
  }

  @Test
  void deployScriptStagesExactlyWhatTheJobsReadAndTheBucketHoldsIt() {
    assertThat(dryRun.code()).as(dryRun.output()).isZero();
    assertThat(dryRun.output())
        .contains("Staged 17 files the jobs read from classpath:zonelake/contracts")
        .contains("Dry run: nothing was deployed.")
        .contains("Sources:    customers, orders, sensor_readings, web_logs");
    assertThat(s3.keys("artifacts-bucket", "contracts/"))
        .containsExactlyElementsOf(
            ContractBundleTest.SHIPPED_FILES.stream().map(f -> "contracts/" + f).toList());
  }

  @Test
  void aRelativeStageDirectoryIsWhereTheScriptStartedAndAFullOneIsRefused() throws Exception {
    Path started = Files.createDirectories(temp.resolve("started-here"));

    Script staged =
        deployScript(started, "--dry-run", "--skip-build", "--stage-dir", "relative-stage");
    Script again =
        deployScript(started, "--dry-run", "--skip-build", "--stage-dir", "relative-stage");

    assertThat(staged.code()).as(staged.output()).isZero();
    assertThat(started.resolve("relative-stage/orders.json")).isRegularFile();
    assertThat(ROOT.resolve("relative-stage")).doesNotExist();
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.output())
        .isEqualTo(
            "--stage-dir '"
                + started.resolve("relative-stage")
                + "' is not a new or empty directory: pass one that is\n");
  }

  @Test
  void ruleOutcomesEqualThePackagedContractsRun() {
    String[] runSpecific = {"run_id", "evaluated_at"};
    assertThat(rows(onS3, onS3.processed() + "/_quality/rule_results", runSpecific))
        .isNotEmpty()
        .containsExactlyElementsOf(
            rows(local, local.processed() + "/_quality/rule_results", runSpecific));
  }

  @Test
  void joinedDatasetTotalsEqualThePackagedContractsRun() {
    assertThat(s3CuratedFirst.failed()).isEmpty();
    assertThat(s3CuratedFirst.joins())
        .extracting(j -> j.name() + " " + j.records() + " " + j.unmatched())
        .containsExactly("orders_with_customers 10 2", "sensor_readings_with_devices 4 1")
        .containsExactlyElementsOf(
            localCurated.joins().stream()
                .map(j -> j.name() + " " + j.records() + " " + j.unmatched())
                .toList());
  }

  @Test
  void theCatalogsColumnsAreTheColumnsTheJobsWrite() {
    // The deployment catalogs processed and quarantine tables from the contracts alone
    // (lake-model); the tables the jobs wrote must have exactly those columns and types.
    ContractDirectory contracts = ContractDirectory.read(temp.resolve("staged"));
    for (String source : SOURCES) {
      assertThat(columns("s3a://processed-bucket/processed/" + source))
          .as(source)
          .containsExactlyElementsOf(
              LakeColumns.processed(contracts.contract(source)).stream()
                  .map(c -> c.name() + " " + c.glueType())
                  .toList());
      assertThat(columns("s3a://quarantine-bucket/quarantine/" + source))
          .as(source)
          .containsExactlyElementsOf(
              LakeColumns.quarantine().stream().map(c -> c.name() + " " + c.glueType()).toList());
    }
  }

  @Test
  void withoutARulesetTheDeployIsRefusedAndTheJobFails() throws Exception {
    Path incomplete = copyWithout("orders.quarantine.dqdl", "no-ruleset");
    assertThat(refusedDeploy(incomplete))
        .contains(
            "The contract of source 'orders' lists ruleset orders.quarantine.dqdl, which does"
                + " not exist in "
                + incomplete);

    assertThatThrownBy(
            () ->
                new RawToProcessedPlan(
                        spark,
                        RawToProcessedConfig.fromArgs(
                            GlueArgs.parse(
                                JobCatalog.RAW_TO_PROCESSED,
                                new String[] {
                                  "--raw_path", "s3a://raw-bucket/raw",
                                  "--processed_path", "s3a://processed-bucket/no-ruleset/processed",
                                  "--quarantine_path",
                                      "s3a://quarantine-bucket/no-ruleset/quarantine",
                                  "--contracts", "s3a://artifacts-bucket/contracts-no-ruleset/",
                                  "--run_id", "no-ruleset"
                                })),
                        RunListener.NONE)
                    .run())
        .hasMessage(
            "The contract of source 'orders' lists ruleset orders.quarantine.dqdl, which does not"
                + " exist in s3a://artifacts-bucket/contracts-no-ruleset/. Fix: add the file next"
                + " to the contract, or remove it from \"rulesets\".");
    assertThat(s3.keys("processed-bucket", "no-ruleset/")).isEmpty();
  }

  @Test
  void withoutTheReferenceTableTheDeployIsRefusedAndItsJoinFails() throws Exception {
    Path incomplete = copyWithout("reference/devices.csv", "no-reference");
    assertThat(refusedDeploy(incomplete))
        .contains(
            "Reference table file:"
                + incomplete.resolve("reference/devices.csv")
                + " of joined dataset 'sensor_readings_with_devices' does not exist.");

    CuratedResult result =
        curate(
            ProcessedToCuratedConfig.fromArgs(
                GlueArgs.parse(
                    JobCatalog.PROCESSED_TO_CURATED,
                    new String[] {
                      "--processed_path", "s3a://processed-bucket/processed",
                      "--quarantine_path", "s3a://quarantine-bucket/quarantine",
                      "--curated_path", "s3a://curated-bucket/no-reference/curated",
                      "--contracts", "s3a://artifacts-bucket/contracts-no-reference/",
                      "--sources", "sensor_readings",
                      "--run_id", "no-reference"
                    })));
    assertThat(result.failed()).containsExactly("sensor_readings_with_devices");
    assertThat(result.joins().get(0).error().orElseThrow())
        .contains("s3a://artifacts-bucket/contracts-no-reference/reference/devices.csv");
  }

  @Test
  void missingBucketIsReportedWithItsPath() {
    // S3A's message carries the store's request id; the rest is fixed.
    assertThatRawToProcessedFailsOn("s3a://no-such-bucket/raw")
        .hasMessageMatching(
            Pattern.quote(
                    "Raw zone s3a://no-such-bucket/raw cannot be read: `s3a://no-such-bucket/raw':"
                        + " listStatus on s3a://no-such-bucket/raw: ")
                + ".*NoSuchBucket: The specified bucket does not exist .*"
                + Pattern.quote(
                    ". Fix: check that the bucket exists and the job may list it, or pass another"
                        + " raw root with --raw_path."))
        .cause()
        .hasMessageContaining("NoSuchBucket")
        .extracting(e -> e.getClass().getName())
        .isEqualTo("org.apache.hadoop.fs.s3a.UnknownStoreException");
  }

  @Test
  void missingPrefixInAnExistingBucketIsReportedWithItsPath() {
    assertThatRawToProcessedFailsOn("s3a://raw-bucket/landing")
        .hasMessage(
            "Raw zone s3a://raw-bucket/landing does not exist. Fix: pass the raw root with"
                + " --raw_path (it holds one directory per source).");
  }

  /**
   * Asserts that raw to processed on S3, reading its raw files from {@code rawRoot}, throws a
   * {@link LakeException}.
   */
  private AbstractThrowableAssert<?, ? extends Throwable> assertThatRawToProcessedFailsOn(
      String rawRoot) {
    return assertThatThrownBy(() -> rawToProcessed(onS3.withRaw(rawRoot), "s3-missing"))
        .isInstanceOf(LakeException.class);
  }

  /**
   * Uploads the contracts directory {@code contracts} (named {@code contracts-<its name>} in the
   * artifacts bucket), runs the deploy script's dry run on it, checks that the script refused
   * before any AWS call, and returns its output.
   */
  private String refusedDeploy(Path contracts) throws IOException, InterruptedException {
    String name = contracts.getFileName().toString();
    s3.upload(contracts, "artifacts-bucket", "contracts-" + name);
    Script refused =
        deployScript(
            "--dry-run",
            "--skip-build",
            "--contracts",
            contracts,
            "--stage-dir",
            temp.resolve("never-staged-" + name));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output()).contains("deploy stopped before any AWS call");
    return refused.output();
  }

  /** Runs deploy/deploy.sh with this JVM's java first on the PATH; output and error merged. */
  private static Script deployScript(Object... args) throws IOException, InterruptedException {
    return deployScript(ROOT, args);
  }

  /** Runs deploy/deploy.sh from {@code directory}. */
  private static Script deployScript(Path directory, Object... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("bash", ROOT.resolve("deploy/deploy.sh").toAbsolutePath().toString()));
    Arrays.stream(args).map(String::valueOf).forEach(command::add);
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.redirectErrorStream(true);
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("deploy.sh finished").isTrue();
    return new Script(process.exitValue(), output);
  }

  /** A copy of the staged contracts without one file. */
  private static Path copyWithout(String left, String name) throws IOException {
    Path from = temp.resolve("staged");
    Path to = temp.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = from.relativize(file).toString().replace('\\', '/');
        if (!relative.equals(left)) {
          Files.createDirectories(to.resolve(relative).getParent());
          Files.copy(file, to.resolve(relative));
        }
      }
    }
    return to;
  }

  /** A Delta table's columns as {@code name type}, types in Glue's (Hive's) words. */
  private List<String> columns(String path) {
    List<String> columns = new ArrayList<>();
    for (StructField field : spark.read().format("delta").load(path).schema().fields()) {
      columns.add(field.name() + " " + field.dataType().catalogString());
    }
    return columns;
  }
}
