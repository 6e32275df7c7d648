package org.zonelake.core.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.UnreadableLogFile;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import scala.Option;
import scala.collection.JavaConverters;

class DeltaReadsTest {

  private static final StructType SCHEMA = StructType.fromDDL("id STRING, amount BIGINT, day INT");

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  private void write(String path, SaveMode mode, Row... rows) {
    spark
        .createDataFrame(List.of(rows), SCHEMA)
        .write()
        .format("delta")
        .mode(mode)
        .partitionBy("day")
        .save(path);
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return TestRows.strings(rows.orderBy("id"));
  }

  /** The name of the file index the read's plan scans: which of Delta's two ways it reads by. */
  private static String fileIndex(Dataset<Row> rows) {
    List<String> indexes =
        JavaConverters.seqAsJavaList(rows.queryExecution().analyzed().collectLeaves()).stream()
            .filter(leaf -> leaf instanceof LogicalRelation)
            .map(leaf -> ((LogicalRelation) leaf).relation())
            .filter(relation -> relation instanceof HadoopFsRelation)
            .map(relation -> ((HadoopFsRelation) relation).location().getClass().getSimpleName())
            .toList();
    assertThat(indexes).hasSize(1);
    return switch (indexes.get(0)) {
      case "TahoeBatchFileIndex" -> "files of the commits";
      case "TahoeLogFileIndex" -> "Delta's scan";
      default -> indexes.get(0);
    };
  }

  @Test
  void aYoungTableIsReadFromItsCommitsFilesWithTheSameRowsAsDeltasScan() {
    String path = dir.resolve("young").toString();
    write(path, SaveMode.Append, RowFactory.create("a", 1L, 1), RowFactory.create("b", 2L, 2));
    write(path, SaveMode.Append, RowFactory.create("c", 3L, 2));
    // Replace day 2: its two rows' files are removed, one new row added.
    spark
        .createDataFrame(List.of(RowFactory.create("d", 4L, 2)), SCHEMA)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", "day = 2")
        .save(path);

    Dataset<Row> latest = DeltaReads.latest(spark, path);

    assertThat(fileIndex(latest)).isEqualTo("files of the commits");
    assertThat(sorted(latest)).containsExactly("[a,1,1]", "[d,4,2]");
    assertThat(sorted(latest)).isEqualTo(sorted(spark.read().format("delta").load(path)));
    assertThat(latest.schema()).isEqualTo(SCHEMA);
    assertThat(sorted(latest.where("day = 1"))).containsExactly("[a,1,1]");

    Dataset<Row> atOne = DeltaReads.at(spark, path, 1);
    assertThat(fileIndex(atOne)).isEqualTo("files of the commits");
    assertThat(sorted(atOne)).containsExactly("[a,1,1]", "[b,2,2]", "[c,3,2]");
    assertThat(sorted(DeltaReads.at(spark, path, 0))).containsExactly("[a,1,1]", "[b,2,2]");

    // The data files of a version, from its commits: those Delta's scan of it reads.
    assertThat(filesAt(path, 2)).hasSize(2).isEqualTo(deltasScanFiles(path, 2));
    assertThat(filesAt(path, 1)).hasSize(3).isEqualTo(deltasScanFiles(path, 1));
  }

