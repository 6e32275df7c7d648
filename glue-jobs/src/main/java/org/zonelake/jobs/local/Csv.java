package org.zonelake.jobs.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints a query result as RFC 4180 CSV with a header row. A null is an empty field and an empty
 * string a quoted one ({@code ""}), so the two stay apart (as PostgreSQL's {@code COPY ... CSV}
 * writes them).
 */
final class Csv {

  private Csv() {}

  static void write(Dataset<Row> result, PrintStream out) {
    List<Row> rows = result.collectAsList();
    out.println(line(List.of(result.columns())));
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      out.println(line(cells));
    }
  }

  /** One line of cells, a null cell written as nothing. */
  static String line(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      if (cell == null) {
        quoted.add("");
        continue;
      }
      boolean needsQuotes =
          cell.isEmpty()
              || cell.contains(",")
              || cell.contains("\"")
              || cell.contains("\n")
              || cell.contains("\r");
      quoted.add(needsQuotes ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted);
  }
}
