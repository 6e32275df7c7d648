package org.zonelake.athena;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares what Trino and Spark read from one Delta table: the columns and the types Trino maps
 * them to, the row count, and per column the count of non-null values and the sum of the hashes of
 * the values' canonical texts ({@link Dialect}). Each engine computes its figures in one
 * aggregation over the table; only when a column differs are its values fetched, to name some of
 * them in the report.
 */
final class TableComparison {

  /** How many differing values a report names per side. */
  private static final int SAMPLES = 3;

  /**
   * The outcome for one table.
   *
   * @param rows the row count Spark reads
   * @param columns the columns compared
   * @param differences one line per difference; empty when both engines read the same
   */
  record Report(long rows, int columns, List<String> differences) {}

  private final SqlEngine spark;
  private final SqlEngine trino;

  TableComparison(SqlEngine spark, SqlEngine trino) {
    this.spark = spark;
    this.trino = trino;
  }

  /**
   * Compares the table Spark reads as {@code sparkTable} and Trino as {@code trinoTable}.
   *
   * @param schema the table's schema as Spark reads it
   */
  Report compare(String sparkTable, String trinoTable, StructType schema) {
    List<String> differences = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (StructField f : schema.fields()) {
      expected.add(f.name() + " " + Dialect.trinoType(f.dataType()));
    }
    List<String> actual = new ArrayList<>();
    for (List<Object> row : trino.query("DESCRIBE " + trinoTable).rows()) {
      actual.add(row.get(0) + " " + row.get(1));
    }
    if (!expected.equals(actual)) {
      differences.add(
          "columns: Trino reads " + actual + ", expected from the Delta schema " + expected);
      return new Report(-1, schema.fields().length, differences);
    }
    List<Object> s = fingerprint(spark, sparkTable, schema);
    List<Object> t = fingerprint(trino, trinoTable, schema);
    long rows = number(s.get(0)).longValueExact();
    if (!same(s.get(0), t.get(0))) {
      differences.add("row count: Spark " + s.get(0) + ", Trino " + t.get(0));
    }
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      Object sparkCount = s.get(1 + 2 * i);
      Object trinoCount = t.get(1 + 2 * i);
      Object sparkHash = s.get(2 + 2 * i);
      Object trinoHash = t.get(2 + 2 * i);
      if (!same(sparkCount, trinoCount) || !same(sparkHash, trinoHash)) {
        differences.add(
            "column "
                + fields[i].name()
                + " ("
                + fields[i].dataType().sql()
                + "): Spark "
                + sparkCount
                + " values, checksum "
                + sparkHash
                + "; Trino "
                + trinoCount
                + " values, checksum "
                + trinoHash
                + "; "
                + samples(sparkTable, trinoTable, fields[i]));
      }
    }
    return new Report(rows, fields.length, differences);
  }

  private static List<Object> fingerprint(SqlEngine engine, String table, StructType schema) {
    Dialect d = engine.dialect();
    // The hashes are computed below the aggregation: Spark refuses its java_method (the bits of a
    // double) inside an aggregate function. A hash is null exactly when the value is.
    List<String> hashes = new ArrayList<>();
    List<String> aggregates = new ArrayList<>();
    aggregates.add("count(*)");
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      hashes.add(d.hash(d.text(d.quote(fields[i].name()), fields[i].dataType())) + " AS h" + i);
      aggregates.add("count(h" + i + ")");
      aggregates.add("sum(h" + i + ")");
    }
    String sql =
        "SELECT "
            + String.join(", ", aggregates)
            + "\nFROM (SELECT "
            + (hashes.isEmpty() ? "1 AS h" : String.join(",\n  ", hashes))
            + "\n  FROM "
            + table
            + ") hashed";
    return engine.query(sql).rows().get(0);
  }

  /** Some canonical texts only one engine reads, per side. */
  private String samples(String sparkTable, String trinoTable, StructField field) {
    Map<String, Integer> counts = new HashMap<>();
    for (String v : texts(spark, sparkTable, field)) {
      counts.merge(v, 1, Integer::sum);
    }
    List<String> trinoOnly = new ArrayList<>();
    for (String v : texts(trino, trinoTable, field)) {
      Integer n = counts.get(v);
      if (n == null || n == 0) {
        trinoOnly.add(v);
      } else {
        counts.put(v, n - 1);
      }
    }
    List<String> sparkOnly = new ArrayList<>();
    counts.forEach(
        (v, n) -> {
          for (int i = 0; i < n; i++) {
            sparkOnly.add(v);
          }
        });
    sparkOnly.sort(String::compareTo);
    trinoOnly.sort(String::compareTo);
    return "only Spark reads "
        + sparkOnly.subList(0, Math.min(SAMPLES, sparkOnly.size()))
        + (sparkOnly.size() > SAMPLES ? " (" + sparkOnly.size() + " in all)" : "")
        + ", only Trino reads "
        + trinoOnly.subList(0, Math.min(SAMPLES, trinoOnly.size()))
        + (trinoOnly.size() > SAMPLES ? " (" + trinoOnly.size() + " in all)" : "")
        + " (canonical texts)";
  }

  private static List<String> texts(SqlEngine engine, String table, StructField field) {
    Dialect d = engine.dialect();
    String sql =
        "SELECT "
            + d.text(d.quote(field.name()), field.dataType())
            + " FROM "
            + table
            + " WHERE "
            + d.quote(field.name())
            + " IS NOT NULL";
    return engine.query(sql).rows().stream().map(r -> String.valueOf(r.get(0))).toList();
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return Objects.equals(a, b);
    }
    return number(a).compareTo(number(b)) == 0;
  }

  private static BigDecimal number(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    throw new IllegalArgumentException("Not a number: " + value + " (" + value.getClass() + ")");
  }
}