  @Test
  void aTableWithACheckpointIsReadFromItsCheckpointAndTheCommitsAfterIt() {
    String path = dir.resolve("checkpointed").toString();
    write(path, SaveMode.Append, RowFactory.create("r0", 0L, 0));
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    write(path, SaveMode.Append, RowFactory.create("r1", 1L, 1));
    // Delta writes a checkpoint at version 2: the log no longer needs its first commits.
    assertThat(snapshot(path).logSegment().checkpointProvider().version()).isEqualTo(2);
    // Version 3, after the checkpoint, replaces day 0: r0's file is removed, r2's added.
    spark
        .createDataFrame(List.of(RowFactory.create("r2", 2L, 0)), SCHEMA)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", "day = 0")
        .save(path);
    assertThat(snapshot(path).logSegment().checkpointProvider().version()).isEqualTo(2);

    Dataset<Row> latest = DeltaReads.latest(spark, path);

    assertThat(fileIndex(latest)).isEqualTo("files of the commits");
    assertThat(sorted(latest)).containsExactly("[r1,1,1]", "[r2,2,0]");
    assertThat(sorted(latest)).isEqualTo(sorted(spark.read().format("delta").load(path)));
    Dataset<Row> atTwo = DeltaReads.at(spark, path, 2);
    assertThat(fileIndex(atTwo)).isEqualTo("files of the commits");
    assertThat(sorted(atTwo)).containsExactly("[r0,0,0]", "[r1,1,1]");
    // Version 1 has no checkpoint of its own: read from the files of its two commits.
    Dataset<Row> atOne = DeltaReads.at(spark, path, 1);
    assertThat(fileIndex(atOne)).isEqualTo("files of the commits");
    assertThat(sorted(atOne)).containsExactly("[r0,0,0]");
    assertThat(filesAt(path, 3)).hasSize(2).isEqualTo(deltasScanFiles(path, 3));
    assertThat(filesAt(path, 2)).hasSize(2).isEqualTo(deltasScanFiles(path, 2));
    assertThat(filesAt(path, 1)).hasSize(1).isEqualTo(deltasScanFiles(path, 1));

    // A checkpoint larger than the driver takes is left to Delta's scan.
    DeltaLog log = DeltaLog.forTable(spark, path);
    assertThat(DeltaReads.files(log, snapshot(path), DeltaReads.MAX_COMMITS, 1)).isEmpty();
  }

  @Test
  void aCheckpointIsReadOnTheDriverWithEveryFieldDeltaKeeps() throws Exception {
    String path = dir.resolve("checkpoint-fields").toString();
    write(path, SaveMode.Append, RowFactory.create("r0", 0L, 0));
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '3')");
    // A null partition value, a file with a null column, two files in one partition.
    write(path, SaveMode.Append, RowFactory.create("r1", null, null));
    write(path, SaveMode.Append, RowFactory.create("r2", 2L, 0), RowFactory.create("r3", 3L, 1));
    assertThat(snapshot(path).logSegment().checkpointProvider().version()).isEqualTo(3);

    DeltaLog.clearCache();
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    List<List<?>> files = new java.util.ArrayList<>();
    int jobs =
        org.zonelake.core.testing.SparkJobs.during(
            spark,
            () -> DeltaReads.files(log, snapshot).orElseThrow().forEach(f -> files.add(fields(f))));

