package org.zonelake.quality;

import java.util.Locale;

/** What happens when a quality rule does not pass. */
public enum RuleAction {
  /** The outcome is recorded; the rows and the batch go on. */
  WARN,
  /** Rows failing the rule go to quarantine with the rule as reason; the other rows go on. */
  QUARANTINE,
  /** The batch is not committed and the job exits non-zero. */
  FAIL;

  /**
   * The action as written in ruleset file names: {@code warn}, {@code quarantine}, {@code fail}.
   */
  public String fileLabel() {
    return name().toLowerCase(Locale.ROOT);
  }
}
