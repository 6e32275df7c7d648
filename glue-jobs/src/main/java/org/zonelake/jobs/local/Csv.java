package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Prints a query result as RFC 4180 CSV with a header row. A null is an empty field and an empty
 * string a quoted one ({@code ""}), so the two stay apart (as PostgreSQL's {@code COPY ... CSV}
 * writes them). Arrays, maps and structs are written as JSON ({@code [1,2]}, {@code {"k":1}},
 * {@code {"n":1,"z":"z"}}), as {@code --format json} and Athena show them; dates and time stamps as
 * Spark SQL writes them ({@code 2026-11-20}, {@code 2026-11-20 10:00:00.5}).
 *
 * <p>Every value is rendered by Spark, in the proleptic Gregorian calendar the tables' values are
 * in: Java's {@code java.sql.Date} and {@code Timestamp}, which a collected row holds, would show a
 * day before 15 October 1582, of year 0 or before, or of year 10000 or after as another day.
 */
final class Csv {

  private Csv() {}

  /** The result as JSON lines, one object per row (a null field left out), rendered by Spark. */
  static List<String> jsonLines(Dataset<Row> result) {
    return result.select(to_json(struct(col("*")))).as(Encoders.STRING()).collectAsList();
  }

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
      boolean time =
          type instanceof DateType
              || type instanceof TimestampType
              || type instanceof TimestampNTZType;
      shown[i] =
          nested
              ? to_json(col(positions[i]))
              : time ? col(positions[i]).cast(DataTypes.StringType) : col(positions[i]);
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
