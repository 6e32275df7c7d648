package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.model.LakeColumns;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * Finds the failing rows of a rule a batch did not pass, as {@link RuleEvidence}: which rows fail
 * it (for a row-level rule, a rule on a share of rows, completeness: the rows with no value;
 * uniqueness: the rows whose value is not unique; referential integrity: the rows whose key the
 * reference lacks), up to {@value RuleEvidence#SAMPLES} of them and the {@value
 * RuleEvidence#TOP_VALUES} most frequent offending values. The rules judged row by row (row-level
 * rules, rules on a share of rows, completeness) are searched together, in one pass over the rows;
 * uniqueness takes two small queries of its own (its most frequent values with the number of rows
 * it fails; samples of those rows), referential integrity two; rules on the batch as a whole none.
 */
final class FailingRows {

  private static final String VALUE = "_dq_value";
  private static final String ROWS = "_dq_rows";
  private static final Set<String> COMPLETENESS = Set.of("IsComplete", "Completeness");
  private static final Set<String> UNIQUENESS = Set.of("IsUnique", "Uniqueness", "IsPrimaryKey");

  private static final String RULE = "_dq_rule";
  private static final String RANK = "_dq_rank";
  private static final String TOTAL = "_dq_total";
  private static final String KIND = "_dq_kind";
  private static final String FAILED = "_dq_failed";
  private static final String FILE = "_dq_file";
  private static final String HASH = "_dq_hash";

  private FailingRows() {}

  /**
   * A failed rule whose evidence is wanted.
   *
   * @param index the rule's position in its ruleset (the key of {@link #findAll}'s answer)
   * @param planned the rule as planned
   * @param known the failing rows when the batch's aggregates counted them already
   * @param evidence the evidence found so far (the history of a dynamic threshold)
   */
  record Wanted(int index, PlannedRule planned, OptionalLong known, RuleEvidence evidence) {}

  /**
   * The evidence of failed rules on the batch's rows, by {@link Wanted#index}: the rules judged row
   * by row from one pass over {@code rows}, uniqueness and referential integrity each by queries of
   * their own.
   */
  static Map<Integer, RuleEvidence> findAll(
      List<Wanted> wanted, Dataset<Row> rows, Map<String, Dataset<Row>> references) {
    Map<Integer, RuleEvidence> found = new HashMap<>();
    List<Wanted> byRow = new ArrayList<>();
    List<Column> failing = new ArrayList<>();
    for (Wanted rule : wanted) {
      Column condition = failingRow(rule.planned());
      if (condition == null) {
        found.put(rule.index(), find(rule, rows, references));
      } else {
        byRow.add(rule);
        failing.add(
            when(
                condition,
                struct(lit(byRow.size() - 1).as(RULE), value(rule.planned().dq()).as(VALUE))));
      }
    }
    if (!byRow.isEmpty()) {
      List<RuleEvidence> each = failingRows(byRow, failing, rows);
      for (int i = 0; i < byRow.size(); i++) {
        found.put(byRow.get(i).index(), each.get(i));
      }
    }
    return found;
  }

  /** The condition that a row fails a rule judged row by row; null for any other rule. */
  private static Column failingRow(PlannedRule planned) {
    if (planned instanceof PlannedRule.PerRow perRow) {
      return not(perRow.pass());
    }
    if (planned instanceof PlannedRule.OnShare share) {
      return not(coalesce(share.pass(), lit(false)));
    }
    if (planned instanceof PlannedRule.OnCheck
        && COMPLETENESS.contains(planned.dq().getRuleType())) {
      return targets(planned.dq()).get(0).isNull();
    }
    return null;
  }

