package org.zonelake.quality;

import java.util.Objects;

/**
 * One DQDL rule of a ruleset.
 *
 * @param text the rule as written in its file (without the separating comma or a comment); it is
 *     the rule's name in row outcomes, quarantine reasons and results
 * @param action what happens when the rule does not pass
 * @param line the 1-based line of the rule in its file
 * @param file the ruleset file name, e.g. {@code orders.fail.dqdl}
 * @param rowLevel true when the rule is decided per row (each row passes or fails it); false when
 *     it is decided once per batch
 */
public record QualityRule(String text, RuleAction action, int line, String file, boolean rowLevel) {

  /** Checks nothing is null. */
  public QualityRule {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(file, "file");
  }

  /** The most of a rule's text a message quotes. */
  static final int QUOTED_LENGTH = 300;

  /**
   * The rule's text as a message quotes it: whole up to {@value #QUOTED_LENGTH} characters, else
   * its start and an ellipsis ({@link #location} says where the rest is).
   */
  public String quoted() {
    if (!isLong()) {
      return text;
    }
    int end =
        Character.isHighSurrogate(text.charAt(QUOTED_LENGTH - 1))
            ? QUOTED_LENGTH - 1
            : QUOTED_LENGTH;
    return text.substring(0, end) + "…";
  }

  /** Whether a message quotes only the start of the rule ({@link #quoted}). */
  public boolean isLong() {
    return text.length() > QUOTED_LENGTH;
  }

  /** Where the rule is written, for messages: {@code orders.fail.dqdl line 3}. */
  public String location() {
    return file + " line " + line;
  }
}
