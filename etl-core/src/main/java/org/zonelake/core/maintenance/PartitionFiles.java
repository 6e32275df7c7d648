package org.zonelake.core.maintenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The active data files of one partition of a Delta table (of the whole table when it is not
 * partitioned).
 *
 * @param values the partition's values by partition column, in the table's partition order (empty
 *     for an unpartitioned table; a null value stays null)
 * @param files how many data files it has
 * @param bytes their total size
 * @param smallFiles how many of them are small (see {@link CompactionPolicy})
 * @param smallBytes the total size of the small ones
 */
public record PartitionFiles(
    Map<String, String> values, long files, long bytes, long smallFiles, long smallBytes) {

  /** Copies the values, keeping their order and any null. */
  public PartitionFiles {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The partition as people read it: {@code year=2026/month=11/day=20}, or {@code (table)}. */
  public String label() {
    if (values.isEmpty()) {
      return "(table)";
    }
    StringBuilder label = new StringBuilder();
    values.forEach(
        (column, value) ->
            label.append(label.length() == 0 ? "" : "/").append(column).append('=').append(value));
    return label.toString();
  }
}
