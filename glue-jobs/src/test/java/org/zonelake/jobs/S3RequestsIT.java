package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.S3FaultProxy.Operation;

/**
 * What the jobs ask of S3: the requests of a first run, a rerun with nothing new and a run with one
 * new file per source, counted per operation by a proxy in front of the local store (raw→processed
 * and processed→curated on the sample data, through S3A, with the shipped contracts read from S3 as
 * on Glue). A rerun reads and lists only, and its requests are counted exactly: a run with nothing
 * new is what an hourly schedule runs most, and every request is a round trip on S3. The counts of
 * all runs are written to {@code target/s3-requests.md} (the figures of BENCHMARKS.md's items 54 to
 * 59, "Fewer requests to S3 per run" and after).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3RequestsIT {

  private static final String RAW = "s3a://raw-bucket/raw";
  private static final String PROCESSED = "s3a://processed-bucket/processed";
  private static final String QUARANTINE = "s3a://quarantine-bucket/quarantine";
  private static final String CURATED = "s3a://curated-bucket/curated";
  private static final String CONTRACTS = "s3a://artifacts-bucket/contracts/";

  /** One file more per source, copies of sample files under new names. */
  private static final List<String> NEW_FILES =
      List.of(
          "orders/year=2026/month=11/day=21/orders-0002.jsonl",
          "customers/year=2026/month=11/day=21/customers-0002.csv",
          "sensor_readings/year=2026/month=11/day=21/readings-0001.json",
          "web_logs/year=2026/month=11/day=22/access-0001.log");

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private LocalS3 s3;
  private S3FaultProxy proxy;

  /** The requests of each job of each run, in order. */
  private final List<Phase> phases = new ArrayList<>();

  private List<SourceOutcome> newFilesRun;

  private record Phase(String run, String job, Map<Operation, Long> requests) {
    long total() {
      return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    long writes() {
      return requests.get(Operation.PUT)
          + requests.get(Operation.DELETE)
          + requests.get(Operation.COPY)
          + requests.get(Operation.MULTIPART);
    }
  }

  @BeforeAll
  void runThreeTimesOnS3() throws Exception {
    s3 = LocalS3.start();
    s3.createBuckets(LocalS3.LAKE_BUCKETS);
    s3.upload(SampleLake.TESTDATA.resolve("raw"), "raw-bucket", "raw");
    s3.upload(SampleLake.SHIPPED_CONTRACTS, "artifacts-bucket", "contracts");
    s3.upload(SampleLake.TESTDATA.resolve("reference"), "artifacts-bucket", "contracts/reference");
    proxy = s3.attachThroughProxy(spark.sparkContext().hadoopConfiguration());

    run("first run", "run-1");
    run("rerun with nothing new", "run-2");
    Path extra = temp.resolve("new-files");
    for (String file : NEW_FILES) {
      Path copy = extra.resolve(file.replace("-000", "-new-000"));
      Files.createDirectories(copy.getParent());
      Files.copy(SampleLake.TESTDATA.resolve("raw").resolve(file), copy);
    }
    s3.upload(extra, "raw-bucket", "raw");
    newFilesRun = run("one new file per source", "run-3");
    writeReport(Path.of("target", "s3-requests.md"));
  }

  @AfterAll
  void stopTheStore() throws Exception {
    if (s3 != null) {
      s3.close(spark.sparkContext().hadoopConfiguration(), proxy);
    }
  }

  private List<SourceOutcome> run(String run, String runId) {
    Map<Operation, Long> start = proxy.requests();
    List<SourceOutcome> outcomes =
        new RawToProcessedPlan(
                spark,
                new RawToProcessedConfig(
                    "raw-to-processed",
                    runId,
                    new LakeLayout(
                        RAW, PROCESSED, QUARANTINE, PROCESSED + "/_checkpoints/raw_to_processed"),
                    Optional.of(CONTRACTS),
                    TableFormat.DELTA,
                    List.of(),
                    1000,
                    RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS),
                RunListener.NONE)
            .run();
    Map<Operation, Long> middle = proxy.requests();
    new ProcessedToCuratedPlan(
            spark,
            new ProcessedToCuratedConfig(
                "processed-to-curated",
                runId + "-curated",
                ZonePaths.of(PROCESSED, QUARANTINE),
                CURATED,
                Optional.of(CONTRACTS),
                List.of()),
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .run();
    phases.add(new Phase(run, "raw→processed", minus(middle, start)));
    phases.add(new Phase(run, "processed→curated", minus(proxy.requests(), middle)));
    return outcomes;
  }

  private static Map<Operation, Long> minus(
      Map<Operation, Long> later, Map<Operation, Long> earlier) {
    Map<Operation, Long> difference = new EnumMap<>(Operation.class);
    later.forEach((operation, n) -> difference.put(operation, n - earlier.get(operation)));
    return difference;
  }

  private void writeReport(Path file) throws IOException {
    StringBuilder table =
        new StringBuilder(
            "| run | job | requests | GET | HEAD | LIST | PUT | DELETE | COPY |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Phase phase : phases) {
      Map<Operation, Long> r = phase.requests();
      table.append(
          String.format(
              "| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d |%n",
              phase.run(),
              phase.job(),
              phase.total(),
              r.get(Operation.GET),
              r.get(Operation.HEAD),
              r.get(Operation.LIST),
              r.get(Operation.PUT),
              r.get(Operation.DELETE),
              r.get(Operation.COPY)));
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, table.toString());
  }

  @Test
  void theFirstAndTheNewFilesRunWriteAndTheRerunOnlyReads() {
    assertThat(phases)
        .extracting(p -> p.run() + " / " + p.job() + ": writes " + (p.writes() > 0))
        .containsExactly(
            "first run / raw→processed: writes true",
            "first run / processed→curated: writes true",
            "rerun with nothing new / raw→processed: writes false",
            "rerun with nothing new / processed→curated: writes false",
            "one new file per source / raw→processed: writes true",
            "one new file per source / processed→curated: writes true");
    assertThat(newFilesRun)
        .extracting(o -> o.source() + " " + o.status() + " " + o.counts().files())
        .containsExactly(
            "customers SUCCEEDED 1",
            "orders SUCCEEDED 1",
            "sensor_readings SUCCEEDED 1",
            "web_logs SUCCEEDED 1",
            "clickstream SKIPPED 0");
  }

  @Test
  void aRerunWithNothingNewAsksForExactlyTheseRequests() {
    assertThat(phases.get(2).requests()).isEqualTo(reads(18, 8, 36));
    // The curated rerun's listings include one of the joined datasets' states, for those no
    // longer declared.
    assertThat(phases.get(3).requests()).isEqualTo(reads(12, 20, 28));
  }

  /** Requests of these reads and listings, and no other. */
  private static Map<Operation, Long> reads(long get, long head, long list) {
    Map<Operation, Long> requests = new EnumMap<>(Operation.class);
    for (Operation operation : Operation.values()) {
      requests.put(operation, 0L);
    }
    requests.put(Operation.GET, get);
    requests.put(Operation.HEAD, head);
    requests.put(Operation.LIST, list);
    return requests;
  }
}
