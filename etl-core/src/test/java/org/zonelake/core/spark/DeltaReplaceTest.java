package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.SparkJobs;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;

/**
 * {@link DeltaReplace} leaves a table as Delta's {@code replaceWhere} leaves it, with the same
 * commit metrics, without Delta's reconstruction of the table's state; it declines (does nothing)
 * where its choice of files would not be exact, and refuses new rows the predicate does not select.
 */
class DeltaReplaceTest {

  private static final StructType SCHEMA =
      StructType.fromDDL("source STRING, year INT, month INT, day INT, orders BIGINT");

  private static final List<String> PARTITIONS = List.of("source", "year", "month");

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> rows(Object[]... values) {
    return spark.createDataFrame(List.of(values).stream().map(RowFactory::create).toList(), SCHEMA);
  }

  /** A table of two sources, two days of November and one of December each, in two commits. */
  private String table(String name) {
    String path = dir.resolve(name).toString();
    DeltaTables.createWith(
        spark,
        path,
        rows(
                new Object[] {"orders", 2026, 11, 20, 5L},
                new Object[] {"orders", 2026, 11, 21, 6L},
                new Object[] {"web_logs", 2026, 11, 20, 7L})
            .coalesce(1),
        PARTITIONS,
        "{}",
        false);
    rows(new Object[] {"orders", 2026, 12, 1, 8L}, new Object[] {"web_logs", 2026, 11, 21, 9L})
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .save(path);
    return path;
  }

  private List<String> contents(String path) {
    return TestRows.strings(
        DeltaReads.latest(spark, path).orderBy("source", "year", "month", "day"));
  }

  private static final String ORDERS_20TH =
      "(source = 'orders' AND ((year = 2026 AND month = 11 AND day = 20)))";

  @Test
  void replacesTheMatchingRowsAsDeltasReplaceWhereDoesWithoutRebuildingTheTablesState()
      throws Exception {
    String ours = table("ours");
    String deltas = table("deltas");
    Dataset<Row> corrected = rows(new Object[] {"orders", 2026, 11, 20, 50L}).coalesce(1);

    DeltaLog.clearCache();
    OptionalLong[] written = new OptionalLong[1];
    int jobs =
        SparkJobs.during(
            spark,
            () -> written[0] = DeltaReplace.replace(spark, ours, corrected, ORDERS_20TH, "{}"));
    DeltaLog.clearCache();
    int deltasJobs =
        SparkJobs.during(
            spark,
            () ->
                corrected
                    .write()
                    .format("delta")
                    .mode("overwrite")
                    .option("replaceWhere", ORDERS_20TH)
                    .save(deltas));

    assertThat(contents(ours))
        .containsExactly(
            "[orders,2026,11,20,50]",
            "[orders,2026,11,21,6]",
            "[orders,2026,12,1,8]",
            "[web_logs,2026,11,20,7]",
            "[web_logs,2026,11,21,9]")
        .isEqualTo(contents(deltas));
    // The new row and the copied one (the 21st, which shared a file with the 20th), as Delta
    // counts.
    assertThat(written[0]).hasValue(2);
    assertThat(DeltaCommit.rowsWrittenByLatestCommit(spark, ours))
        .isEqualTo(DeltaCommit.rowsWrittenByLatestCommit(spark, deltas))
        .isEqualTo(2);
    // Two writes (the copied rows, the new ones); Delta's DELETE also rebuilds the table's state
    // and looks for the files holding matching rows.
    assertThat(jobs).isEqualTo(2);
    assertThat(deltasJobs).isGreaterThan(jobs);
    // Only the file of orders in November was rewritten (into the copied row and the new one):
    // the files of December and of web_logs stay.
    assertThat(DeltaReads.filesAt(spark, ours, 2))
        .hasSize(5)
        .containsAll(
            DeltaReads.filesAt(spark, ours, 1).stream()
                .filter(file -> !file.contains("source=orders/year=2026/month=11"))
                .toList());
  }

  @Test
  void aPredicateOnPartitionColumnsOnlyRemovesWholeFiles() {
    String path = table("partitions");

    OptionalLong written =
        DeltaReplace.replace(
            spark,
            path,
            rows(new Object[] {"web_logs", 2026, 11, 22, 1L}),
            "source = 'web_logs'",
            "{}");

    assertThat(written).hasValue(1);
    assertThat(contents(path))
        .containsExactly(
            "[orders,2026,11,20,5]",
            "[orders,2026,11,21,6]",
            "[orders,2026,12,1,8]",
            "[web_logs,2026,11,22,1]");
  }

