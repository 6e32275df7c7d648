package org.zonelake.core.metrics;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.model.LakeColumns;

/**
 * How many rows fail each check every record goes through ({@link ReasonCodes#ALL}), measured in
 * one aggregation beside other figures and read back from its row, as {@link QualityScores} is.
 */
public final class ReasonCounts {

  /** How many columns {@link #aggregates} adds. */
  public static final int COLUMNS = ReasonCodes.ALL.size();

  private ReasonCounts() {}

  /**
   * One count per reason code, in the order of {@link ReasonCodes#ALL}: the rows where {@code
   * where} holds whose {@link LakeColumns#REASON_CODES} hold the code. {@link #COLUMNS} columns
   * that {@link #read} reads back.
   */
  public static List<Column> aggregates(Column where) {
    List<Column> columns = new ArrayList<>();
    for (String code : ReasonCodes.ALL) {
      Column failed = where.and(array_contains(col(LakeColumns.REASON_CODES), code));
      columns.add(sum(when(failed, 1L).otherwise(0L)).as("reason_" + code));
    }
    return columns;
  }

  /**
   * The counts above zero of a row's {@link #aggregates}, starting at column {@code first}, by code
   * in the order of {@link ReasonCodes#ALL} (a null, from no rows at all, counts as zero).
   */
  public static Map<String, Long> read(Row row, int first) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < COLUMNS; i++) {
      long n = row.isNullAt(first + i) ? 0 : row.getLong(first + i);
      if (n > 0) {
        counts.put(ReasonCodes.ALL.get(i), n);
      }
    }
    return counts;
  }
}
