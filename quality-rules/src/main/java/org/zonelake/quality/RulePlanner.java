package org.zonelake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.Condition;
import software.amazon.glue.dqdl.model.condition.duration.Duration;
import software.amazon.glue.dqdl.model.condition.duration.DurationBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedConditionOperator;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.string.KeywordStringOperand;
import software.amazon.glue.dqdl.model.condition.string.StringBasedCondition;
import software.amazon.glue.dqdl.model.condition.string.StringBasedConditionOperator;
import software.amazon.glue.dqdl.model.condition.string.StringOperand;

/**
 * Decides how each DQDL rule is evaluated: per row, with Deequ's row-level outcome of the rule's
 * Deequ check; per batch, by the rule's Deequ check (Deequ's own DQDL translation), by a share of
 * rows, by Deequ's referential-integrity comparison, or by Deequ's anomaly detection on the
 * history. Anything else is refused with the rule, its line and the fix.
 */
record RulePlanner(
    QualityRule rule,
    DQRule dq,
    Collection<String> columns,
    Map<String, DataType> types,
    String source) {

  private static final Pattern CUSTOM_SQL =
      Pattern.compile(
          "(?is)\\s*select\\s+(.+?)\\s+from\\s+primary(?:\\s+where\\s+(.+?))?\\s*;?\\s*");

  /** The texts Spark reads as a double that are not numbers: NaN and the infinities. */
  private static final Pattern SPECIAL_DOUBLE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

  /** The rule types that compute a statistic of a numeric column. */
  private static final Set<String> STATISTICS = Set.of("Mean", "Sum", "StandardDeviation");

  /** The metrics DetectAnomalies may watch (those a Deequ check of the type measures). */
  static final Set<String> ANOMALY_METRICS =
      Set.of(
          "RowCount",
          "Completeness",
          "Mean",
          "Sum",
          "StandardDeviation",
          "Uniqueness",
          "DistinctValuesCount");

  /**
   * Plans a rule.
   *
   * @param rule the rule as loaded (its rowLevel flag is ignored)
   * @param dq the rule as parsed by the official parser
   * @param columns the columns the rows have: rules naming others are rejected
   * @param types the types of the contract's columns (the lake's own columns are not among them)
   * @param source the source, for messages
   * @throws LakeException naming the rule and its line when the rule cannot be evaluated
   */
  static PlannedRule plan(
      QualityRule rule,
      DQRule dq,
      Collection<String> columns,
      Map<String, DataType> types,
      String source) {
    RulePlanner planner = new RulePlanner(rule, dq, columns, types, source);
    PlannedRule planned;
    try {
      planned = planner.plan();
    } catch (java.util.regex.PatternSyntaxException e) {
      // Deequ compiles a matches pattern when it builds the rule's check.
      throw planner.unsupported(
          "has an invalid regular expression: "
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + " of '"
              + e.getPattern()
              + "'",
          "correct the pattern: a Java regular expression the whole value must match");
    }
    if (rule.action() == RuleAction.QUARANTINE && !(planned instanceof PlannedRule.PerRow)) {
      throw planner.unsupported(
          "is decided once per batch, and a quarantine file holds only rules decided per row",
          "move it to a <name>.warn.dqdl or <name>.fail.dqdl file, or write it as a per-row rule"
              + " (IsComplete, ColumnValues or ColumnLength without a threshold)");
    }
    return planned;
  }

  /** A column by its exact name (dots are part of the name, not a path). */
  static Column column(String name) {
    return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
  }

  private PlannedRule plan() {
    String type = dq.getRuleType();
    Set<String> supported = RuleTypes.supported();
    if (!supported.contains(type)) {
      throw unsupported(
          "uses rule type " + type + ", which ZoneLake cannot evaluate",
          "use one of " + new java.util.TreeSet<>(supported) + ", or remove the rule");
    }
    if (dq.getWhereClause() != null) {
      throw unsupported(
          "has a where clause, which ZoneLake cannot evaluate",
          "remove the where clause, or express the filter in a CustomSql rule");
    }
    if (dq.getNestedRules() != null && !dq.getNestedRules().isEmpty()) {
      throw unsupported(
          "combines rules with and/or, which ZoneLake cannot evaluate", "write one rule per line");
    }
    return switch (type) {
      case "IsComplete" -> {
        targetName();
        yield new PlannedRule.PerRow(rule, dq, deequCheck(dq).rowOutcome(() -> lit(true)));
      }
      case "ColumnValues" -> values(target(), false);
      case "ColumnLength" -> values(length(target()), true);
      case "RowCount", "DistinctValuesCount" -> {
        if (!type.equals("RowCount")) {
          targetName();
        }
        yield checked(numberCondition());
      }
      case "Completeness" -> {
        targetName();
        yield checked(share(dq.getCondition()));
      }
      case "Mean", "Sum", "StandardDeviation" -> {
        String column = targetName();
        if (!numeric(column)) {
          throw unsupported(
              "takes the " + type + " of column '" + column + "', which is not numeric",
              "name a numeric column, or check this one with ColumnValues or ColumnLength");
        }
        yield checked(numberCondition());
      }
      case "Uniqueness" -> {
        targetName();
        yield checked(share(dq.getCondition()));
      }
      case "IsUnique", "ColumnExists" -> {
        targetName();
        yield checked(null);
      }
      case "IsPrimaryKey" -> {
        primaryKeyColumns();
        yield checked(null);
      }
      case "CustomSql" -> customSql();
      case "ColumnDataType" -> dataType();
      case "DataFreshness" -> freshness();
      case "ReferentialIntegrity" -> referentialIntegrity();
      case "DetectAnomalies" -> anomalies();
      default -> throw new IllegalStateException(type);
    };
  }

  private PlannedRule checked(NumberBasedCondition condition) {
    return new PlannedRule.OnCheck(rule, dq, deequCheck(dq), condition);
  }

  private DeequEngine.RuleCheck deequCheck(DQRule parsed) {
    return DeequEngine.check(parsed)
        .orElseThrow(
            () ->
                unsupported(
                    "is not translated by Deequ ("
                        + String.valueOf(DeequEngine.untranslatable(parsed))
                        + ")",
                    "rewrite the rule as its documentation in the README section 'Quality"
                        + " rules' shows"));
  }

  /**
   * ColumnValues / ColumnLength: per row (Deequ's row-level outcome), or, with a threshold, on the
   * share of rows with that outcome. Deequ 2.1.0's DQDL translation ignores {@code with threshold}
   * of these rules (it requires every row); Glue Data Quality applies it to the share of rows, and
   * so does ZoneLake.
   */
  private PlannedRule values(Column value, boolean lengths) {
    Condition condition = dq.getCondition();
    java.util.function.Supplier<Column> compiled;
    if (condition instanceof NumberBasedCondition number) {
      atomic(number);
      if (!lengths) {
        comparedWithNumbers(targetName());
      }
      compiled =
          lengths
              // A null value has no length and passes (as in Deequ): use IsComplete too.
              ? () -> target().isNull().or(numberPredicate(value, number))
              : () -> numberPredicate(value, number);
    } else if (condition instanceof StringBasedCondition strings && !lengths) {
      comparedWithStrings(targetName(), strings);
      compiled =
          () -> {
            throw new IllegalStateException("Deequ compares strings with SQL predicates");
          };
    } else {
      throw unsupported(
          "has a condition ZoneLake cannot evaluate per row ("
              + (condition == null
                  ? "none"
                  : condition
                      .getClass()
                      .getSimpleName()
                      .replace("Condition", "")
                      .toLowerCase(Locale.ROOT))
              + ")",
          "compare with numbers (>, between, in [...]) or strings (=, in [...], matches)");
    }
    targetName();
    Column pass = deequCheck(dq).rowOutcome(compiled);
    if (dq.getThresholdCondition() != null) {
      return new PlannedRule.OnShare(rule, pass, share(dq.getThresholdCondition()), dq);
    }
    return new PlannedRule.PerRow(rule, dq, pass);
  }

  /**
   * ColumnDataType: the share of rows whose value has the type, by Deequ's own per-row outcome
   * (Deequ decides it with two counts of its own; here the share is measured in the batch's pass).
   */
  private PlannedRule dataType() {
    if (!(dq.getCondition() instanceof StringBasedCondition condition)
        || condition.getOperands().size() != 1
        || condition.getOperands().get(0) instanceof KeywordStringOperand
        || !condition.getOperator().name().equals("EQUALS")) {
      throw unsupported(
          "does not name one data type with '='", "write e.g. ColumnDataType \"n\" = \"INTEGER\"");
    }
    targetName();
    String problem = DeequEngine.untranslatable(dq);
    if (problem != null) {
      throw unsupported(
          "names data type "
              + condition.getOperands().get(0).getOperand().toUpperCase(Locale.ROOT)
              + ", which ZoneLake cannot check",
          "use one of [BOOLEAN, DATE, DECIMAL(p,s), DOUBLE, FLOAT, INTEGER, LONG, TIMESTAMP]");
    }
    Column pass = coalesce(DeequEngine.dataTypeOutcome(dq), lit(false));
    NumberBasedCondition threshold =
        dq.getThresholdCondition() == null ? allRows() : share(dq.getThresholdCondition());
    return new PlannedRule.OnShare(rule, pass, threshold, dq);
  }

  /**
   * CustomSql: Deequ runs the statement as a query of its own over the batch's rows, visible as
   * {@code primary}. The statement must give one value per batch.
   */
  private PlannedRule customSql() {
    String statement = dq.getParameters().get("CustomSqlStatement");
    Matcher m = CUSTOM_SQL.matcher(statement == null ? "" : statement);
    String fix =
        "write 'SELECT <aggregate> FROM primary', or 'SELECT COUNT(*) FROM primary WHERE"
            + " <condition>'";
    if (!m.matches()) {
      try {
        org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parsePlan(
            statement == null ? "" : statement);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java's eyes, thrown undeclared.
        throw unsupported(
            "has SQL Spark cannot parse (" + ErrorMessage.detail(e).strip() + ")", fix);
      }
      throw unsupported("has a SQL statement ZoneLake cannot evaluate in its single pass", fix);
    }
    List<Column> parts = new ArrayList<>();
    try {
      parts.add(expr(m.group(1).strip()));
      if (m.group(2) != null) {
        parts.add(expr(m.group(2).strip()));
      }
    } catch (Exception e) {
      // Spark's ParseException is checked in Java's eyes, thrown undeclared.
      throw unsupported("has SQL Spark cannot parse (" + ErrorMessage.detail(e).strip() + ")", fix);
    }
    for (Column part : parts) {
      for (String name : org.zonelake.core.spark.SparkInternals.columnsNamed(part)) {
        // SQL names columns regardless of case.
        if (columns.stream().noneMatch(c -> c.equalsIgnoreCase(name))) {
          checkColumn(name);
        }
      }
    }
    return checked(numberCondition());
  }

  /**
   * DataFreshness: the share of rows whose time is within the duration of the run's start. Deequ
   * measures the age against the wall clock when its query runs ({@code current_timestamp()}); the
   * compiled expression here measures it against the run's start, so that a retried batch is
   * decided the same way (and tests do not depend on the clock).
   */
  private PlannedRule freshness() {
    if (!(dq.getCondition() instanceof DurationBasedCondition condition)) {
      throw unsupported("has no duration condition", "write e.g. DataFreshness \"ts\" <= 24 hours");
    }
    Column target = target().cast("long");
    List<Long> seconds = new ArrayList<>();
    for (Duration d : condition.getOperands()) {
      long unit =
          switch (d.getUnit()) {
            case MINUTES -> 60L;
            case HOURS -> 3600L;
            case DAYS -> 86400L;
          };
      seconds.add(d.getAmount() * unit);
    }
    Function<Column, Column> fresh =
        switch (condition.getOperator()) {
          case LESS_THAN -> age -> age.lt(seconds.get(0));
          case LESS_THAN_EQUAL_TO -> age -> age.leq(seconds.get(0));
          case GREATER_THAN -> age -> age.gt(seconds.get(0));
          case GREATER_THAN_EQUAL_TO -> age -> age.geq(seconds.get(0));
          case BETWEEN -> age -> age.gt(seconds.get(0)).and(age.lt(seconds.get(1)));
          default ->
              throw unsupported(
                  "compares durations with " + condition.getOperator(),
                  "use <, <=, >, >= or between");
        };
    NumberBasedCondition threshold =
        dq.getThresholdCondition() == null ? allRows() : share(dq.getThresholdCondition());
    return new PlannedRule.OnFreshness(
        rule,
        runStart ->
            coalesce(
                fresh.apply(lit(Timestamp.from(runStart)).cast("long").minus(target)), lit(false)),
        threshold,
        dq);
  }

  private PlannedRule referentialIntegrity() {
    String primary = dq.getParameters().get("PrimaryDatasetColumns");
    String reference = dq.getParameters().get("ReferenceDatasetColumns");
    int dot = reference == null ? -1 : reference.indexOf('.');
    String fix = "write e.g. ReferentialIntegrity \"customer_id\" \"customers.customer_id\" = 1.0";
    if (primary == null || primary.contains(",") || dot <= 0 || reference.contains(",")) {
      throw unsupported("does not compare one column with one reference column", fix);
    }
    checkColumn(primary);
    return new PlannedRule.OnReference(
        rule,
        dq,
        numberCondition(),
        primary,
        reference.substring(0, dot),
        reference.substring(dot + 1));
  }

  /**
   * DetectAnomalies "RowCount" (or "Mean" "price", ...): the metric is measured by the Deequ check
   * of the rule {@code <metric> > 0} and compared with its history.
   */
  private PlannedRule anomalies() {
    List<String> parameters = new ArrayList<>(new TreeMap<>(dq.getParameters()).values());
    String fix =
        "watch one of "
            + new java.util.TreeSet<>(ANOMALY_METRICS)
            + ", e.g. DetectAnomalies \"RowCount\" or DetectAnomalies \"Mean\" \"price\"";
    if (parameters.isEmpty() || !ANOMALY_METRICS.contains(parameters.get(0))) {
      throw unsupported("watches a metric ZoneLake does not keep a history of", fix);
    }
    StringBuilder text = new StringBuilder(parameters.get(0));
    for (String parameter : parameters.subList(1, parameters.size())) {
      text.append(" \"").append(parameter.replace("\"", "\\\"")).append('"');
    }
    DQRule metric;
    try {
      metric = DqdlText.parseRule(text + " > 0");
    } catch (InvalidDataQualityRulesetException | RuntimeException e) {
      throw unsupported("watches a metric with the wrong parameters", fix);
    }
    String column = metric.getParameters().get("TargetColumn");
    if (column != null) {
      checkColumn(column);
      if (STATISTICS.contains(metric.getRuleType()) && !numeric(column)) {
        throw unsupported(
            "watches the "
                + metric.getRuleType()
                + " of column '"
                + column
                + "', which is not numeric",
            "name a numeric column, or watch its Completeness or DistinctValuesCount");
      }
    }
    return new PlannedRule.OnHistory(
        rule, dq, DataQuality.metricName(metric, text.toString()), deequCheck(metric));
  }

  private List<String> primaryKeyColumns() {
    Map<String, String> ordered = new TreeMap<>(dq.getParameters());
    List<String> keyColumns = new ArrayList<>();
    for (String value : ordered.values()) {
      checkColumn(value);
      keyColumns.add(value);
    }
    return keyColumns;
  }

  /**
   * The comparison of a ColumnValues or ColumnLength rule with number literals, as a Spark
   * expression; false for a null value.
   */
  private static Column numberPredicate(Column value, NumberBasedCondition condition) {
    List<Column> ops = new ArrayList<>();
    for (NumericOperand operand : condition.getOperands()) {
      ops.add(lit(new BigDecimal(operand.getOperand())));
    }
    Column test =
        switch (condition.getOperator()) {
          case GREATER_THAN -> value.gt(ops.get(0));
          case GREATER_THAN_EQUAL_TO -> value.geq(ops.get(0));
          case LESS_THAN -> value.lt(ops.get(0));
          case LESS_THAN_EQUAL_TO -> value.leq(ops.get(0));
          case EQUALS -> value.equalTo(ops.get(0));
          case NOT_EQUALS -> value.notEqual(ops.get(0));
            // DQDL's between excludes both bounds.
          case BETWEEN -> value.gt(ops.get(0)).and(value.lt(ops.get(1)));
          case NOT_BETWEEN -> value.leq(ops.get(0)).or(value.geq(ops.get(1)));
          case IN -> value.isin(ops.toArray());
          case NOT_IN -> not(value.isin(ops.toArray()));
        };
    return coalesce(test, lit(false));
  }

  private NumberBasedCondition numberCondition() {
    return number(dq.getCondition());
  }

  private NumberBasedCondition number(Condition condition) {
    if (!(condition instanceof NumberBasedCondition number)) {
      throw unsupported(
          "has no numeric condition", "add one, e.g. '> 0', '>= 0.95' or 'between 1 and 10'");
    }
    // A batch metric may be compared with its history (anomaly detection): avg(last(5)) * 0.5.
    for (NumericOperand operand : number.getOperands()) {
      String problem = HistoryOperands.problem(operand);
      if (problem != null) {
        throw unsupported(
            "compares with " + problem + ", which ZoneLake cannot compute",
            "compare with numbers, or with avg/min/max/sum of last(k) for run-over-run checks,"
                + " e.g. 'RowCount > avg(last(5)) * 0.5'");
      }
    }
    boundsInOrder(number);
    return number;
  }

  /**
   * Refuses {@code between a and b} with {@code a >= b}: no value lies between them (DQDL's between
   * excludes both bounds), so the rule could never pass.
   */
  private void boundsInOrder(NumberBasedCondition condition) {
    List<NumericOperand> operands = condition.getOperands();
    if (condition.getOperator() == NumberBasedConditionOperator.BETWEEN
        && operands.size() == 2
        && operands.stream().allMatch(AtomicNumberOperand.class::isInstance)
        && new BigDecimal(operands.get(0).getOperand())
                .compareTo(new BigDecimal(operands.get(1).getOperand()))
            >= 0) {
      throw unsupported(
          "can never pass: no value lies between "
              + operands.get(0).getOperand()
              + " and "
              + operands.get(1).getOperand()
              + " (between excludes both bounds)",
          "write the smaller bound first, e.g. 'between "
              + operands.get(1).getOperand()
              + " and "
              + operands.get(0).getOperand()
              + "'");
    }
  }

  /** Whether {@code column} holds numbers: a numeric column of the contract, or a lake column. */
  private boolean numeric(String column) {
    DataType type = types.get(column);
    return type == null || type instanceof NumericType;
  }

  /**
   * Refuses comparing {@code column} with numbers when its values are neither numbers nor text (a
   * time, a date, a boolean, a nested value): Spark cannot evaluate the comparison.
   */
  private void comparedWithNumbers(String column) {
    DataType type = types.get(column);
    if (numeric(column) || type instanceof StringType) {
      return;
    }
    throw unsupported(
        "compares column '" + column + "' of type " + type.sql() + " with numbers",
        type instanceof TimestampType || type instanceof DateType
            ? "check how recent its values are with DataFreshness, or compare them in a CustomSql"
                + " rule"
            : "compare it with values in quotes (=, in [...], matches), or in a CustomSql rule");
  }

  /**
   * Refuses comparing a numeric {@code column} for equality with text that is not a number: no
   * value could ever be equal to it.
   */
  private void comparedWithStrings(String column, StringBasedCondition condition) {
    if (!(types.get(column) instanceof NumericType)
        || condition.getOperator() == StringBasedConditionOperator.MATCHES
        || condition.getOperator() == StringBasedConditionOperator.NOT_MATCHES) {
      return;
    }
    for (StringOperand operand : condition.getOperands()) {
      if (operand instanceof KeywordStringOperand) {
        continue;
      }
      String text = operand.getOperand().strip();
      if (SPECIAL_DOUBLE.matcher(text).matches()
          && (types.get(column) instanceof DoubleType || types.get(column) instanceof FloatType)) {
        continue; // Spark reads NaN and infinities as values of a DOUBLE or FLOAT column.
      }
      try {
        new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw unsupported(
            "compares numeric column '"
                + column
                + "' with \""
                + operand.getOperand()
                + "\", which is not a number",
            "compare it with numbers, e.g. in [1, 2]");
      }
    }
  }

  /**
   * A condition on a share of rows (0 to 1): refused when no share meets it, as a rule that could
   * never pass ({@code > 1.5}, {@code < 0}) is a mistake that would warn, or stop the source, on
   * every batch.
   */
  private NumberBasedCondition share(Condition condition) {
    NumberBasedCondition number = number(condition);
    List<Double> candidates = new ArrayList<>(List.of(0.0, 1.0));
    for (NumericOperand operand : number.getOperands()) {
      if (!(operand instanceof AtomicNumberOperand)) {
        return number; // compared with its history: decided by the batch
      }
      double value = Double.parseDouble(operand.getOperand());
      candidates.addAll(List.of(value, Math.nextUp(value), Math.nextDown(value)));
    }
    List<Double> shares = candidates.stream().filter(c -> c >= 0 && c <= 1).sorted().toList();
    List<Double> tried = new ArrayList<>(shares);
    for (int i = 1; i < shares.size(); i++) {
      tried.add((shares.get(i - 1) + shares.get(i)) / 2);
    }
    HistoryOperands literals = new HistoryOperands(List.of());
    if (tried.stream().noneMatch(c -> Boolean.TRUE.equals(number.evaluate(c, dq, literals)))) {
      throw unsupported(
          "can never pass: it holds a share of rows, from 0 to 1, to "
              + number.getFormattedCondition(),
          "give a threshold a share can meet, e.g. '>= 0.95'");
    }
    return number;
  }

  private void atomic(NumberBasedCondition condition) {
    for (NumericOperand operand : condition.getOperands()) {
      if (!(operand instanceof AtomicNumberOperand)) {
        throw unsupported(
            "compares with '" + operand.getOperand() + "', which ZoneLake cannot compute",
            "compare each row with number literals; history functions such as avg(last(5))"
                + " apply to batch metrics (RowCount, Mean, Completeness, ...)");
      }
    }
    boundsInOrder(condition);
  }

  /** The condition {@code = 1.0}: every row. */
  static NumberBasedCondition allRows() {
    try {
      return (NumberBasedCondition) DqdlText.parseRule("RowCount = 1.0").getCondition();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String targetName() {
    String name = dq.getParameters().get("TargetColumn");
    if (name == null) {
      throw unsupported("names no column", "name the column in double quotes after the rule type");
    }
    checkColumn(name);
    return name;
  }

  private Column target() {
    return column(targetName());
  }

  private void checkColumn(String name) {
    if (!columns.contains(name)) {
      throw QualityErrors.unknownRuleColumn(
          rule.file(), rule.line(), rule.text(), name, source, columns);
    }
  }

  private LakeException unsupported(String problem, String fix) {
    return QualityErrors.unsupportedRule(rule.file(), rule.line(), rule.text(), problem, fix);
  }
}
