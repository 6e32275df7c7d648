package org.zonelake.core.write;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema evolution of the lake's own tables: a table written by an earlier version gains the
 * nullable columns this version adds, in one Delta commit ({@code ALTER TABLE ... ADD COLUMNS}).
 * Adding nullable columns needs no new table feature: the table stays at reader version 1, so
 * Athena reads it, and its existing rows read the new columns as null.
 */
public final class TableSchemas {

  private TableSchemas() {}

  /**
   * Adds the columns of {@code wanted} that the table at {@code path} lacks, at its end and in
   * {@code wanted}'s order. Nothing happens for a missing table or a Parquet table (whose readers
   * merge the schemas of its files).
   *
   * @return the columns added
   */
  public static List<String> addMissingColumns(
      SparkSession spark, TableFormat format, String path, StructType wanted) {
    if (!format.transactional() || !format.exists(spark, path)) {
      return List.of();
    }
    List<String> present = List.of(format.schema(spark, path).fieldNames());
    List<StructField> missing = new ArrayList<>();
    for (StructField field : wanted.fields()) {
      if (!present.contains(field.name())) {
        missing.add(field);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    spark.sql(
        "ALTER TABLE delta.`"
            + path.replace("`", "``")
            + "` ADD COLUMNS ("
            + missing.stream()
                .map(f -> "`" + f.name() + "` " + f.dataType().sql())
                .collect(Collectors.joining(", "))
            + ")");
    return missing.stream().map(StructField::name).toList();
  }
}
