package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Columns added to (or replaced in) rows by one projection: {@code AddedColumns.of("year",
 * year(t)).and("month", month(t)).to(rows)} is {@code rows.withColumn("year",
 * year(t)).withColumn("month", month(t))} in one step. Every {@code withColumn} is a new Dataset
 * whose whole plan Spark analyses again, so a chain of them costs time growing with its length
 * squared before any row is read; one projection is analysed once. The columns' expressions read
 * the input's columns only (not one another), and new columns come after the existing ones in the
 * order given, as with the chain.
 */
public final class AddedColumns {

  private final Map<String, Column> columns = new LinkedHashMap<>();

  private AddedColumns() {}

  /** No column yet: {@link #to} leaves rows as they are until {@link #and} adds one. */
  public static AddedColumns none() {
    return new AddedColumns();
  }

  /** The column {@code name} computed by {@code value}. */
  public static AddedColumns of(String name, Column value) {
    return new AddedColumns().and(name, value);
  }

  /** Every column of {@code fields}, null. */
  public static AddedColumns nulls(List<StructField> fields) {
    AddedColumns nulls = new AddedColumns();
    for (StructField field : fields) {
      nulls.and(field.name(), lit(null).cast(field.dataType()));
    }
    return nulls;
  }

  /** These columns and {@code name} computed by {@code value}. */
  public AddedColumns and(String name, Column value) {
    if (columns.containsKey(name)) {
      throw new IllegalArgumentException("Column " + name + " is added twice");
    }
    columns.put(name, value);
    return this;
  }

  /** {@code rows} with these columns. */
  public Dataset<Row> to(Dataset<Row> rows) {
    if (columns.isEmpty()) {
      return rows;
    }
    // Dataset.withColumns(Map) goes through an unordered Scala map for five columns or more: the
    // projection is written out here instead, as withColumn writes it.
    boolean caseSensitive = rows.sparkSession().sessionState().conf().caseSensitiveAnalysis();
    Map<String, Column> pending = new LinkedHashMap<>(columns);
    List<Column> out = new ArrayList<>();
    for (String existing : rows.columns()) {
      String replaced =
          pending.keySet().stream()
              .filter(n -> caseSensitive ? n.equals(existing) : n.equalsIgnoreCase(existing))
              .findFirst()
              .orElse(null);
      out.add(
          replaced == null
              ? rows.col("`" + existing.replace("`", "``") + "`")
              : pending.remove(replaced).as(replaced));
    }
    pending.forEach((name, value) -> out.add(value.as(name)));
    return rows.select(out.toArray(Column[]::new));
  }
}
