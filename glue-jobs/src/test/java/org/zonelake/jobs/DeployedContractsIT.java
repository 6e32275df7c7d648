package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.LakeColumns;

/**
 * The deployed contract directory runs the lake as the packaged contracts do. {@code deploy.sh
 * --dry-run} stages exactly what a deploy uploads; those files are put into an S3 bucket (S3Proxy
 * in this JVM) under {@code contracts/}, and both jobs run on S3 zones with {@code --contracts
 * s3a://.../contracts/}, the argument the Glue jobs get. Counts, rule outcomes, processed,
 * quarantine and curated tables and the joined datasets equal a local run with the contracts
 * packaged in the jar. Leaving out a ruleset or the reference table makes the jobs fail, and the
 * deploy script refuses such a directory before it deploys anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedContractsIT {

  private static final List<String> SOURCES =
      List.of("customers", "orders", "sensor_readings", "web_logs");
  private static final List<String> JOINS =
      List.of("orders_with_customers", "sensor_readings_with_devices");
  private static final Path RAW = SampleLake.TESTDATA.resolve("raw");
  private static final Path ROOT = SampleLake.TESTDATA.getParent();
  private static final String CONTRACTS = "s3a://artifacts-bucket/contracts/";

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private LocalS3 s3;
  private Script dryRun;
  private List<SourceOutcome> onS3;
  private List<SourceOutcome> local;
  private ProcessedToCuratedPlan.Result curatedOnS3;
  private ProcessedToCuratedPlan.Result curatedLocal;
  private Path localLake;

  private record Script(int code, String output) {}

  @BeforeAll
  void deployTheContractsThenRunBothJobsOnS3AndLocally() throws Exception {
    dryRun = deployScript("--dry-run", "--skip-build", "--stage-dir", temp.resolve("staged"));

    s3 = LocalS3.start();
    s3.createBuckets(
        List.of(
            "raw-bucket",
            "processed-bucket",
            "quarantine-bucket",
            "curated-bucket",
            "artifacts-bucket"));
    s3.upload(RAW, "raw-bucket", "raw");
    s3.upload(temp.resolve("staged"), "artifacts-bucket", "contracts");
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    s3.attach(hadoop);

    onS3 =
        rawToProcessed(
            "--raw_path", "s3a://raw-bucket/raw",
            "--processed_path", "s3a://processed-bucket/processed",
            "--quarantine_path", "s3a://quarantine-bucket/quarantine",
            "--contracts", CONTRACTS,
            "--run_id", "s3-run");
    curatedOnS3 =
        curate(
            "--processed_path", "s3a://processed-bucket/processed",
            "--quarantine_path", "s3a://quarantine-bucket/quarantine",
            "--curated_path", "s3a://curated-bucket/curated",
            "--contracts", CONTRACTS,
            "--run_id", "s3-curate");

    // The reference run: local zones, the contracts packaged in the jar (no --contracts).
    localLake = temp.resolve("lake");
    local =
        rawToProcessed(
            "--raw_path", RAW.toString(),
            "--processed_path", localLake.resolve("processed").toString(),
            "--quarantine_path", localLake.resolve("quarantine").toString(),
            "--run_id", "local-run");
    curatedLocal =
        curate(
            "--processed_path", localLake.resolve("processed").toString(),
            "--quarantine_path", localLake.resolve("quarantine").toString(),
            "--curated_path", localLake.resolve("curated").toString(),
            "--run_id", "local-curate");
  }

  @AfterAll
  void stopTheStore() throws Exception {
    if (s3 != null) {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      s3.detach(hadoop);
      s3.close();
    }
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
  void rawToProcessedCountsWhatItCountsWithThePackagedContracts() {
    assertThat(onS3)
        .extracting(o -> o.source() + " " + o.status())
        .containsExactly(
            "customers SUCCEEDED",
            "orders SUCCEEDED",
            "sensor_readings SUCCEEDED",
            "web_logs SUCCEEDED",
            "clickstream SKIPPED");
    assertThat(onS3)
        .extracting(SourceOutcome::counts)
        .containsExactlyElementsOf(local.stream().map(SourceOutcome::counts).toList());
    assertThat(onS3.stream().mapToLong(o -> o.counts().written()).sum()).isEqualTo(22);
    assertThat(onS3.stream().mapToLong(o -> o.counts().quarantined()).sum()).isEqualTo(18);
  }

  @Test
  void ruleOutcomesAndTablesEqualThePackagedContractsRun() {
    String[] runSpecific = {
      LakeColumns.RUN_ID,
      LakeColumns.PROCESSED_AT,
      LakeColumns.INGESTED_AT,
      LakeColumns.QUARANTINED_AT,
      "run_id",
      "evaluated_at"
    };
    List<String> ruleOutcomes =
        rows("s3a://processed-bucket/processed/_quality/rule_results", runSpecific);
    assertThat(ruleOutcomes)
        .isNotEmpty()
        .containsExactlyElementsOf(
            rows(localLake.resolve("processed/_quality/rule_results").toString(), runSpecific));
    for (String source : SOURCES) {
      assertThat(rows("s3a://processed-bucket/processed/" + source, runSpecific))
          .as(source)
          .isNotEmpty()
          .containsExactlyElementsOf(
              rows(localLake.resolve("processed/" + source).toString(), runSpecific));
      assertThat(rows("s3a://quarantine-bucket/quarantine/" + source, runSpecific))
          .as(source)
          .isNotEmpty()
          .containsExactlyElementsOf(
              rows(localLake.resolve("quarantine/" + source).toString(), runSpecific));
    }
  }

  @Test
  void curatedTablesAndJoinedDatasetsEqualThePackagedContractsRun() {
    assertThat(curatedOnS3.failed()).isEmpty();
    assertThat(curatedOnS3.joins())
        .extracting(j -> j.name() + " " + j.records() + " " + j.unmatched())
        .containsExactly("orders_with_customers 10 2", "sensor_readings_with_devices 4 1")
        .containsExactlyElementsOf(
            curatedLocal.joins().stream()
                .map(j -> j.name() + " " + j.records() + " " + j.unmatched())
                .toList());
    String[] runSpecific = {
      LakeColumns.RUN_ID,
      LakeColumns.PROCESSED_AT,
      LakeColumns.INGESTED_AT,
      "run_id",
      "last_run_id",
      "last_processed_at",
      "latency_p50_seconds",
      "latency_p95_seconds"
    };
    List<String> tables = new ArrayList<>(List.of("daily_summary", "source_statistics"));
    tables.addAll(JOINS);
    tables.add("join_statistics");
    for (String table : tables) {
      assertThat(rows("s3a://curated-bucket/curated/" + table, runSpecific))
          .as(table)
          .isNotEmpty()
          .containsExactlyElementsOf(
              rows(localLake.resolve("curated/" + table).toString(), runSpecific));
    }
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
    s3.upload(incomplete, "artifacts-bucket", "contracts-no-ruleset");

    Script refused =
        deployScript(
            "--dry-run",
            "--skip-build",
            "--contracts",
            incomplete,
            "--stage-dir",
            temp.resolve("never-staged"));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "The contract of source 'orders' lists ruleset orders.quarantine.dqdl, which does"
                + " not exist in "
                + incomplete)
        .contains("deploy stopped before any AWS call");

    assertThatThrownBy(
            () ->
                rawToProcessed(
                    "--raw_path", "s3a://raw-bucket/raw",
                    "--processed_path", "s3a://processed-bucket/no-ruleset/processed",
                    "--quarantine_path", "s3a://quarantine-bucket/no-ruleset/quarantine",
                    "--contracts", "s3a://artifacts-bucket/contracts-no-ruleset/",
                    "--run_id", "no-ruleset"))
        .hasMessage(
            "The contract of source 'orders' lists ruleset orders.quarantine.dqdl, which does not"
                + " exist in s3a://artifacts-bucket/contracts-no-ruleset/. Fix: add the file next"
                + " to the contract, or remove it from \"rulesets\".");
    assertThat(s3.keys("processed-bucket", "no-ruleset/")).isEmpty();
  }

  @Test
  void withoutTheReferenceTableTheDeployIsRefusedAndItsJoinFails() throws Exception {
    Path incomplete = copyWithout("reference/devices.csv", "no-reference");
    s3.upload(incomplete, "artifacts-bucket", "contracts-no-reference");

    Script refused =
        deployScript(
            "--dry-run",
            "--skip-build",
            "--contracts",
            incomplete,
            "--stage-dir",
            temp.resolve("never-staged-2"));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "Reference table file:"
                + incomplete.resolve("reference/devices.csv")
                + " of joined dataset 'sensor_readings_with_devices' does not exist.")
        .contains("deploy stopped before any AWS call");

    ProcessedToCuratedPlan.Result result =
        curate(
            "--processed_path", "s3a://processed-bucket/processed",
            "--quarantine_path", "s3a://quarantine-bucket/quarantine",
            "--curated_path", "s3a://curated-bucket/no-reference/curated",
            "--contracts", "s3a://artifacts-bucket/contracts-no-reference/",
            "--sources", "sensor_readings",
            "--run_id", "no-reference");
    assertThat(result.failed()).containsExactly("sensor_readings_with_devices");
    assertThat(result.joins().get(0).error().orElseThrow())
        .contains("s3a://artifacts-bucket/contracts-no-reference/reference/devices.csv");
  }

  private List<SourceOutcome> rawToProcessed(String... args) {
    RawToProcessedConfig config =
        RawToProcessedConfig.fromArgs(GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, args));
    return new RawToProcessedPlan(spark, config, RunListener.NONE).run();
  }

  private ProcessedToCuratedPlan.Result curate(String... args) {
    ProcessedToCuratedConfig config =
        ProcessedToCuratedConfig.fromArgs(GlueArgs.parse(JobCatalog.PROCESSED_TO_CURATED, args));
    return new ProcessedToCuratedPlan(
            spark,
            config,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .run();
  }

  /** Runs deploy/deploy.sh with this JVM's java first on the PATH; output and error merged. */
  private static Script deployScript(Object... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "deploy/deploy.sh"));
    Arrays.stream(args).map(String::valueOf).forEach(command::add);
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
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

  /**
   * A table's rows as sorted JSON lines without the run-specific columns it has; {@code _raw_file}
   * is cut to its path below the raw root.
   */
  private List<String> rows(String path, String... runSpecific) {
    Dataset<Row> table = spark.read().format("delta").load(path);
    List<String> present = Arrays.asList(table.columns());
    if (present.contains(LakeColumns.RAW_FILE)) {
      // s3a://raw-bucket/raw/<source>/... and file:/.../testdata/raw/<source>/...
      table =
          table.withColumn(
              LakeColumns.RAW_FILE, regexp_extract(col(LakeColumns.RAW_FILE), "/raw/(.*)$", 1));
    }
    List<String> json =
        new ArrayList<>(
            table
                .drop(Arrays.stream(runSpecific).filter(present::contains).toArray(String[]::new))
                .toJSON()
                .collectAsList());
    json.sort(String::compareTo);
    return json;
  }
}