  @Test
  void declinesAPredicateWhoseValueWithUnknownColumnsIsNotExact() {
    String path = table("declined");

    // `<=>` and coalesce() are not unknown when a column is: a file's partition values cannot
    // tell whether its rows match.
    for (String predicate :
        List.of(
            "source = 'orders' AND day <=> 20", "coalesce(day, 20) = 20 AND source = 'orders'")) {
      assertThat(
              DeltaReplace.replace(
                  spark, path, rows(new Object[] {"orders", 2026, 11, 20, 1L}), predicate, "{}"))
          .isEmpty();
    }
    // Nor rows whose columns differ from the table's.
    assertThat(
            DeltaReplace.replace(
                spark,
                path,
                rows(new Object[] {"orders", 2026, 11, 20, 1L}).drop("orders"),
                ORDERS_20TH,
                "{}"))
        .isEmpty();
    assertThat(DeltaTables.latestVersion(spark, path)).isEqualTo(1);
  }

  @Test
  void refusesNewRowsThePredicateDoesNotSelectAndCommitsNothing() {
    String path = table("refused");

    assertThatThrownBy(
            () ->
                DeltaReplace.replace(
                    spark,
                    path,
                    rows(new Object[] {"orders", 2026, 11, 22, 1L}),
                    ORDERS_20TH,
                    "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot replace the rows of "
                + path
                + " where "
                + ORDERS_20TH
                + ": a new row does not match that predicate (")
        .hasMessageEndingWith("). Replace only rows the predicate selects.");
    assertThat(DeltaTables.latestVersion(spark, path)).isEqualTo(1);
    assertThat(contents(path)).hasSize(5);
  }

  /** Lets the test thread commit to a table while a replace of it is writing its new rows. */
  private static final CountDownLatch WRITING = new CountDownLatch(1);

  private static final CountDownLatch COMMITTED_MEANWHILE = new CountDownLatch(1);

  @Test
  void aCommitByAnotherWriterMeanwhileFailsTheReplaceAndNothingOfItIsCommitted() throws Exception {
    String path = table("contended");
    spark
        .udf()
        .register(
            "after_the_other_commit",
            (UDF1<Long, Long>)
                orders -> {
                  WRITING.countDown();
                  COMMITTED_MEANWHILE.await(60, TimeUnit.SECONDS);
                  return orders;
                },
            DataTypes.LongType);
    Dataset<Row> corrected =
        rows(new Object[] {"orders", 2026, 11, 20, 50L})
            .withColumn("orders", callUDF("after_the_other_commit", col("orders")))
            .coalesce(1);
    ExecutorService replacing = Executors.newSingleThreadExecutor();
    try {
      Future<OptionalLong> replace =
          replacing.submit(() -> DeltaReplace.replace(spark, path, corrected, ORDERS_20TH, "{}"));
      assertThat(WRITING.await(60, TimeUnit.SECONDS)).isTrue();
      rows(new Object[] {"web_logs", 2026, 11, 23, 3L})
          .write()
          .format("delta")
          .mode("append")
          .save(path);
      COMMITTED_MEANWHILE.countDown();

      assertThatThrownBy(replace::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(org.apache.spark.sql.delta.ConcurrentAppendException.class);
    } finally {
      replacing.shutdownNow();
    }
    // The other writer's row is in; the replace left nothing (the 20th still holds 5 orders).
    assertThat(DeltaTables.latestVersion(spark, path)).isEqualTo(2);
    assertThat(contents(path))
        .containsExactly(
            "[orders,2026,11,20,5]",
            "[orders,2026,11,21,6]",
            "[orders,2026,12,1,8]",
            "[web_logs,2026,11,20,7]",
            "[web_logs,2026,11,21,9]",
            "[web_logs,2026,11,23,3]");
  }

  @Test
  void keepsTheRunsNoteInTheCommit() {
    String path = table("noted");
    DeltaReplace.replace(
        spark,
        path,
        rows(new Object[] {"orders", 2026, 11, 20, 1L}),
        ORDERS_20TH,
        "{\"job\":\"processed-to-curated\",\"run_id\":\"r1\"}");

    Row last =
        io.delta.tables.DeltaTable.forPath(spark, path)
            .history(1)
            .selectExpr("operation", "userMetadata", "operationParameters['predicate']")
            .head();
    assertThat(last.toString())
        .isEqualTo(
            "[WRITE,{\"job\":\"processed-to-curated\",\"run_id\":\"r1\"}," + ORDERS_20TH + "]");
  }
}