    assertThat(jobs).isZero();
    assertThat(files)
        .hasSize(4)
        .containsExactlyInAnyOrderElementsOf(
            snapshot.allFiles().collectAsList().stream().map(DeltaReadsTest::fields).toList());
    assertThat(files).anyMatch(f -> ((java.util.Map<?, ?>) f.get(1)).containsValue(null));
  }

  /** What a read and a replace take of a file's entry: path, partition values, size, statistics. */
  private static List<?> fields(org.apache.spark.sql.delta.actions.AddFile file) {
    return Arrays.asList(
        file.path(),
        JavaConverters.mapAsJavaMap(file.partitionValues()),
        file.size(),
        file.modificationTime(),
        file.stats(),
        file.numLogicalRecords().getOrElse(() -> -1L));
  }

  @Test
  void aLogOfMoreCommitsThanTheDriverReplaysIsLeftToDeltasScan() {
    String path = dir.resolve("long").toString();
    for (int i = 0; i < 4; i++) {
      write(path, SaveMode.Append, RowFactory.create("r" + i, (long) i, i % 2));
    }
    DeltaLog log = DeltaLog.forTable(spark, path);

    // Versions 0 to 3, no checkpoint: four commits, one more than a limit of three.
    long anySize = DeltaReads.MAX_CHECKPOINT_BYTES;
    assertThat(DeltaReads.files(log, snapshot(path), 3, anySize)).isEmpty();
    assertThat(DeltaReads.files(log, snapshot(path), 4, anySize)).get().asList().hasSize(4);
    assertThat(
            DeltaReads.files(log, log.getSnapshotAt(2, Option.empty(), Option.empty()), 3, anySize))
        .get()
        .asList()
        .hasSize(3);
  }

  /**
   * A commit that does not parse is named with its table and file, from which the message people
   * read is made; the snapshot itself loads (its checksum holds the schema).
   */
  @Test
  void aCommitThatDoesNotParseIsNamedWithItsTable() throws java.io.IOException {
    Path table = dir.resolve("damaged");
    write(table.toString(), SaveMode.Append, RowFactory.create("a", 1L, 1));
    write(table.toString(), SaveMode.Append, RowFactory.create("b", 2L, 2));
    Path commit = table.resolve("_delta_log/00000000000000000001.json");
    java.nio.file.Files.writeString(commit, "{\"add\": {\"path\": \n");
    DeltaLog.clearCache();

    UnreadableLogFile failure =
        catchThrowableOfType(
            () -> DeltaReads.latest(spark, table.toString()), UnreadableLogFile.class);

    assertThat(failure.file()).isEqualTo(commit.toUri().toString());
    assertThat(LakeErrors.damagedTableLog(failure))
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "Table "
                + table
                + " cannot be read: Unexpected end-of-input within/between Object entries"
                + " (reading "
                + commit
                + "). Fix: restore the table (its _delta_log) from a copy; the runs that read it"
                + " fail until it can be read.");
  }

  private List<String> filesAt(String path, long version) {
    return DeltaReads.filesAt(spark, path, version).stream().sorted().toList();
  }

  private List<String> deltasScanFiles(String path, long version) {
    return Arrays.stream(
            spark.read().format("delta").option("versionAsOf", version).load(path).inputFiles())
        .sorted()
        .toList();
  }

  private Snapshot snapshot(String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }

  @Test
  void aReadOfOneValueLeavesUnreadTheFilesWhoseStatisticsLeaveItOut() {
    // One file per append, as the quality metrics table gets one per source and batch; ids cut
    // to Delta's statistics prefix and beyond keep their files in every read.
    String path = dir.resolve("appended").toString();
    write(path, SaveMode.Append, RowFactory.create("orders", 1L, 1));
    write(path, SaveMode.Append, RowFactory.create("web_logs", 2L, 1));
    write(
        path,
        SaveMode.Append,
        RowFactory.create("customers", 3L, 1),
        RowFactory.create("web_logs", 4L, 1));
    String longId = "x".repeat(DeltaReads.STATS_PREFIX);
    write(path, SaveMode.Append, RowFactory.create(longId, 5L, 1));

    Dataset<Row> webLogs = DeltaReads.latestWhere(spark, path, "id", "web_logs");
    assertThat(sorted(webLogs)).containsExactlyInAnyOrder("[web_logs,2,1]", "[web_logs,4,1]");
    // The files of "web_logs" alone, the third holding both "customers" and "web_logs", and the
    // file whose statistics are cut.
    assertThat(webLogs.inputFiles()).hasSize(3);
    assertThat(fileIndex(webLogs)).isEqualTo("files of the commits");

    Dataset<Row> orders = DeltaReads.latestWhere(spark, path, "id", "orders");
    assertThat(sorted(orders)).containsExactly("[orders,1,1]");
    assertThat(orders.inputFiles()).hasSize(2);
    assertThat(sorted(DeltaReads.latestWhere(spark, path, "id", longId)))
        .containsExactly("[" + longId + ",5,1]");
    assertThat(sorted(DeltaReads.latestWhere(spark, path, "id", "sensor_readings"))).isEmpty();
  }
}
