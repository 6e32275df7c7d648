package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.zonelake.core.errors.LakeException;
import org.zonelake.quality.CompiledRule.KeyMetric;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.Condition;
import software.amazon.glue.dqdl.model.condition.duration.Duration;
import software.amazon.glue.dqdl.model.condition.duration.DurationBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.string.Keyword;
import software.amazon.glue.dqdl.model.condition.string.KeywordStringOperand;
import software.amazon.glue.dqdl.model.condition.string.StringBasedCondition;
import software.amazon.glue.dqdl.model.condition.string.StringOperand;

/**
 * Translates DQDL rules into Spark expressions. Every supported rule type becomes either a per-row
 * boolean, an aggregate, a check of the schema, or a metric on key frequencies; anything else is
 * rejected with the rule, its line and the fix.
 */
final class RuleCompiler {

  /** The rule types ZoneLake evaluates. */
  static final Set<String> SUPPORTED =
      Set.of(
          "IsComplete",
          "Completeness",
          "IsUnique",
          "Uniqueness",
          "IsPrimaryKey",
          "ColumnValues",
          "ColumnLength",
          "ColumnExists",
          "ColumnDataType",
          "RowCount",
          "Mean",
          "Sum",
          "StandardDeviation",
          "DistinctValuesCount",
          "CustomSql",
          "DataFreshness",
          "ReferentialIntegrity");

  private static final Map<String, String> DATA_TYPES =
      Map.of(
          "STRING", "STRING",
          "INTEGER", "INT",
          "LONG", "BIGINT",
          "DOUBLE", "DOUBLE",
          "FLOAT", "FLOAT",
          "BOOLEAN", "BOOLEAN",
          "DATE", "DATE",
          "TIMESTAMP", "TIMESTAMP");

  private static final Pattern CUSTOM_SQL =
      Pattern.compile(
          "(?is)\\s*select\\s+(.+?)\\s+from\\s+primary(?:\\s+where\\s+(.+?))?\\s*;?\\s*");
  private static final Pattern COUNT_STAR = Pattern.compile("(?i)count\\s*\\(\\s*(\\*|1)\\s*\\)");

  private final QualityRule rule;
  private final DQRule dq;
  private final Collection<String> columns;
  private final String source;
  private final Instant now;

  private RuleCompiler(
      QualityRule rule, DQRule dq, Collection<String> columns, String source, Instant now) {
    this.rule = rule;
    this.dq = dq;
    this.columns = columns;
    this.source = source;
    this.now = now;
  }

  /**
   * Translates a rule.
   *
   * @param rule the rule as loaded (its rowLevel flag is ignored)
   * @param dq the rule as parsed by the official parser
   * @param columns the columns the rows have: rules naming others are rejected
   * @param source the source, for messages
   * @param now the evaluation time (DataFreshness)
   * @throws LakeException naming the rule and its line when the rule cannot be evaluated
   */
  static CompiledRule compile(
      QualityRule rule, DQRule dq, Collection<String> columns, String source, Instant now) {
    return new RuleCompiler(rule, dq, columns, source, now).compile();
  }

  /** A column by its exact name (dots are part of the name, not a path). */
  static Column column(String name) {
    return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
  }

  private CompiledRule compile() {
    String type = dq.getRuleType();
    if (!SUPPORTED.contains(type)) {
      throw unsupported(
          "uses rule type " + type + ", which ZoneLake cannot evaluate",
          "use one of " + new java.util.TreeSet<>(SUPPORTED) + ", or remove the rule");
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
      case "IsComplete" -> new CompiledRule.PerRow(rule, target().isNotNull());
      case "Completeness" ->
          aggregate(avg(when(target().isNotNull(), 1.0).otherwise(0.0)), numberCondition());
      case "ColumnValues" -> values(target(), dq.getCondition());
      case "ColumnLength" -> lengths();
      case "ColumnExists" -> new CompiledRule.OnSchema(rule, targetName());
      case "ColumnDataType" -> dataType();
      case "RowCount" -> new CompiledRule.OnAggregate(rule, count(lit(1)), numberCondition(), true);
      case "Mean" -> aggregate(avg(target().cast("double")), numberCondition());
      case "Sum" -> aggregate(sum(target().cast("double")), numberCondition());
      case "StandardDeviation" -> aggregate(stddev_pop(target().cast("double")), numberCondition());
        // Like Deequ's histogram, null counts as one more distinct value.
      case "DistinctValuesCount" ->
          new CompiledRule.OnKeys(
              rule,
              KeyMetric.DISTINCT,
              array(target().cast("string")),
              numberCondition(),
              null,
              null);
      case "Uniqueness" -> keys(KeyMetric.UNIQUENESS, List.of(targetName()), numberCondition());
      case "IsUnique" -> keys(KeyMetric.ALL_UNIQUE, List.of(targetName()), null);
      case "IsPrimaryKey" -> keys(KeyMetric.ALL_UNIQUE, primaryKeyColumns(), null);
      case "CustomSql" -> customSql();
      case "DataFreshness" -> freshness();
      case "ReferentialIntegrity" -> referentialIntegrity();
      default -> throw new IllegalStateException(type);
    };
  }

