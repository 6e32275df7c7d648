package org.zonelake.quality;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;

/**
 * The quality rules of one source, in file order (files in the order the contract lists them, rules
 * in line order). Immutable; built by {@link Rulesets}.
 *
 * @param source the source the rules apply to
 * @param rules the rules
 */
public record Ruleset(String source, List<QualityRule> rules) {

  /** Copies the list and checks nothing is null. */
  public Ruleset {
    Objects.requireNonNull(source, "source");
    rules = List.copyOf(rules);
  }

  /** A ruleset without rules: evaluating it changes nothing and passes. */
  public static Ruleset empty(String source) {
    return new Ruleset(source, List.of());
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
    for (QualityRule rule : rules) {
      if (!rule.text().startsWith("ReferentialIntegrity")) {
        continue;
      }
      try {
        String columns =
            DqdlText.parseRule(rule.text()).getParameters().get("ReferenceDatasetColumns");
        if (columns != null && columns.indexOf('.') > 0) {
          names.add(columns.substring(0, columns.indexOf('.')));
        }
      } catch (InvalidDataQualityRulesetException e) {
        throw new IllegalStateException("rule was valid when loaded: " + rule.text(), e);
      }
    }
    return names;
  }
}
