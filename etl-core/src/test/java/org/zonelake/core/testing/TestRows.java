package org.zonelake.core.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * A table's rows as strings, the form tests assert them in: each row written one way (as JSON, as a
 * SQL expression's value, as {@link Row#toString()}), either sorted or in the order the query gives
 * them.
 *
 * <p>"Sorted" is the natural order of Java strings, a {@code null} first (as Spark sorts
 * ascending); the rows are collected to the driver, so this is for the few rows of a test.
 */
public final class TestRows {

  private TestRows() {}

  /** The Delta table at {@code table}, read at its latest version with the shared session. */
  public static Dataset<Row> delta(Path table) {
    return TestSpark.session().read().format("delta").load(table.toString());
  }

  /** Each row as a JSON object ({@link Dataset#toJSON()}: null columns left out), sorted. */
  public static List<String> sortedJson(Dataset<Row> rows) {
    return sort(rows.toJSON().collectAsList());
  }

  /**
   * Each row's value of the SQL {@code expression} (one that gives a string, e.g. {@code
   * concat_ws(' ', id, amount)}), sorted.
   */
  public static List<String> sorted(Dataset<Row> rows, String expression) {
    return sort(strings(rows, expression));
  }

  /** Each row as {@code format} writes it, sorted. */
  public static List<String> sorted(Dataset<Row> rows, Function<Row, String> format) {
    return sort(rows.collectAsList().stream().map(format).toList());
  }

  /**
   * Each row's value of the SQL {@code expression} (one that gives a string), in the order of
   * {@code rows}: order them first ({@link Dataset#orderBy}) for a list to assert exactly.
   */
  public static List<String> strings(Dataset<Row> rows, String expression) {
    return rows.selectExpr(expression).as(Encoders.STRING()).collectAsList();
  }

  /**
   * Each row as {@link Row#toString()} writes it ({@code [a,1,null]}), in the order of {@code
   * rows}: order them first ({@link Dataset#orderBy}) for a list to assert exactly.
   */
  public static List<String> strings(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).toList();
  }

  private static List<String> sort(List<String> strings) {
    List<String> sorted = new ArrayList<>(strings);
    sorted.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
    return sorted;
  }
}
