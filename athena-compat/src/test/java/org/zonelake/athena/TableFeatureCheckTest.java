package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compatibility check catches the Delta features that break the lake's rule for Athena (reader
 * version 1) even though Trino itself reads them: a fixture table with deletion vectors, one with
 * column mapping, and a plain one for contrast.
 */
@ExtendWith(TrinoLakeExtension.class)
class TableFeatureCheckTest {

  @Test
  void deletionVectorsFailTheCheckNamingTheTableAndTheFeature(TrinoLake lake) {
    String table =
        fixture(
            lake,
            "dv_fixture",
            "'delta.enableDeletionVectors' = 'true'",
            "(1, 'a'), (2, 'b'), (3, 'c')");
    SparkSession spark = lake.spark();
    spark.sql("DELETE FROM " + table + " WHERE id = 2");
    assertThat(
            spark
                .sql("DESCRIBE HISTORY " + table)
                .where("operation = 'DELETE'")
                .selectExpr("operationMetrics['numDeletionVectorsAdded']")
                .first()
                .getString(0))
        .as("the DELETE wrote a deletion vector instead of rewriting the file")
        .isEqualTo("1");

    // Trino 476 applies the deletion vector and reads the same two rows: only the rule catches it.
    assertFailsTheCheckReadingTwoRows(
        lake,
        "dv_fixture",
        "needs Delta reader version 3 for deletionVectors",
        "delta.enableDeletionVectors=true");
  }

  @Test
  void columnMappingFailsTheCheckNamingTheTableAndTheFeature(TrinoLake lake) {
    String table =
        fixture(
            lake,
            "column_mapping_fixture",
            "'delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2',"
                + " 'delta.minWriterVersion' = '5'",
            "(1, 'a'), (2, 'b')");
    lake.spark().sql("ALTER TABLE " + table + " RENAME COLUMN name TO label");

    assertFailsTheCheckReadingTwoRows(
        lake,
        "column_mapping_fixture",
        "needs Delta reader version 2 for columnMapping",
        "delta.columnMapping.mode=name");
  }

  @Test
  void aTableWithoutThemPassesTheCheck(TrinoLake lake) {
    String path = lake.fixturePath("plain_fixture").toString();
    lake.spark()
        .sql("CREATE TABLE delta.`" + path + "` USING delta AS SELECT 1 AS id, 'a' AS name");

    AthenaCompatibility.Report report =
        lake.compatibility().verify(lake.registerFixture("plain_fixture"));

    assertThat(report.compatible()).isTrue();
    assertThat(report.rows()).isEqualTo(1);
  }

  /**
   * Creates fixture table {@code name} (id INT, name STRING) with the table {@code properties} and
   * inserts {@code rows}.
   *
   * @return the table as Spark names it by its path
   */
  private static String fixture(TrinoLake lake, String name, String properties, String rows) {
    String table = "delta.`" + lake.fixturePath(name) + "`";
    lake.spark()
        .sql(
            "CREATE TABLE "
                + table
                + " (id INT, name STRING) USING delta TBLPROPERTIES ("
                + properties
                + ")");
    lake.spark().sql("INSERT INTO " + table + " VALUES " + rows);
    return table;
  }

  /**
   * The check of fixture {@code name} fails naming the table, the {@code feature} it needs and the
   * {@code property} that turned it on, as its one problem, while Trino reads the table's two rows.
   */
  private static void assertFailsTheCheckReadingTwoRows(
      TrinoLake lake, String name, String feature, String property) {
    LakeTable table = lake.registerFixture(name);
    AthenaCompatibility compatibility = lake.compatibility();

    assertThatThrownBy(() -> compatibility.verify(table))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Table " + name + " (")
        .hasMessageContaining(feature)
        .hasMessageContaining(property);
    AthenaCompatibility.Report report = compatibility.check(table);
    assertThat(report.problems()).hasSize(1);
    assertThat(report.rows()).isEqualTo(2);
  }
}
