package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints a query result as RFC 4180 CSV with a header row. A null is an empty field and an empty
 * string a quoted one ({@code ""}), so the two stay apart (as PostgreSQL's {@code COPY ... CSV}
 * writes them). Arrays, maps and structs are written as JSON ({@code [1,2]}, {@code {"k":1}},
 * {@code {"n":1,"z":"z"}}), as {@code --format json} and Athena show them.
 */
final class Csv {

  private Csv() {}

  static void write(Dataset<Row> result, PrintStream out) {
    StructField[] fields = result.schema().fields();
    // By position: a result may name two columns alike.
    String[] positions = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      positions[i] = "_c" + i;
    }
    Dataset<Row> byPosition = result.toDF(positions);
    Column[] shown = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      DataType type = fields[i].dataType();
      boolean nested =
          type instanceof ArrayType || type instanceof MapType || type instanceof StructType;
      shown[i] = nested ? to_json(col(positions[i])) : col(positions[i]);
    }
    List<Row> rows = byPosition.select(shown).collectAsList();
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
