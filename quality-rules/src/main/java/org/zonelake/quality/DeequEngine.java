package org.zonelake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.GroupingAnalyzer;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.MinLength;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.runners.AnalysisRunner$;
import com.amazon.deequ.analyzers.runners.AnalysisRunnerFileOutputOptions;
import com.amazon.deequ.analyzers.runners.AnalysisRunnerRepositoryOptions;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.analyzers.runners.EmptyStateException;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.comparison.ComparisonFailed;
import com.amazon.deequ.comparison.ReferentialIntegrity$;
import com.amazon.deequ.constraints.AnalysisBasedConstraint;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintDecorator;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.dqdl.model.ColumnDataTypeExecutableRule;
import com.amazon.deequ.dqdl.model.DeequExecutableRule;
import com.amazon.deequ.dqdl.model.DeequMetricMapping;
import com.amazon.deequ.dqdl.model.ExecutableRule;
import com.amazon.deequ.dqdl.model.UnsupportedExecutableRule;
import com.amazon.deequ.dqdl.translation.DQDLRuleTranslator$;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * The one door to Deequ (a Scala library): its DQDL translation, analyzers, checks, comparison and
 * anomaly detection, behind Java types. Nothing else in ZoneLake touches Scala types (an ArchUnit
 * rule in glue-jobs checks it).
 */
final class DeequEngine {

  /** The name under which a batch's checked rows are visible to CustomSql statements. */
  static final String PRIMARY_VIEW = "primary";

  private DeequEngine() {}

  /**
   * Deequ's own translation of a DQDL rule into a {@link Check}.
   *
   * @return the rule's check, or empty when Deequ translates the rule into something else (its
   *     executors for ColumnDataType, DataFreshness, ReferentialIntegrity, ...) or not at all
   */
  static java.util.Optional<RuleCheck> check(DQRule dq) {
    ExecutableRule executable = translate(dq);
    if (!(executable instanceof DeequExecutableRule deequ)) {
      return java.util.Optional.empty();
    }
    Check check = deequ.check();
    if ("IsPrimaryKey".equals(dq.getRuleType())) {
      // Deequ 2.1.0 drops the completeness constraints of a key of several columns (the result of
      // its foldLeft is discarded); Glue Data Quality requires every key column to be complete.
      Set<Analyzer<?, Metric<?>>> required = javaSet(check.requiredAnalyzers());
      for (String column : targetColumns(dq)) {
        Completeness complete = new Completeness(column, Option.empty(), Option.empty());
        if (!required.contains(complete)) {
          check = check.isComplete(column, Option.empty(), Option.empty());
        }
      }
    }
    List<String> metricNames = new ArrayList<>();
    for (DeequMetricMapping mapping : javaList(deequ.deequMetricMappings())) {
      metricNames.add(mapping.deequName());
    }
    return java.util.Optional.of(new RuleCheck(check, metricNames));
  }

  /** True when Deequ's DQDL translation knows the rule (whatever executes it). */
  static boolean translates(DQRule dq) {
    try {
      return !(translate(dq) instanceof UnsupportedExecutableRule);
    } catch (RuntimeException e) {
      // A converter that cannot read the rule's parameters: Deequ knows the type.
      return true;
    }
  }

  /** Why Deequ cannot translate the rule, or null when it can. */
  static String untranslatable(DQRule dq) {
    ExecutableRule executable = translate(dq);
    if (executable instanceof UnsupportedExecutableRule unsupported) {
      return unsupported.reason().isDefined() ? unsupported.reason().get() : "not supported";
    }
    return null;
  }

  private static ExecutableRule translate(DQRule dq) {
    return DQDLRuleTranslator$.MODULE$.toExecutableRule(dq);
  }

  /**
   * Deequ's outcome of a ColumnDataType rule for one row (true: the value has the type); Deequ
   * decides the rule on the share of rows where it is true.
   */
  static Column dataTypeOutcome(DQRule dq) {
    ExecutableRule executable = translate(dq);
    if (executable instanceof ColumnDataTypeExecutableRule dataType) {
      return dataType.outcomeExpression();
    }
    throw new IllegalArgumentException(reason(executable));
  }

  private static String reason(ExecutableRule executable) {
    if (executable instanceof UnsupportedExecutableRule unsupported
        && unsupported.reason().isDefined()) {
      return unsupported.reason().get();
    }
    return "Deequ translates it into " + executable.getClass().getSimpleName();
  }

