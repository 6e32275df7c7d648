package org.zonelake.athena;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The check that a Delta table is readable by Athena engine v3 as Spark reads it: its protocol,
 * properties and schema keep to the lake's rule ({@link TableFeatures}), and Trino, registered on
 * the same files, reads the same columns, types, rows and values as Spark ({@link
 * TableComparison}).
 */
final class AthenaCompatibility {

  /**
   * The outcome for one table.
   *
   * @param table the table
   * @param rows the rows Spark reads (-1 when the columns already differ)
   * @param columns the columns compared
   * @param problems one line per problem, each naming the table; empty when compatible
   */
  record Report(LakeTable table, long rows, int columns, List<String> problems) {

    /** Whether Athena reads the table as Spark does. */
    boolean compatible() {
      return problems.isEmpty();
    }
  }

  private final SparkSession spark;
  private final TableComparison comparison;

  AthenaCompatibility(SparkSession spark, SqlEngine sparkSql, SqlEngine trinoSql) {
    this.spark = spark;
    this.comparison = new TableComparison(sparkSql, trinoSql);
  }

  /** Checks a table registered in Trino under its name. */
  Report check(LakeTable table) {
    String path = table.path().toAbsolutePath().toString();
    List<String> problems = new ArrayList<>(TableFeatures.problems(spark, table.name(), path));
    StructType schema = spark.read().format("delta").load(path).schema();
    TableComparison.Report compared =
        comparison.compare(
            "delta.`" + path.replace("`", "``") + "`", Dialect.TRINO.quote(table.name()), schema);
    for (String difference : compared.differences()) {
      problems.add(
          "Table " + table.name() + " (" + path + "): Trino and Spark differ, " + difference);
    }
    return new Report(table, compared.rows(), compared.columns(), problems);
  }

  /**
   * Checks a table and fails with every problem found.
   *
   * @throws AssertionError naming the table and each problem
   */
  Report verify(LakeTable table) {
    Report report = check(table);
    if (!report.compatible()) {
      throw new AssertionError(String.join("\n", report.problems()));
    }
    return report;
  }
}
