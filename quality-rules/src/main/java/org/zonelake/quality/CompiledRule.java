package org.zonelake.quality;

import java.util.List;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;

/** A rule translated into Spark expressions, by {@link RuleCompiler}. */
sealed interface CompiledRule {

  /** The rule. */
  QualityRule rule();

  /** A rule decided per row: {@code pass} is a boolean expression, never null. */
  record PerRow(QualityRule rule, Column pass) implements CompiledRule {}

  /**
   * A rule decided on one aggregate of the batch.
   *
   * @param metric an aggregate expression (cast to DOUBLE by the evaluator)
   * @param condition what the metric must meet
   * @param countsRows true for RowCount: evaluated on an empty batch too
   */
  record OnAggregate(
      QualityRule rule, Column metric, NumberBasedCondition condition, boolean countsRows)
      implements CompiledRule {}

  /** A rule decided on the schema of the rows, without reading them (ColumnExists). */
  record OnSchema(QualityRule rule, String column) implements CompiledRule {}

  /** What a rule on the frequencies of key values measures. */
  enum KeyMetric {
    /** Every row has a key value no other row has (IsUnique, IsPrimaryKey). */
    ALL_UNIQUE,
    /** Values occurring exactly once, divided by the rows (Uniqueness). */
    UNIQUENESS,
    /** Number of distinct values (DistinctValuesCount). */
    DISTINCT,
    /** Rows whose value exists in a reference dataset, divided by rows with a value. */
    IN_REFERENCE
  }

  /**
   * A rule decided on the frequencies of key values; all such rules of a batch share one grouping.
   *
   * @param key an {@code ARRAY<STRING>} expression, null when a key column is null
   * @param condition what the metric must meet; null for {@link KeyMetric#ALL_UNIQUE}
   * @param reference the reference dataset's name (IN_REFERENCE only)
   * @param referenceKey the key expression on the reference dataset (IN_REFERENCE only)
   */
  record OnKeys(
      QualityRule rule,
      KeyMetric metric,
      Column key,
      NumberBasedCondition condition,
      String reference,
      Column referenceKey)
      implements CompiledRule {}

  /** The key columns of {@code columns} as one {@code ARRAY<STRING>}, null if any is null. */
  static Column keyOf(List<String> columns) {
    Column[] parts =
        columns.stream().map(c -> RuleCompiler.column(c).cast("string")).toArray(Column[]::new);
    Column anyNull = null;
    for (String c : columns) {
      Column isNull = RuleCompiler.column(c).isNull();
      anyNull = anyNull == null ? isNull : anyNull.or(isNull);
    }
    return org.apache.spark.sql.functions.when(
        org.apache.spark.sql.functions.not(anyNull), org.apache.spark.sql.functions.array(parts));
  }
}
