package org.zonelake.core.write;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * What a new table is made with.
 *
 * @param schema its columns
 * @param partitionColumns its partition columns, in order (none: unpartitioned)
 * @param properties its table properties ({@link TableFormat#property})
 */
public record TableDefinition(
    StructType schema, List<String> partitionColumns, Map<String, String> properties) {

  /** Copies the lists. */
  public TableDefinition {
    partitionColumns = List.copyOf(partitionColumns);
    properties = Map.copyOf(properties);
  }

  /** A table of these columns and partition columns, without properties. */
  public TableDefinition(StructType schema, List<String> partitionColumns) {
    this(schema, partitionColumns, Map.of());
  }
}