  private static List<String> targetColumns(DQRule dq) {
    List<String> columns = new ArrayList<>();
    new java.util.TreeMap<>(dq.getParameters())
        .forEach(
            (name, value) -> {
              if (name.startsWith("TargetColumn")) {
                columns.add(value);
              }
            });
    return columns;
  }

  /**
   * A rule's Deequ check and the names of the metrics Deequ reports for it ({@code Size}, {@code
   * Histogram.bins}, ...).
   */
  static final class RuleCheck {
    private final Check check;
    private final List<String> metricNames;

    private RuleCheck(Check check, List<String> metricNames) {
      this.check = check;
      this.metricNames = List.copyOf(metricNames);
    }

    /**
     * Deequ's row-level outcome of the check as a boolean expression, never null: the conjunction
     * of its constraints' row-level results. Deequ gives completeness, compliance (a SQL predicate)
     * and pattern constraints as expressions, which are used as they are. For minimum and maximum
     * constraints (of values or lengths) Deequ applies the rule's assertion per row in a Scala
     * function (a user-defined function that re-reads the condition's operands for every value, and
     * that Spark cannot generate code for); for those {@code compiled}, the same comparison
     * compiled into a Spark expression, is used instead (DeequAgreementTest compares the two).
     *
     * @param compiled the rule's comparison as a Spark expression, false for a null value
     */
    Column rowOutcome(java.util.function.Supplier<Column> compiled) {
      Column outcome = null;
      boolean asserted = false;
      for (Constraint constraint : javaList(check.constraints())) {
        Analyzer<?, ?> analyzer = analyzerOf(constraint);
        Column part;
        if (analyzer instanceof Completeness completeness) {
          part = completeness.rowLevelResults();
        } else if (analyzer instanceof Compliance compliance) {
          part = coalesce(expr(compliance.predicate()), lit(false));
        } else if (analyzer instanceof PatternMatch pattern) {
          part = coalesce(pattern.rowLevelResults().equalTo(1), lit(false));
        } else if (analyzer instanceof Minimum
            || analyzer instanceof Maximum
            || analyzer instanceof MinLength
            || analyzer instanceof MaxLength) {
          asserted = true;
          continue;
        } else {
          throw new IllegalArgumentException(
              "Deequ has no row-level outcome for " + analyzer.getClass().getSimpleName());
        }
        outcome = outcome == null ? part : outcome.and(part);
      }
      if (asserted) {
        outcome = outcome == null ? compiled.get() : outcome.and(compiled.get());
      }
      return outcome == null ? lit(true) : outcome;
    }

    private List<Analyzer<?, Metric<?>>> analyzers() {
      return new ArrayList<>(javaSet(check.requiredAnalyzers()));
    }
  }

  private static Analyzer<?, ?> analyzerOf(Constraint constraint) {
    Constraint inner = constraint;
    while (inner instanceof ConstraintDecorator decorator) {
      inner = decorator.inner();
    }
    if (inner instanceof AnalysisBasedConstraint<?, ?, ?> based) {
      return based.analyzer();
    }
    throw new IllegalArgumentException("not an analysis-based constraint: " + constraint);
  }

  /**
   * The analyzers the checks of a ruleset need, each once: the scan-shareable ones are computed by
   * aggregate functions of the caller's pass over the rows (their {@link #aggregates()}); the
   * others (grouping analyzers such as Uniqueness and Histogram, CustomSql, ColumnExists) by
   * Deequ's analysis runner on the rows, one grouping per distinct set of grouping columns.
   */
  static final class Analyzers {
    private final List<ScanShareableAnalyzer<?, ?>> scanning = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();
    private final Set<Analyzer<?, Metric<?>>> grouping = new LinkedHashSet<>();
    private final Set<Analyzer<?, Metric<?>>> others = new LinkedHashSet<>();
    private int width;

    /** Adds the analyzers of a check. */
    void require(RuleCheck rule) {
      for (Analyzer<?, Metric<?>> analyzer : rule.analyzers()) {
        if (analyzer instanceof ScanShareableAnalyzer<?, ?> scan) {
          if (!scanning.contains(scan)) {
            scanning.add(scan);
            offsets.add(width);
            width += scan.aggregationFunctions().size();
          }
        } else if (analyzer instanceof GroupingAnalyzer<?, ?>) {
          grouping.add(analyzer);
        } else {
          others.add(analyzer);
        }
      }
    }

