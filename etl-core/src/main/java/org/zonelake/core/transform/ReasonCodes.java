package org.zonelake.core.transform;

import java.util.List;

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

  private ReasonCodes() {}
}
