package org.zonelake.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Runs a DQDL ruleset with Deequ's own DQDL engine ({@code
 * com.amazon.deequ.dqdl.EvaluateDataQuality}, the open-source engine behind AWS Glue Data Quality)
 * exactly as it stands, as the reference the row-level outcomes ZoneLake still compiles itself are
 * checked against.
 */
final class DeequDqdl {

  private DeequDqdl() {}

  /**
   * The rules each row fails by Deequ's row-level results ({@code processRows}), by the value of
   * {@code key}; rules as the DQDL parser prints them.
   */
  static Map<String, List<String>> failedRules(Dataset<Row> rows, String dqdl, String key) {
    Dataset<Row> outcomes =
        JavaConverters.mapAsJavaMap(
                com.amazon.deequ.dqdl.EvaluateDataQuality.processRows(rows, dqdl))
            .get("rowLevelOutcomes");
    Map<String, List<String>> failed = new LinkedHashMap<>();
    for (Row r : outcomes.select(key, "DataQualityRulesFail").collectAsList()) {
      failed.put(r.getString(0), List.copyOf(r.<String>getList(1)));
    }
    return failed;
  }
}