  private CompiledRule aggregate(Column metric, NumberBasedCondition condition) {
    return new CompiledRule.OnAggregate(rule, metric, condition, false);
  }

  private CompiledRule keys(KeyMetric metric, List<String> keyColumns, NumberBasedCondition c) {
    return new CompiledRule.OnKeys(rule, metric, CompiledRule.keyOf(keyColumns), c, null, null);
  }

  /** ColumnLength: a null value has no length and passes (as in Deequ), use IsComplete too. */
  private CompiledRule lengths() {
    CompiledRule compiled = values(length(target()), dq.getCondition());
    if (compiled instanceof CompiledRule.PerRow perRow) {
      return new CompiledRule.PerRow(rule, target().isNull().or(perRow.pass()));
    }
    return compiled;
  }

  /** ColumnValues / ColumnLength: per row, or on the share of passing rows with a threshold. */
  private CompiledRule values(Column value, Condition condition) {
    Column pass;
    if (condition instanceof NumberBasedCondition number) {
      pass = numberPredicate(value, number);
    } else if (condition instanceof StringBasedCondition string) {
      pass = stringPredicate(value, string);
    } else {
      throw unsupported(
          "has a condition ZoneLake cannot evaluate per row ("
              + condition
                  .getClass()
                  .getSimpleName()
                  .replace("Condition", "")
                  .toLowerCase(Locale.ROOT)
              + ")",
          "compare with numbers (>, between, in [...]) or strings (=, in [...], matches)");
    }
    if (dq.getThresholdCondition() != null) {
      NumberBasedCondition threshold = number(dq.getThresholdCondition());
      return aggregate(avg(when(pass, 1.0).otherwise(0.0)), threshold);
    }
    return new CompiledRule.PerRow(rule, pass);
  }

  private CompiledRule dataType() {
    if (!(dq.getCondition() instanceof StringBasedCondition condition)
        || condition.getOperands().size() != 1
        || condition.getOperands().get(0) instanceof KeywordStringOperand
        || !condition.getOperator().name().equals("EQUALS")) {
      throw unsupported(
          "does not name one data type with '='", "write e.g. ColumnDataType \"n\" = \"INTEGER\"");
    }
    String name = condition.getOperands().get(0).getOperand().toUpperCase(Locale.ROOT);
    String sqlType = DATA_TYPES.get(name);
    if (sqlType == null) {
      throw unsupported(
          "names data type " + name + ", which ZoneLake cannot check",
          "use one of " + new java.util.TreeSet<>(DATA_TYPES.keySet()));
    }
    String target = targetName();
    Column fits =
        expr("try_cast(CAST(`" + target.replace("`", "``") + "` AS STRING) AS " + sqlType + ")")
            .isNotNull();
    Column compliance = avg(when(target().isNull().or(fits), 1.0).otherwise(0.0));
    NumberBasedCondition threshold =
        dq.getThresholdCondition() == null ? allRows() : number(dq.getThresholdCondition());
    return aggregate(compliance, threshold);
  }

  private CompiledRule customSql() {
    String statement = dq.getParameters().get("CustomSqlStatement");
    Matcher m = CUSTOM_SQL.matcher(statement == null ? "" : statement);
    String fix =
        "write 'SELECT <aggregate> FROM primary', or 'SELECT COUNT(*) FROM primary WHERE"
            + " <condition>'";
    if (!m.matches()) {
      throw unsupported("has a SQL statement ZoneLake cannot evaluate in its single pass", fix);
    }
    String select = m.group(1).strip();
    String where = m.group(2);
    String aggregate;
    if (where == null) {
      aggregate = select;
    } else if (COUNT_STAR.matcher(select).matches()) {
      aggregate = "count_if(" + where.strip() + ")";
    } else {
      throw unsupported("filters an aggregate other than COUNT(*) with WHERE", fix);
    }
    Column metric;
    try {
      metric = expr(aggregate);
    } catch (RuntimeException e) {
      throw unsupported("has SQL Spark cannot parse (" + firstLine(e.getMessage()) + ")", fix);
    }
    return aggregate(metric, numberCondition());
  }

