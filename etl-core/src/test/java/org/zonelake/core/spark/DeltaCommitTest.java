package org.zonelake.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.SparkJobs;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import scala.Option;

/**
 * What a run reads of a Delta table's log on the driver, without the Spark jobs Delta would run:
 * the log before a batch's appends ({@link DeltaCommit#readLog}: a small table's log replayed, its
 * checkpoint included, not Delta's state reconstruction, and a retried append still finds the
 * commit it made), and the rows a commit wrote ({@link DeltaCommit#rowsWrittenByLatestCommit}).
 */
class DeltaCommitTest {

  private static final StructType SCHEMA = StructType.fromDDL("id STRING, amount BIGINT, day INT");

  private static final String WRITER = "orders-processed";

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  /** Appends one row as {@link #WRITER}'s batch {@code batch}. */
  private void append(String path, long batch) {
    DeltaCommit commit = DeltaCommit.start(spark, path, WRITER, batch);
    commit.write(spark.createDataFrame(List.of(RowFactory.create("r" + batch, batch, 1)), SCHEMA));
    commit.commit();
  }

  private String table(String name) {
    String path = dir.resolve(name).toString();
    DeltaTables.createIfMissing(spark, path, SCHEMA, List.of("day"), Map.of());
    return path;
  }

  private int jobsOfReadLog(String path) throws Exception {
    // As a new run finds the table: nothing of its log in memory yet.
    DeltaLog.clearCache();
    return SparkJobs.during(spark, () -> DeltaCommit.readLog(spark, path));
  }

  @Test
  void aSmallTablesLogIsReadWithoutASparkJobAndARetriedAppendFindsItsCommit() throws Exception {
    String path = table("young");
    append(path, 3);
    append(path, 4);

    assertThat(jobsOfReadLog(path)).isZero();
    // What it replaces: Delta's state of the same log, which a retried batch's check reads.
    DeltaLog.clearCache();
    assertThat(
            SparkJobs.during(
                spark,
                () ->
                    DeltaLog.forTable(spark, path)
                        .update(false, Option.empty(), Option.empty())
                        .transactions()))
        .isPositive();

    DeltaLog.clearCache();
    DeltaCommit.readLog(spark, path);
    assertThat(DeltaCommit.start(spark, path, WRITER, 4).alreadyCommitted()).isTrue();
    assertThat(DeltaCommit.start(spark, path, WRITER, 5).alreadyCommitted()).isFalse();
    assertThat(DeltaCommit.start(spark, path, "orders-quarantine", 4).alreadyCommitted()).isFalse();
  }

  @Test
  void aTableWithACheckpointHasItsCheckpointReadWithoutASparkJob() throws Exception {
    String path = table("checkpointed");
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    append(path, 1);
    append(path, 2);
    DeltaLog.clearCache();
    assertThat(
            DeltaLog.forTable(spark, path)
                .update(false, Option.empty(), Option.empty())
                .logSegment()
                .checkpointProvider()
                .version())
        .isEqualTo(2);

    assertThat(jobsOfReadLog(path)).isZero();
    assertThat(DeltaCommit.start(spark, path, WRITER, 2).alreadyCommitted()).isTrue();
  }

  @Test
  void theRowsACommitWroteAreReadFromItsFileWithoutASparkJob() throws Exception {
    String path = table("daily");
    assertThat(DeltaCommit.rowsWrittenByLatestCommit(spark, path)).isZero();
    spark
        .createDataFrame(
            List.of(RowFactory.create("a", 1L, 1), RowFactory.create("b", 2L, 1)), SCHEMA)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "day = 1")
        .save(path);
    DeltaLog.clearCache();

    long[] rows = new long[1];
    assertThat(
            SparkJobs.during(
                spark, () -> rows[0] = DeltaCommit.rowsWrittenByLatestCommit(spark, path)))
        .isZero();
    assertThat(rows[0]).isEqualTo(2);
    // Delta's history of the commit says the same.
    assertThat(
            io.delta.tables.DeltaTable.forPath(spark, path)
                .history(1)
                .selectExpr("operationMetrics['numOutputRows']")
                .head()
                .getString(0))
        .isEqualTo("2");
  }
}
