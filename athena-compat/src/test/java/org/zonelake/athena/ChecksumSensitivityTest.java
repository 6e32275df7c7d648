package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The comparison is not blind: Spark reading one table and Trino another that differs in one value
 * of a column, the report names the column and the values, down to one unit in the last place of a
 * double; a timestamp that differs below the millisecond is, as documented, not a difference.
 */
@ExtendWith(TrinoLakeExtension.class)
class ChecksumSensitivityTest {

  private static final String COLUMNS =
      "(id INT, x DOUBLE, ts TIMESTAMP, m MAP<STRING, INT>, s STRUCT<a: STRING, b: DECIMAL(10,2)>)";

  private LakeTable create(TrinoLake lake, String name, String values) {
    String table = "delta.`" + lake.fixturePath(name) + "`";
    lake.spark().sql("CREATE TABLE " + table + " " + COLUMNS + " USING delta");
    lake.spark().sql("INSERT INTO " + table + " VALUES " + values);
    return lake.registerFixture(name);
  }

  @Test
  void aDifferentValueIsReportedWithItsColumnAndValues(TrinoLake lake) {
    LakeTable a =
        create(
            lake,
            "checksum_a",
            "(1, 0.1D, TIMESTAMP '2026-01-01 00:00:00.123456', map('k', 1),"
                + " named_struct('a', 'x', 'b', 1.50)),"
                + " (2, 2.5D, NULL, map('k', 2), named_struct('a', 'y', 'b', 2.00))");
    LakeTable b =
        create(
            lake,
            "checksum_b",
            "(1, 0.10000000000000002D, TIMESTAMP '2026-01-01 00:00:00.123999', map('k', 1),"
                + " named_struct('a', 'x', 'b', 1.50)),"
                + " (2, 2.5D, NULL, map('k', 3), named_struct('a', 'y', 'b', 2.01))");
    StructType schema = lake.spark().read().format("delta").load(a.path().toString()).schema();

    TableComparison.Report report =
        new TableComparison(lake.sparkSql(), lake.trinoSql())
            .compare("delta.`" + a.path() + "`", Dialect.TRINO.quote(b.name()), schema);

    assertThat(report.differences()).hasSize(3);
    assertThat(report.differences().get(0))
        .startsWith("column x (DOUBLE): Spark 2 values, checksum ")
        .contains("only Spark reads [4591870180066957722], only Trino reads [4591870180066957723]");
    assertThat(report.differences().get(1))
        .startsWith("column m (MAP<STRING, INT>)")
        .contains("only Spark reads [{k=2}], only Trino reads [{k=3}]");
    assertThat(report.differences().get(2))
        .startsWith("column s (STRUCT<a: STRING, b: DECIMAL(10,2)>)")
        .contains("only Spark reads [{y,2.00}], only Trino reads [{y,2.01}]");
  }
}