  private CompiledRule freshness() {
    if (!(dq.getCondition() instanceof DurationBasedCondition condition)) {
      throw unsupported("has no duration condition", "write e.g. DataFreshness \"ts\" <= 24 hours");
    }
    Column age = lit(Timestamp.from(now)).cast("long").minus(target().cast("long"));
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
    Column fresh =
        switch (condition.getOperator()) {
          case LESS_THAN -> age.lt(seconds.get(0));
          case LESS_THAN_EQUAL_TO -> age.leq(seconds.get(0));
          case GREATER_THAN -> age.gt(seconds.get(0));
          case GREATER_THAN_EQUAL_TO -> age.geq(seconds.get(0));
          case BETWEEN -> age.gt(seconds.get(0)).and(age.lt(seconds.get(1)));
          default ->
              throw unsupported(
                  "compares durations with " + condition.getOperator(),
                  "use <, <=, >, >= or between");
        };
    Column compliance = avg(when(coalesce(fresh, lit(false)), 1.0).otherwise(0.0));
    NumberBasedCondition threshold =
        dq.getThresholdCondition() == null ? allRows() : number(dq.getThresholdCondition());
    return aggregate(compliance, threshold);
  }

  private CompiledRule referentialIntegrity() {
    String primary = dq.getParameters().get("PrimaryDatasetColumns");
    String reference = dq.getParameters().get("ReferenceDatasetColumns");
    int dot = reference == null ? -1 : reference.indexOf('.');
    String fix = "write e.g. ReferentialIntegrity \"customer_id\" \"customers.customer_id\" = 1.0";
    if (primary == null || primary.contains(",") || dot <= 0 || reference.contains(",")) {
      throw unsupported("does not compare one column with one reference column", fix);
    }
    checkColumn(primary);
    String referenceName = reference.substring(0, dot);
    String referenceColumn = reference.substring(dot + 1);
    return new CompiledRule.OnKeys(
        rule,
        KeyMetric.IN_REFERENCE,
        CompiledRule.keyOf(List.of(primary)),
        numberCondition(),
        referenceName,
        CompiledRule.keyOf(List.of(referenceColumn)));
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

  private Column numberPredicate(Column value, NumberBasedCondition condition) {
    List<Column> ops = new ArrayList<>();
    for (NumericOperand operand : atomic(condition)) {
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
    // A null value fails a comparison.
    return coalesce(test, lit(false));
  }

  private Column stringPredicate(Column value, StringBasedCondition condition) {
    Column text = value.cast("string");
    Column any = lit(false);
    for (StringOperand operand : condition.getOperands()) {
      Column match;
      if (operand instanceof KeywordStringOperand) {
        Keyword keyword = Keyword.valueOf(operand.getOperand());
        match =
            switch (keyword) {
              case NULL -> value.isNull();
              case EMPTY -> text.equalTo(lit(""));
              case WHITESPACES_ONLY -> text.notEqual(lit("")).and(trim(text).equalTo(lit("")));
            };
      } else {
        String literal = operand.getOperand();
        match =
            switch (condition.getOperator()) {
              case MATCHES, NOT_MATCHES -> text.rlike("^(?:" + literal + ")$");
              default -> text.equalTo(lit(literal));
            };
      }
      any = any.or(coalesce(match, lit(false)));
    }
    return switch (condition.getOperator()) {
      case EQUALS, IN, MATCHES -> any;
      case NOT_EQUALS, NOT_IN, NOT_MATCHES -> not(any);
    };
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
    return number;
  }

  private List<NumericOperand> atomic(NumberBasedCondition condition) {
    for (NumericOperand operand : condition.getOperands()) {
      if (!(operand instanceof AtomicNumberOperand)) {
        throw unsupported(
            "compares with '" + operand.getOperand() + "', which ZoneLake cannot compute",
            "compare each row with number literals; history functions such as avg(last(5))"
                + " apply to batch metrics (RowCount, Mean, Completeness, ...)");
      }
    }
    return condition.getOperands();
  }

  private NumberBasedCondition allRows() {
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

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    return message.split("\n")[0].strip();
  }
}
