package org.zonelake.quality;

import java.util.List;
import java.util.Objects;

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
}
