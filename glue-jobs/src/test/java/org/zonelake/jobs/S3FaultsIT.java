package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.S3FaultProxy.Fault;
import org.zonelake.jobs.S3FaultProxy.Operation;
import org.zonelake.jobs.S3FaultProxy.Rule;

/**
 * S3 failing beyond the retries the README recommends (with shorter waits between them), through
 * {@link S3FaultProxy} in front of the local store: the orders source's run fails with an error
 * naming the S3 operation and the object, commits nothing and quarantines no file; once the store
 * is well again, the next run commits exactly what a run that never failed commits. And a file
 * written in parts (a multipart upload) whose every part fails once arrives whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3FaultsIT {

  private static final String PROCESSED = "s3a://processed-bucket/processed";
  private static final String ORDERS = PROCESSED + "/orders";
  private static final String QUARANTINE = "s3a://quarantine-bucket/quarantine";

  private final SparkSession spark = TestSpark.session();
  private LocalS3 s3;
  private S3FaultProxy proxy;
  private int runs;

  @BeforeAll
  void startTheStoreBehindTheProxy() throws Exception {
    s3 = LocalS3.start();
    s3.createBuckets(List.of("raw-bucket", "processed-bucket", "quarantine-bucket"));
    s3.upload(SampleLake.TESTDATA.resolve("raw/orders"), "raw-bucket", "raw/orders");
    proxy = s3.attachThroughProxy(spark.sparkContext().hadoopConfiguration());
  }

  @AfterAll
  void stopThem() throws Exception {
    if (s3 != null) {
      s3.close(spark.sparkContext().hadoopConfiguration(), proxy);
    }
  }

  private SourceOutcome runOrders() {
    RawToProcessedConfig config =
        new RawToProcessedConfig(
            "raw-to-processed",
            "faults-run-" + ++runs,
            new LakeLayout(
                "s3a://raw-bucket/raw", PROCESSED, QUARANTINE, PROCESSED + "/_checkpoints"),
            Optional.empty(),
            TableFormat.DELTA,
            List.of("orders"),
            1000,
            RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
    List<SourceOutcome> outcomes =
        new RawToProcessedPlan(spark, config, RunListener.NONE)
            .run().stream().filter(o -> o.source().equals("orders")).toList();
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  /** The latest version and the row count of processed/orders, then of quarantine/orders. */
  private List<Long> versionsAndRows() {
    List<Long> figures = new java.util.ArrayList<>();
    for (String table : List.of(ORDERS, QUARANTINE + "/orders")) {
      figures.add(DeltaTables.latestVersion(spark, table));
      figures.add(spark.read().format("delta").load(table).count());
    }
    return figures;
  }

  private boolean exists(String path) throws IOException {
    return FileSystem.get(URI.create(path), spark.sparkContext().hadoopConfiguration())
        .exists(new org.apache.hadoop.fs.Path(path));
  }

  @Test
  @Order(1)
  void rawFilesTheStoreCannotServeFailTheRunAndAreNotQuarantined() throws IOException {
    proxy.failWith(
        List.of(Rule.always(Operation.GET, "^raw-bucket/raw/orders/", Fault.CONNECTION_RESET)));
    SourceOutcome failed = runOrders();
    proxy.failWith(List.of());

    assertThat(failed.status()).isEqualTo(SourceOutcome.Status.FAILED);
    String file = "s3a://raw-bucket/raw/orders/year=2026/month=11/day=20/orders-0001.jsonl";
    assertThat(failed.message())
        .contains(
            "Raw file "
                + file
                + " could not be read from its store: re-open "
                + file
                + " at 0 on "
                + file
                + ": Unable to execute HTTP request: Connection reset. This is a failure of the"
                + " store, not of the file: the file is not quarantined, nothing of its batch was"
                + " committed, and the next run reads it again. Fix: check that the store is"
                + " reachable; for S3 answering with errors (503 SlowDown, 500), run again later"
                + " or give S3A more retries (fs.s3a.retry.limit, fs.s3a.retry.throttle.limit).");
    assertThat(proxy.failedRequests())
        .allSatisfy(r -> assertThat(r.object()).startsWith("raw-bucket/raw/orders/year=2026/"));
    // The tables the batch creates before it reads, empty, and no file quarantined.
    assertThat(versionsAndRows()).containsExactly(0L, 0L, 0L, 0L);
    assertThat(exists(QUARANTINE + "/_files/orders")).isFalse();
  }

  @Test
  @Order(2)
  void dataFilesTheStoreRefusesFailTheRunNamingTheObjectAndCommitNothing() throws IOException {
    proxy.failWith(
        List.of(
            Rule.always(
                Operation.PUT, "^processed-bucket/processed/orders/year=", Fault.INTERNAL_ERROR)));
    SourceOutcome failed = runOrders();
    List<S3FaultProxy.Request> refused = proxy.failedRequests();
    proxy.failWith(List.of());

    assertThat(failed.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(failed.message().orElseThrow())
        .startsWith("Source 'orders' failed: its store kept failing: ")
        .contains("Writing Object on processed/orders/year=2026/month=11/day=")
        .endsWith(
            ".snappy.parquet: S3 answered 500 InternalError. Nothing of the failed batch was"
                + " committed; its raw files will be read again by the next run. Fix: check that"
                + " the store is reachable; for S3 answering with errors (503 SlowDown, 500), run"
                + " again later or give S3A more retries (fs.s3a.retry.limit,"
                + " fs.s3a.retry.throttle.limit).")
        .contains("Nothing of the failed batch was committed");
    // The first attempt and the retries: one S3A attempt plus fs.s3a.retry.limit, each of them
    // fs.s3a.attempts.maximum requests.
    assertThat(refused).hasSizeGreaterThanOrEqualTo((1 + 4) * 3);
    assertThat(refused)
        .allSatisfy(
            r ->
                assertThat(r.object())
                    .startsWith("processed-bucket/processed/orders/year=2026/month=11/day="));
    assertThat(versionsAndRows()).containsExactly(0L, 0L, 0L, 0L);
  }

  @Test
  @Order(3)
  void onceTheStoreIsWellTheNextRunCommitsExactlyOnce() {
    SourceOutcome outcome = runOrders();

    assertThat(outcome.status())
        .as(outcome.message().orElse(""))
        .isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(SampleLake.figures(outcome.counts())).containsExactly(3L, 20L, 10L, 3L, 7L);
    assertThat(versionsAndRows()).containsExactly(1L, 10L, 1L, 7L);
  }

  @Test
  @Order(4)
  void aMultipartUploadWhosePartsEachFailOnceArrivesWhole() throws IOException {
    Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
    hadoop.set("fs.s3a.multipart.size", "5M");
    hadoop.set("fs.s3a.multipart.threshold", "5M");
    byte[] bytes = new byte[12 << 20];
    new Random(7).nextBytes(bytes);
    org.apache.hadoop.fs.Path path =
        new org.apache.hadoop.fs.Path("s3a://processed-bucket/big/twelve-megabytes.bin");
    // Every other multipart request fails: each failed one passes when it is retried.
    proxy.failWith(
        List.of(
            Rule.every(Operation.MULTIPART, 2, List.of(Fault.SLOW_DOWN, Fault.INTERNAL_ERROR))));
    try (FileSystem fs = FileSystem.newInstance(path.toUri(), hadoop)) {
      try (OutputStream out = fs.create(path)) {
        out.write(bytes);
      }
      proxy.failWith(List.of());
      byte[] read;
      try (InputStream in = fs.open(path)) {
        read = in.readAllBytes();
      }
      assertThat(read).isEqualTo(bytes);
    }
    // Initiate, three parts (5, 5 and 2 MB), complete: five requests pass, four fail between them.
    assertThat(proxy.injected().get(Operation.MULTIPART))
        .containsEntry(Fault.SLOW_DOWN, 2L)
        .containsEntry(Fault.INTERNAL_ERROR, 2L);
  }
}
