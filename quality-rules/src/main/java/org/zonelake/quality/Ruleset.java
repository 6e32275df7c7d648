package org.zonelake.quality;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.zonelake.core.contract.DatasetContract;

/**
 * The quality rules of one source, in file order (files in the order the contract lists them, rules
 * in line order), each compiled once when the ruleset is loaded: parsed by the official DQDL
 * parser, translated by Deequ and checked against the contract's columns. A run evaluates the
 * compiled rules on its batch ({@link QualityPlan#of}) without parsing them again. Immutable; built
 * by {@link Rulesets}.
 */
public final class Ruleset {

  private final String source;
  private final List<PlannedRule> planned;
  private final List<QualityRule> rules;

  Ruleset(String source, List<PlannedRule> planned) {
    this.source = Objects.requireNonNull(source, "source");
    this.planned = List.copyOf(planned);
    this.rules = this.planned.stream().map(PlannedRule::rule).toList();
  }

  /** A ruleset without rules: evaluating it changes nothing and passes. */
  public static Ruleset empty(String source) {
    return new Ruleset(source, List.of());
  }

  /** The source the rules apply to. */
  public String source() {
    return source;
  }

  /** The rules, in order. */
  public List<QualityRule> rules() {
    return rules;
  }

  /** The rules as compiled when loaded, in order. */
  List<PlannedRule> planned() {
    return planned;
  }

  /** The rules decided per row, in order. */
  public List<QualityRule> rowLevelRules() {
    return rules.stream().filter(QualityRule::rowLevel).toList();
  }

  /** The rules with this action, in order. */
  public List<QualityRule> withAction(RuleAction action) {
    return rules.stream().filter(r -> r.action() == action).toList();
  }

  /**
   * The datasets ReferentialIntegrity rules name ({@code "customers.customer_id"} names customers).
   */
  public Set<String> referenceNames() {
    Set<String> names = new TreeSet<>();
    for (PlannedRule rule : planned) {
      if (rule instanceof PlannedRule.OnReference reference) {
        names.add(reference.reference());
      }
    }
    return names;
  }

  /**
   * Refuses a ReferentialIntegrity rule that names a source without a contract, or a column that
   * source's rows do not have: its reference could never exist.
   *
   * @param contracts the contracts of the sources there are
   * @throws LakeException naming the rule's file and line, and the sources or columns there are
   */
  public void requireReferences(java.util.Collection<DatasetContract> contracts) {
    Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
    contracts.forEach(c -> columns.put(c.source(), Rulesets.allowedColumns(c)));
    for (PlannedRule rule : planned) {
      if (!(rule instanceof PlannedRule.OnReference reference)) {
        continue;
      }
      QualityRule named = reference.rule();
      List<String> referenced = columns.get(reference.reference());
      if (referenced == null) {
        throw QualityErrors.unsupportedRule(
            named.file(),
            named.line(),
            named.text(),
            "checks against source '"
                + reference.reference()
                + "', which has no contract"
                + org.zonelake.model.Suggestion.closest(reference.reference(), columns.keySet())
                    .map(c -> " (did you mean '" + c + "'?)")
                    .orElse(""),
            "name one of " + new TreeSet<>(columns.keySet()) + " as \"<source>.<column>\"");
      }
      if (!referenced.contains(reference.referenceColumn())) {
        throw QualityErrors.unknownRuleColumn(
            named.file(),
            named.line(),
            named.text(),
            reference.referenceColumn(),
            reference.reference(),
            referenced);
      }
    }
  }

  /**
   * Refuses a CustomSql statement Spark cannot evaluate over the source's rows (a function given
   * the wrong arguments, a type mismatch): analysed once, over no row, in a session of its own,
   * before any batch is read, rather than failing the rule on every batch.
   *
   * @param spark a session to analyse in
   * @param contract the source's contract, whose columns (and the lake's) the rows have
   * @throws LakeException naming the rule's file and line and Spark's reason
   */
  public void requireAnalysable(org.apache.spark.sql.SparkSession spark, DatasetContract contract) {
    List<PlannedRule> statements =
        planned.stream().filter(p -> p.dq().getRuleType().equals("CustomSql")).toList();
    if (statements.isEmpty()) {
      return;
    }
    org.apache.spark.sql.types.StructType rows = contract.schema();
    for (String column : org.zonelake.model.LakeColumns.PROCESSED_ENVELOPE) {
      if (!List.of(rows.fieldNames()).contains(column)) {
        rows =
            rows.add(
                column,
                org.apache.spark.sql.types.DataType.fromDDL(
                    org.zonelake.model.LakeColumns.column(column).glueType()));
      }
    }
    org.apache.spark.sql.SparkSession own = spark.newSession();
    own.createDataFrame(List.of(), rows).createOrReplaceTempView("primary");
    for (PlannedRule statement : statements) {
      try {
        own.sql(statement.dq().getParameters().get("CustomSqlStatement"))
            .queryExecution()
            .assertAnalyzed();
      } catch (Exception e) {
        // Spark's AnalysisException is checked in Java's eyes, thrown undeclared.
        QualityRule rule = statement.rule();
        throw QualityErrors.unsupportedRule(
            rule.file(),
            rule.line(),
            rule.text(),
            "has SQL Spark cannot evaluate over the rows of source '"
                + source
                + "' ("
                + org.zonelake.model.ErrorMessage.detail(e).strip()
                + ")",
            "correct the statement: it runs over the batch's rows, named primary, which have the"
                + " contract's columns and the lake's (_event_time, year, ...)");
      }
    }
  }

  /** Equal when the source and the rules are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Ruleset that && source.equals(that.source) && rules.equals(that.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, rules);
  }

  @Override
  public String toString() {
    return "Ruleset[source=" + source + ", rules=" + rules + "]";
  }
}
