package org.zonelake.core.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;

/** The files a Delta table gained since a version, their rows, and whether they are still there. */
class DeltaChangesTest {

  private static final StructType SCHEMA = StructType.fromDDL("customer_id STRING, day INT");

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  private void append(String path, String customer, int day) {
    spark
        .createDataFrame(List.of(RowFactory.create(customer, day)), SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .save(path);
  }

  @Test
  void theAddedFilesTheirRowsAndWhetherTheyAreStillThere() throws Exception {
    String path = dir.resolve("customers").toString();
    DeltaTables.createIfMissing(spark, path, SCHEMA, List.of("day"), Map.of());
    append(path, "c-1", 1);
    append(path, "c-2", 2);
    append(path, "c-3", 2);

    DeltaChanges.Changes changes = DeltaChanges.between(spark, path, 1, 3).orElseThrow();

    assertThat(changes.added())
        .extracting(DeltaChanges.AddedFile::partitionValues)
        .containsExactly(Map.of("day", "2"), Map.of("day", "2"));
    assertThat(changes.addedRows(spark).orderBy("customer_id").collectAsList())
        .extracting(Object::toString)
        .containsExactly("[c-2]", "[c-3]");
    assertThat(changes.filesPresent(spark)).isTrue();

    // As a vacuum leaves it after a compaction replaced the file.
    Files.delete(Path.of(changes.added().get(0).path()));
    assertThat(changes.filesPresent(spark)).isFalse();
  }

  @Test
  void pathsNeedingUriEscapesComeBackAsTheFilesDeltaWrote() throws Exception {
    String path = dir.resolve("labels").toString();
    StructType schema = StructType.fromDDL("id INT, label STRING");
    // A space and a plus in the partition directory's name (and a percent sign, which the
    // directory's name escapes itself): the log names the file by its URI, "a%20b+c%2525d".
    spark
        .createDataFrame(List.of(RowFactory.create(1, "a b+c%d")), schema)
        .coalesce(1)
        .write()
        .format("delta")
        .partitionBy("label")
        .save(path);

    DeltaChanges.Changes changes = DeltaChanges.between(spark, path, -1, 0).orElseThrow();

    List<String> written;
    try (Stream<Path> files = Files.list(dir.resolve("labels").resolve("label=a b+c%25d"))) {
      written = files.filter(f -> f.toString().endsWith(".parquet")).map(Path::toString).toList();
    }
    assertThat(written).hasSize(1);
    assertThat(changes.added())
        .containsExactly(new DeltaChanges.AddedFile(written.get(0), Map.of("label", "a b+c%d")));
    assertThat(changes.filesPresent(spark)).isTrue();
    assertThat(changes.addedRows(spark).collectAsList())
        .extracting(Object::toString)
        .containsExactly("[1]");
  }
}