  /**
   * The evidence of rules judged row by row, from one pass: each row's failed rules (with the value
   * each judged), then per rule the most frequent values with the total, and the first rows by raw
   * file and record hash. Completeness counts its failing rows here (its metric is a share).
   */
  private static List<RuleEvidence> failingRows(
      List<Wanted> rules, List<Column> failing, Dataset<Row> rows) {
    List<String> columns = Arrays.asList(rows.columns());
    Dataset<Row> failed =
        rows.select(
                column(columns, LakeColumns.RAW_FILE).as(FILE),
                column(columns, LakeColumns.RECORD_HASH).as(HASH),
                explode(array_compact(array(failing.toArray(Column[]::new)))).as(FAILED))
            .select(col(FILE), col(HASH), col(FAILED + "." + RULE), col(FAILED + "." + VALUE));
    Column noText = lit(null).cast("string");
    Column noCount = lit(null).cast("long");
    Dataset<Row> top =
        failed
            .groupBy(col(RULE), col(VALUE))
            .agg(count(lit(1)).as(ROWS))
            .transform(
                AddedColumns.of(
                            RANK,
                            row_number()
                                .over(
                                    Window.partitionBy(col(RULE))
                                        .orderBy(desc(ROWS), col(VALUE).asc_nulls_first())))
                        .and(TOTAL, sum(col(ROWS)).over(Window.partitionBy(col(RULE))))
                    ::to)
            .where(col(RANK).leq(RuleEvidence.TOP_VALUES))
            .select(
                lit(true).as(KIND),
                col(RULE),
                col(RANK),
                noText.as(FILE),
                noText.as(HASH),
                col(VALUE),
                col(ROWS),
                col(TOTAL));
    Dataset<Row> samples =
        failed
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(col(RULE))
                            .orderBy(col(FILE).asc_nulls_last(), col(HASH).asc_nulls_last())))
            .where(col(RANK).leq(RuleEvidence.SAMPLES))
            .select(
                lit(false).as(KIND),
                col(RULE),
                col(RANK),
                col(FILE),
                col(HASH),
                col(VALUE),
                noCount.as(ROWS),
                noCount.as(TOTAL));
    List<List<RuleEvidence.OffendingValue>> values = new ArrayList<>();
    List<List<RuleEvidence.FailingRow>> sampled = new ArrayList<>();
    long[] totals = new long[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      values.add(new ArrayList<>());
      sampled.add(new ArrayList<>());
    }
    List<Row> collected = new ArrayList<>(top.unionByName(samples).collectAsList());
    collected.sort(Comparator.comparingInt(r -> r.getInt(2)));
    for (Row r : collected) {
      int rule = r.getInt(1);
      if (r.getBoolean(0)) {
        values.get(rule).add(new RuleEvidence.OffendingValue(r.getString(5), r.getLong(6)));
        totals[rule] = r.getLong(7);
      } else {
        sampled
            .get(rule)
            .add(new RuleEvidence.FailingRow(r.getString(4), r.getString(3), r.getString(5)));
      }
    }
    List<RuleEvidence> evidence = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Wanted rule = rules.get(i);
      // Completeness (the only check judged row by row) has a share for its metric, not a count.
      boolean completeness = rule.planned() instanceof PlannedRule.OnCheck;
      OptionalLong known = completeness ? OptionalLong.empty() : rule.known();
      evidence.add(
          rule.evidence()
              .withRows(
                  known.isPresent() ? known : OptionalLong.of(totals[i]),
                  sampled.get(i),
                  values.get(i)));
    }
    return evidence;
  }

  /** The evidence of a failed uniqueness or referential-integrity rule; none for other rules. */
  private static RuleEvidence find(
      Wanted rule, Dataset<Row> rows, Map<String, Dataset<Row>> references) {
    PlannedRule planned = rule.planned();
    Column value = value(planned.dq());
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
          rule.known(),
          rule.evidence());
    }
    if (planned instanceof PlannedRule.OnCheck && UNIQUENESS.contains(planned.dq().getRuleType())) {
      return duplicates(rows, value, rule.evidence());
    }
    return rule.evidence();
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

  /**
   * Rows whose value another row has too: the most frequent values and the number of such rows in
   * one query (its two branches share the grouping's shuffle), then samples of the rows with those
   * values.
   */
  private static RuleEvidence duplicates(Dataset<Row> rows, Column value, RuleEvidence evidence) {
    Dataset<Row> repeated =
        rows.withColumn(VALUE, value)
            .groupBy(col(VALUE))
            .agg(count(lit(1)).as(ROWS))
            .where(col(ROWS).gt(1));
    Dataset<Row> topAndTotal =
        mostFrequent(repeated)
            .select(col(VALUE), col(ROWS), lit(true).as(KIND))
            .unionByName(
                repeated
                    .agg(sum(col(ROWS)).as(ROWS))
                    .select(lit(null).cast("string").as(VALUE), col(ROWS), lit(false).as(KIND)));
    long failing = 0;
    List<RuleEvidence.OffendingValue> values = new ArrayList<>();
    for (Row r : topAndTotal.collectAsList()) {
      if (r.getBoolean(2)) {
        values.add(new RuleEvidence.OffendingValue(r.getString(0), r.getLong(1)));
      } else if (!r.isNullAt(1)) {
        failing = r.getLong(1);
      }
    }
    // The union keeps no order: most rows first, then by value (null first, then Spark's order of
    // strings: their UTF-8 bytes), as mostFrequent.
    values.sort(
        Comparator.comparingLong(RuleEvidence.OffendingValue::rows)
            .reversed()
            .thenComparing(
                v -> v.value() == null ? null : v.value().getBytes(StandardCharsets.UTF_8),
                Comparator.nullsFirst(Arrays::compareUnsigned)));
    return evidence.withRows(
        OptionalLong.of(failing),
        samples(
            rows.withColumn(VALUE, value)
                .where(
                    col(VALUE)
                        .isin(values.stream().map(RuleEvidence.OffendingValue::value).toArray()))),
        values);
  }

  private static List<RuleEvidence.OffendingValue> topValues(Dataset<Row> counted) {
    List<RuleEvidence.OffendingValue> top = new ArrayList<>();
    for (Row r : mostFrequent(counted).collectAsList()) {
      top.add(new RuleEvidence.OffendingValue(r.getString(0), r.getLong(1)));
    }
    return top;
  }

  /** The {@value RuleEvidence#TOP_VALUES} most frequent values of {@code VALUE, ROWS} rows. */
  private static Dataset<Row> mostFrequent(Dataset<Row> counted) {
    return counted.orderBy(desc(ROWS), col(VALUE).asc_nulls_first()).limit(RuleEvidence.TOP_VALUES);
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