    /** The aggregate functions of the scan-shareable analyzers, named {@code prefix<i>}. */
    List<Column> aggregates(String prefix) {
      List<Column> columns = new ArrayList<>();
      for (ScanShareableAnalyzer<?, ?> analyzer : scanning) {
        for (Column c : javaList(analyzer.aggregationFunctions())) {
          columns.add(c.as(prefix + columns.size()));
        }
      }
      return columns;
    }

    /** True when {@link #measure} runs Spark jobs over the rows. */
    boolean readsRows() {
      return !grouping.isEmpty()
          || others.stream()
              .anyMatch(a -> !((Object) a instanceof com.amazon.deequ.analyzers.ColumnExists));
    }

    /**
     * The metrics of every analyzer: the scan-shareable ones from the aggregates row (with Deequ's
     * own {@code fromAggregationResult} and {@code computeMetricFrom}), the others computed by
     * Deequ on the rows.
     *
     * @param aggregates the row holding the values of {@link #aggregates} from {@code offset} on
     * @param rows the checked rows; CustomSql statements see them as {@code primary} in a session
     *     of their own, so concurrent batches of other sources cannot see them
     * @param isolated the session CustomSql statements run in
     * @param readRows false for an empty batch: nothing is computed from the rows
     */
    Metrics measure(
        Row aggregates, int offset, Dataset<Row> rows, SparkSession isolated, boolean readRows) {
      Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>();
      for (int i = 0; i < scanning.size(); i++) {
        @SuppressWarnings("unchecked")
        Analyzer<?, Metric<?>> analyzer = (Analyzer<?, Metric<?>>) (Object) scanning.get(i);
        Metric<?> metric =
            scanning
                .get(i)
                .metricFromAggregationResult(
                    aggregates, offset + offsets.get(i), Option.empty(), Option.empty());
        metrics.put(analyzer, metric);
      }
      if (readRows && !grouping.isEmpty()) {
        AnalyzerContext grouped =
            AnalysisRunner$.MODULE$.doAnalysisRun(
                rows,
                scalaSeq(new ArrayList<>(grouping)),
                Option.empty(),
                Option.empty(),
                StorageLevel.MEMORY_AND_DISK(),
                new AnalysisRunnerRepositoryOptions(
                    Option.empty(), Option.empty(), false, Option.empty()),
                new AnalysisRunnerFileOutputOptions(Option.empty(), Option.empty(), false));
        metrics.putAll(JavaConverters.mapAsJavaMap(grouped.metricMap()));
      }
      Dataset<Row> primary = null;
      for (Analyzer<?, Metric<?>> analyzer : others) {
        boolean schemaOnly = (Object) analyzer instanceof com.amazon.deequ.analyzers.ColumnExists;
        if (!readRows && !schemaOnly) {
          continue;
        }
        Dataset<Row> data = rows;
        if ((Object) analyzer instanceof com.amazon.deequ.analyzers.CustomSql) {
          if (primary == null) {
            primary = org.apache.spark.sql.Dataset$.MODULE$.ofRows(isolated, rows.logicalPlan());
            primary.createOrReplaceTempView(PRIMARY_VIEW);
          }
          data = primary;
        }
        metrics.put(
            analyzer, analyzer.calculate(data, Option.empty(), Option.empty(), Option.empty()));
      }
      return new Metrics(metrics);
    }
  }

  /** The metrics of one batch, by analyzer. */
  static final class Metrics {
    private final Map<Analyzer<?, Metric<?>>, Metric<?>> byAnalyzer;

    private Metrics(Map<Analyzer<?, Metric<?>>, Metric<?>> byAnalyzer) {
      this.byAnalyzer = byAnalyzer;
    }

    /**
     * Evaluates a check with Deequ against the metrics ({@code Check.evaluate}).
     *
     * @throws IllegalStateException when a metric the check needs was not computed
     */
    Verdict evaluate(RuleCheck rule) {
      for (Analyzer<?, Metric<?>> analyzer : rule.analyzers()) {
        if (!byAnalyzer.containsKey(analyzer)) {
          throw new IllegalStateException("metric not computed: " + analyzer);
        }
      }
      CheckResult result = rule.check.evaluate(new AnalyzerContext(scalaMap(byAnalyzer)));
      boolean passed = "Success".equals(result.status().toString());
      List<Double> values = new ArrayList<>();
      boolean empty = false;
      String failure = null;
      for (ConstraintResult constraint : javaList(result.constraintResults())) {
        if (constraint.metric().isEmpty()) {
          continue;
        }
        Metric<?> metric = constraint.metric().get();
        if (metric.value().isFailure()) {
          Throwable cause = metric.value().failed().get();
          if (cause instanceof EmptyStateException) {
            empty = true;
          } else {
            failure = cause.getMessage();
          }
          continue;
        }
        DoubleMetric picked = pick(javaList(metric.flatten()), rule.metricNames);
        if (picked != null && picked.value().isSuccess()) {
          values.add(((Number) picked.value().get()).doubleValue());
        }
      }
      return new Verdict(passed, values, empty && values.isEmpty(), failure);
    }

