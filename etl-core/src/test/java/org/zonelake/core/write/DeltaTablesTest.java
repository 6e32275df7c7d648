package org.zonelake.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;

class DeltaTablesTest {

  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("amount", DataTypes.LongType)
          .add("day", DataTypes.IntegerType);

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  /** The operations of the table's history, newest first. */
  private List<String> operations(String path) {
    return spark
        .sql("DESCRIBE HISTORY delta.`" + path + "`")
        .select("operation")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  @Test
  void aNewTableIsOneCommitAthenaReadsAndASecondCreateChangesNothing() {
    String path = dir.resolve("orders").toString();

    DeltaTables.createIfMissing(spark, path, SCHEMA, List.of("day"), Map.of("zonelake.x", "1"));
    DeltaTables.createIfMissing(spark, path, SCHEMA, List.of("day"), Map.of("zonelake.x", "2"));

    assertThat(DeltaTables.latestVersion(spark, path)).isZero();
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").head();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).isEqualTo(2);
    assertThat(detail.<String>getAs("format")).isEqualTo("delta");
    assertThat(detail.getList(detail.fieldIndex("partitionColumns"))).containsExactly("day");
    assertThat(detail.getJavaMap(detail.fieldIndex("properties")))
        .isEqualTo(Map.of("delta.enableDeletionVectors", "false", "zonelake.x", "1"));
    assertThat(spark.read().format("delta").load(path).schema().fieldNames())
        .containsExactly("id", "amount", "day");
    assertThat(spark.read().format("delta").load(path).count()).isZero();
    assertThat(operations(path)).containsExactly("CREATE TABLE");
  }

  @Test
  void aTableCreatedWithRowsHasThemAsItsFirstVersionAndAnExistingTableIsLeftAlone() {
    String path = dir.resolve("daily").toString();
    org.apache.spark.sql.Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create("a", 3L, 1),
                org.apache.spark.sql.RowFactory.create("b", 5L, 2),
                org.apache.spark.sql.RowFactory.create("c", 7L, 2)),
            SCHEMA);

    assertThat(
            DeltaTables.createWith(spark, path, rows, List.of("day"), "{\"run_id\":\"r1\"}", false))
        .isEqualTo(java.util.OptionalLong.of(3));
    assertThat(DeltaTables.createWith(spark, path, rows.limit(1), List.of("day"), "r2", false))
        .isEmpty();

