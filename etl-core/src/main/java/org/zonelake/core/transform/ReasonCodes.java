package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/** The checks every record goes through before any ruleset, by the name quarantine rows carry. */
public final class ReasonCodes {

  /** The line or record is not parseable in the source's format. */
  public static final String MALFORMED = "malformed";

  /** A required column is absent, null or empty. */
  public static final String MISSING_REQUIRED = "missing_required";

  /** A value cannot be converted to its column's declared type. */
  public static final String TYPE_CAST = "type_cast";

  /** The event time matches none of the contract's formats. */
  public static final String BAD_EVENT_TIME = "bad_event_time";

  /** A valid record fails a DQDL rule whose action is quarantine (the message is the rule). */
  public static final String QUALITY_RULE = "quality_rule";

  /** All of them, in the order messages are listed. */
  public static final List<String> ALL =
      List.of(MALFORMED, MISSING_REQUIRED, TYPE_CAST, BAD_EVENT_TIME, QUALITY_RULE);

  /**
   * How the reason message of a failed quality rule starts: {@code quality_rule: <rule>}; every
   * other message starts with its code and a colon.
   */
  public static final String QUALITY_RULE_PREFIX = QUALITY_RULE + ": ";

  private ReasonCodes() {}

  /** The reason message of the failed quality rule {@code rule} (its DQDL text). */
  public static String qualityRuleReason(String rule) {
    return QUALITY_RULE_PREFIX + rule;
  }

  /** The reason message of the failed quality rule whose DQDL text is {@code rule}. */
  public static Column qualityRuleReason(Column rule) {
    return concat(lit(QUALITY_RULE_PREFIX), rule);
  }

  /**
   * A reason message's key, what reasons are grouped by: its code, or the whole message for a
   * quality rule (each rule is a reason of its own).
   */
  public static Column reasonKey(Column reason) {
    return when(reason.startsWith(QUALITY_RULE_PREFIX), reason)
        .otherwise(substring_index(reason, ":", 1));
  }
}