    /** The value of a metric Deequ computed for {@code rule}'s check, or null. */
    Double value(RuleCheck rule) {
      for (Analyzer<?, Metric<?>> analyzer : rule.analyzers()) {
        Metric<?> metric = byAnalyzer.get(analyzer);
        if (metric != null && metric.value().isSuccess()) {
          DoubleMetric picked = pick(javaList(metric.flatten()), rule.metricNames);
          if (picked != null && picked.value().isSuccess()) {
            return ((Number) picked.value().get()).doubleValue();
          }
        }
      }
      return null;
    }

    private static DoubleMetric pick(List<DoubleMetric> flat, List<String> names) {
      for (DoubleMetric metric : flat) {
        if (names.contains(metric.name())) {
          return metric;
        }
      }
      return flat.size() == 1 ? flat.get(0) : null;
    }
  }

  /**
   * Deequ's verdict on a check.
   *
   * @param passed Deequ's status is Success
   * @param values the value of each metric the check's constraints asserted on
   * @param noValue every metric was empty (a statistic of a column without values)
   * @param failure why a metric could not be computed, or null
   */
  record Verdict(boolean passed, List<Double> values, boolean noValue, String failure) {}

  /**
   * Deequ's referential-integrity comparison: how many of the rows (all with a non-null key) have
   * their key among the reference's keys.
   *
   * @return {rows, rows found in the reference}
   */
  static long[] referentialIntegrity(
      Dataset<Row> keyedRows, String column, Dataset<Row> reference, String referenceColumn) {
    Row counts =
        referentialIntegrityRows(keyedRows, column, reference, referenceColumn)
            .agg(count(lit(1)), sum(when(col(REFERENCE_FOUND), 1L).otherwise(0L)))
            .collectAsList()
            .get(0);
    return new long[] {counts.getLong(0), counts.isNullAt(1) ? 0 : counts.getLong(1)};
  }

  /** The column {@link #referentialIntegrityRows} adds: true when the reference has the key. */
  static final String REFERENCE_FOUND = "_dq_found";

  /**
   * Deequ's row-level ReferentialIntegrity: the rows with a key, each with {@link
   * #REFERENCE_FOUND}.
   */
  static Dataset<Row> referentialIntegrityRows(
      Dataset<Row> keyedRows, String column, Dataset<Row> reference, String referenceColumn) {
    scala.util.Either<ComparisonFailed, Dataset<Row>> compared =
        ReferentialIntegrity$.MODULE$.subsetCheckRowLevel(
            keyedRows,
            scalaSeq(List.of(column)),
            reference,
            scalaSeq(List.of(referenceColumn)),
            Option.apply(REFERENCE_FOUND));
    if (compared.isLeft()) {
      throw new IllegalStateException(compared.left().get().errorMessage());
    }
    return compared.right().get();
  }

  /**
   * Deequ's anomaly detection ({@code AnomalyDetector} with {@code BatchNormalStrategy}): is {@code
   * value} more than {@code deviations} standard deviations away from the mean of {@code history}?
   */
  static boolean anomalous(List<Double> history, double value, double deviations) {
    List<DataPoint<Object>> points = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      points.add(new DataPoint<>(i, Option.apply((Object) history.get(i))));
    }
    AnomalyDetector detector =
        new AnomalyDetector(
            new BatchNormalStrategy(Option.apply(deviations), Option.apply(deviations), false));
    return !detector
        .isNewPointAnomalous(
            scalaSeq(points), new DataPoint<>(history.size(), Option.apply((Object) value)))
        .anomalies()
        .isEmpty();
  }

  private static <T> List<T> javaList(Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }

  private static <T> Set<T> javaSet(scala.collection.Set<T> set) {
    return new LinkedHashSet<>(JavaConverters.setAsJavaSet(set));
  }

  private static <T> Seq<T> scalaSeq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scalaMap(Map<K, V> map) {
    return JavaConverters.mapAsScalaMap(map).toMap(scala.Predef$.MODULE$.$conforms());
  }
}
