package org.zonelake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.core.LakeColumns;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * Finds the failing rows of a rule a batch did not pass, as {@link RuleEvidence}: which rows fail
 * it (for a row-level rule, a rule on a share of rows, completeness: the rows with no value;
 * uniqueness: the rows whose value is not unique; referential integrity: the rows whose key the
 * reference lacks), up to {@value RuleEvidence#SAMPLES} of them and the {@value
 * RuleEvidence#TOP_VALUES} most frequent offending values. Two small Spark jobs per failed rule
 * (three for uniqueness); none for rules on the batch as a whole.
 */
final class FailingRows {

  private static final String VALUE = "_dq_value";
  private static final String ROWS = "_dq_rows";
  private static final Set<String> COMPLETENESS = Set.of("IsComplete", "Completeness");
  private static final Set<String> UNIQUENESS = Set.of("IsUnique", "Uniqueness", "IsPrimaryKey");

  private FailingRows() {}

  /**
   * The evidence of a failed rule on the batch's rows.
   *
   * @param planned the rule as planned
   * @param dq the rule as parsed
   * @param known the failing rows when the batch's aggregates counted them already
   * @param rows the rows the rule judged
   * @param references the datasets ReferentialIntegrity rules name, by name
   * @param evidence the evidence found so far (the history of a dynamic threshold)
   */
  static RuleEvidence find(
      PlannedRule planned,
      DQRule dq,
      OptionalLong known,
      Dataset<Row> rows,
      Map<String, Dataset<Row>> references,
      RuleEvidence evidence) {
    Column value = value(dq);
    if (planned instanceof PlannedRule.PerRow perRow) {
      return rowsWhere(rows, not(perRow.pass()), value, known, evidence);
    }
    if (planned instanceof PlannedRule.OnShare share) {
      return rowsWhere(rows, not(coalesce(share.pass(), lit(false))), value, known, evidence);
    }
    if (planned instanceof PlannedRule.OnReference reference) {
      Dataset<Row> failed =
          DeequEngine.referentialIntegrityRows(
                  rows.where(RulePlanner.column(reference.column()).isNotNull()),
                  reference.column(),
                  references.get(reference.reference()),
                  reference.referenceColumn())
              .where(not(col(DeequEngine.REFERENCE_FOUND)));
      return found(
          failed.withColumn(VALUE, RulePlanner.column(reference.column()).cast("string")),
          known,
          evidence);
    }
    String type = dq.getRuleType();
    if (planned instanceof PlannedRule.OnCheck && COMPLETENESS.contains(type)) {
      return rowsWhere(rows, targets(dq).get(0).isNull(), value, OptionalLong.empty(), evidence);
    }
    if (planned instanceof PlannedRule.OnCheck && UNIQUENESS.contains(type)) {
      return duplicates(rows, value, evidence);
    }
    return evidence;
  }

  private static RuleEvidence rowsWhere(
      Dataset<Row> rows, Column failing, Column value, OptionalLong known, RuleEvidence evidence) {
    return found(rows.where(failing).withColumn(VALUE, value), known, evidence);
  }

  /** The evidence of failing rows with their {@code VALUE}. */
  private static RuleEvidence found(
      Dataset<Row> failed, OptionalLong known, RuleEvidence evidence) {
    List<RuleEvidence.OffendingValue> top =
        topValues(failed.groupBy(col(VALUE)).agg(count(lit(1)).as(ROWS)));
    OptionalLong failingRows = known;
    if (failingRows.isEmpty() && top.size() < RuleEvidence.TOP_VALUES) {
      failingRows =
          OptionalLong.of(top.stream().mapToLong(RuleEvidence.OffendingValue::rows).sum());
    } else if (failingRows.isEmpty()) {
      failingRows = OptionalLong.of(failed.count());
    }
    return evidence.withRows(failingRows, samples(failed), top);
  }

  /** Rows whose value another row has too. */
  private static RuleEvidence duplicates(Dataset<Row> rows, Column value, RuleEvidence evidence) {
    Dataset<Row> repeated =
        rows.withColumn(VALUE, value)
            .groupBy(col(VALUE))
            .agg(count(lit(1)).as(ROWS))
            .where(col(ROWS).gt(1));
    List<RuleEvidence.OffendingValue> top = topValues(repeated);
    Row total = repeated.agg(sum(col(ROWS))).head();
    long failing = total.isNullAt(0) ? 0 : total.getLong(0);
    Object[] values = top.stream().map(RuleEvidence.OffendingValue::value).toArray();
    Dataset<Row> failed = rows.withColumn(VALUE, value).where(col(VALUE).isin(values));
    return evidence.withRows(OptionalLong.of(failing), samples(failed), top);
  }

  private static List<RuleEvidence.OffendingValue> topValues(Dataset<Row> counted) {
    List<RuleEvidence.OffendingValue> top = new ArrayList<>();
    for (Row r :
        counted
            .orderBy(desc(ROWS), col(VALUE).asc_nulls_first())
            .limit(RuleEvidence.TOP_VALUES)
            .collectAsList()) {
      top.add(new RuleEvidence.OffendingValue(r.getString(0), r.getLong(1)));
    }
    return top;
  }

  private static List<RuleEvidence.FailingRow> samples(Dataset<Row> failed) {
    List<String> columns = Arrays.asList(failed.columns());
    Column hash = column(columns, LakeColumns.RECORD_HASH);
    Column file = column(columns, LakeColumns.RAW_FILE);
    List<RuleEvidence.FailingRow> samples = new ArrayList<>();
    for (Row r :
        failed
            .select(file.as("f"), hash.as("h"), col(VALUE))
            .orderBy(col("f").asc_nulls_last(), col("h").asc_nulls_last())
            .limit(RuleEvidence.SAMPLES)
            .collectAsList()) {
      samples.add(new RuleEvidence.FailingRow(r.getString(1), r.getString(0), r.getString(2)));
    }
    return samples;
  }

  private static Column column(List<String> columns, String name) {
    return columns.contains(name) ? col(name) : lit(null).cast("string");
  }

  /**
   * The value a rule judges, as text: its column's ({@code null} when missing), {@code a=1, b=2}
   * for several columns, null for a rule that names no column.
   */
  private static Column value(DQRule dq) {
    Map<String, String> named = targetNames(dq);
    if (named.isEmpty()) {
      return lit(null).cast("string");
    }
    List<Column> parts = new ArrayList<>();
    for (String name : named.values()) {
      Column text = coalesce(RulePlanner.column(name).cast("string"), lit("null"));
      parts.add(named.size() == 1 ? text : concat(lit(name + "="), text));
    }
    return parts.size() == 1 ? parts.get(0) : concat_ws(", ", parts.toArray(Column[]::new));
  }

  private static List<Column> targets(DQRule dq) {
    return targetNames(dq).values().stream().map(RulePlanner::column).toList();
  }

  /** The rule's column parameters ({@code TargetColumn}, {@code TargetColumn1}, ...) by key. */
  private static Map<String, String> targetNames(DQRule dq) {
    Map<String, String> named = new TreeMap<>();
    dq.getParameters()
        .forEach(
            (key, name) -> {
              if (key.startsWith("TargetColumn")) {
                named.put(key, name);
              }
            });
    return named;
  }
}
