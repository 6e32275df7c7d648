package org.zonelake.athena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * The lake's rule for Athena: every table stays at Delta reader version 1, so no deletion vectors,
 * no column mapping and no TIMESTAMP_NTZ (README.md, "The zones"). Trino 476 reads all three, so
 * reading the table with Trino does not catch them: the table's protocol, properties and schema are
 * checked here, from Delta's own {@code DESCRIBE DETAIL}.
 */
final class TableFeatures {

  /** Delta table features that raise the reader version (Delta's protocol specification). */
  private static final Set<String> READER_FEATURES =
      Set.of(
          "columnMapping",
          "deletionVectors",
          "timestampNtz",
          "v2Checkpoint",
          "vacuumProtocolCheck",
          "typeWidening",
          "typeWidening-preview",
          "variantType",
          "variantType-preview");

  private TableFeatures() {}

  /**
   * What in table {@code name} at {@code path} breaks the rule, one line each naming the table and
   * the feature; empty when nothing does.
   */
  static List<String> problems(SparkSession spark, String name, String path) {
    Row detail =
        spark.sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`").collectAsList().get(0);
    int readerVersion = detail.<Integer>getAs("minReaderVersion");
    Set<String> features =
        new TreeSet<>(detail.<String>getList(detail.fieldIndex("tableFeatures")));
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    StructType schema = spark.read().format("delta").load(path).schema();

    List<String> found = new ArrayList<>();
    String enableDeletionVectors = properties.get("delta.enableDeletionVectors");
    if (features.contains("deletionVectors") || "true".equalsIgnoreCase(enableDeletionVectors)) {
      found.add(
          "deletionVectors (delta.enableDeletionVectors="
              + (enableDeletionVectors == null ? "unset" : enableDeletionVectors)
              + ")");
    }
    String columnMapping = properties.getOrDefault("delta.columnMapping.mode", "none");
    if (features.contains("columnMapping")
        || !"none".equals(columnMapping.toLowerCase(Locale.ROOT))) {
      found.add("columnMapping (delta.columnMapping.mode=" + columnMapping + ")");
    }
    List<String> ntz = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (containsNtz(f.dataType())) {
        ntz.add(f.name());
      }
    }
    if (features.contains("timestampNtz") || !ntz.isEmpty()) {
      found.add("timestampNtz (TIMESTAMP_NTZ columns " + ntz + ")");
    }
    for (String feature : features) {
      if (READER_FEATURES.contains(feature)
          && !List.of("deletionVectors", "columnMapping", "timestampNtz").contains(feature)) {
        found.add(feature);
      }
    }
    if (found.isEmpty() && readerVersion <= 1) {
      return List.of();
    }
    return List.of(
        "Table "
            + name
            + " ("
            + path
            + ") needs Delta reader version "
            + readerVersion
            + (found.isEmpty() ? "" : " for " + String.join(", ", found))
            + ": the lake's tables stay at reader version 1 (no deletion vectors, no column"
            + " mapping, no TIMESTAMP_NTZ) so that Athena engine v3 reads them natively. Fix:"
            + " write the table without the feature (a table property, a Spark default such as"
            + " spark.databricks.delta.properties.defaults.*, or a TIMESTAMP_NTZ column turns it"
            + " on), or rewrite it without.");
  }

  private static boolean containsNtz(DataType type) {
    if (type instanceof TimestampNTZType) {
      return true;
    }
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (containsNtz(f.dataType())) {
          return true;
        }
      }
      return false;
    }
    if (type instanceof ArrayType a) {
      return containsNtz(a.elementType());
    }
    if (type instanceof MapType m) {
      return containsNtz(m.keyType()) || containsNtz(m.valueType());
    }
    return false;
  }
}
