package org.zonelake.jobs.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a query result as RFC 4180 CSV with a header row. */
final class Csv {

  private Csv() {}

  static void write(Dataset<Row> result, PrintStream out) {
    List<Row> rows = result.collectAsList();
    out.println(line(List.of(result.columns())));
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
      }
      out.println(line(cells));
    }
  }

  static String line(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      boolean needsQuotes =
          cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      quoted.add(needsQuotes ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted);
  }
}