    assertThat(DeltaTables.latestVersion(spark, path)).isZero();
    assertThat(DeltaTables.rowsWrittenByLatestCommit(spark, path)).isEqualTo(3);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").head();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).isEqualTo(2);
    assertThat(detail.getList(detail.fieldIndex("partitionColumns"))).containsExactly("day");
    assertThat(detail.getJavaMap(detail.fieldIndex("properties")))
        .isEqualTo(Map.of("delta.enableDeletionVectors", "false"));
    assertThat(spark.read().format("delta").load(path).orderBy("id").toJSON().collectAsList())
        .containsExactly(
            "{\"id\":\"a\",\"amount\":3,\"day\":1}",
            "{\"id\":\"b\",\"amount\":5,\"day\":2}",
            "{\"id\":\"c\",\"amount\":7,\"day\":2}");
    assertThat(dir.resolve("daily/day=2")).isDirectory();
    assertThat(operations(path)).containsExactly("WRITE");
    assertThat(
            spark.sql("DESCRIBE HISTORY delta.`" + path + "`").head().<String>getAs("userMetadata"))
        .isEqualTo("{\"run_id\":\"r1\"}");
  }

  @Test
  void aWriteWhoseFilesCarryNoRowCountsIsRefusedAndCommitsNothing() throws Exception {
    String path = dir.resolve("counted").toString();
    org.apache.spark.sql.Dataset<Row> rows =
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a", 3L, 1)), SCHEMA);
    DeltaTables.createWith(spark, path, rows, List.of("day"), "r1", false);
    String expected =
        "Table file:"
            + path
            + ": the files just written carry no row counts: Delta's statistics collection is off"
            + " (spark.databricks.delta.stats.collect is false), and the jobs count the rows they"
            + " write, and readers skip files, by the files' statistics. Nothing was committed."
            + " Fix: remove that setting, or set it to true, for the lake's jobs.";

    TestSpark.withSettings(
        Map.of("spark.databricks.delta.stats.collect", "false"),
        () -> {
          TableFormat.Append append =
              TableFormat.DELTA.append(spark, path, List.of("day"), "test-writer", 1);
          assertThatThrownBy(() -> append.write(rows))
              .isInstanceOf(org.zonelake.core.errors.LakeException.class)
              .hasMessage(expected);
          String created = dir.resolve("created").toString();
          assertThatThrownBy(
                  () -> DeltaTables.createWith(spark, created, rows, List.of("day"), "r1", false))
              .isInstanceOf(org.zonelake.core.errors.LakeException.class)
              .hasMessage(expected.replace(path, created));
          assertThat(Files.exists(Path.of(created, "_delta_log", "00000000000000000000.json")))
              .isFalse();
          // A curated replace of the existing table's day counts its rows the same way.
          assertThatThrownBy(
                  () ->
                      new CuratedTableWriter(spark, "processed-to-curated", "r2")
                          .replace(rows, path, List.of("day"), "day = 1"))
              .isInstanceOf(org.zonelake.core.errors.LakeException.class)
              .hasMessage(expected);
          return null;
        });
    assertThat(DeltaTables.latestVersion(spark, path)).isZero();
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(1);
  }

  /**
   * A curated table whose first write was killed before its commit left data files no log lists:
   * the next write creates the table over them, and reads show only its rows; other files are still
   * refused.
   */
  @Test
  void aCuratedTablesKilledFirstWriteLeavesNothingTheNextWriteCannotReplace() throws Exception {
    Path table = dir.resolve("daily_summary");
    Path day = Files.createDirectories(table.resolve("day=1"));
    String name = "part-00000-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0.c000.snappy.parquet";
    Files.writeString(day.resolve(name), "cut short");
    Files.writeString(day.resolve("." + name + ".crc"), "crc");
    Files.createDirectories(table.resolve("_delta_log"));
    org.apache.spark.sql.Dataset<Row> rows =
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a", 5L, 2)), SCHEMA);

    assertThat(
            new CuratedTableWriter(spark, "processed-to-curated", "r2")
                .overwrite(rows, table.toString(), List.of("day")))
        .isEqualTo(1);
    assertThat(day.resolve(name)).exists();
    assertThat(spark.read().format("delta").load(table.toString()).collectAsList())
        .containsExactly(org.apache.spark.sql.RowFactory.create("a", 5L, 2));

    Path other = Files.createDirectories(dir.resolve("hourly_metrics").resolve("day=1"));
    Files.writeString(other.resolve(name), "cut short");
    Files.writeString(other.getParent().resolve("notes.txt"), "someone's file");
    assertThatThrownBy(
            () ->
                new CuratedTableWriter(spark, "processed-to-curated", "r2")
                    .overwrite(rows, other.getParent().toString(), List.of("day")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the directory already holds ");
    assertThat(other.resolve(name)).exists();
  }

  @Test
  void aDirectoryHoldingFilesOfNoTableIsRefused() throws Exception {
    Path orders = Files.createDirectories(dir.resolve("orders"));
    Files.writeString(orders.resolve("part-00000.parquet"), "not a Delta table's file");
    String path = orders.toString();

    assertThatThrownBy(() -> DeltaTables.createIfMissing(spark, path, SCHEMA, List.of("day")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot create a Delta table at file:"
                + path
                + ": the directory already holds part-00000.parquet, which no Delta table lists."
                + " Move those files away or point the table elsewhere.");
    assertThat(orders.resolve("_delta_log")).doesNotExist();
  }
}
