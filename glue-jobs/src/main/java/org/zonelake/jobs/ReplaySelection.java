package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.model.LakeColumns;
import org.zonelake.model.Suggestion;

/**
 * Which quarantine rows of a source a replay takes: always the open ones (never recovered by an
 * earlier replay), narrowed by any of a reason code, a quality rule, the run that quarantined them
 * and a range of quarantine days (the event day, or the raw file's landing day when the event time
 * is unknown: the day curated counts the row on).
 *
 * @param source the source
 * @param reason a reason code the row must have ({@code bad_event_time}, ...)
 * @param rule a quality rule the row must have failed, as written in its ruleset
 * @param run the run that quarantined the row
 * @param from the first quarantine day, inclusive
 * @param to the last quarantine day, inclusive
 */
public record ReplaySelection(
    String source,
    Optional<String> reason,
    Optional<String> rule,
    Optional<String> run,
    Optional<LocalDate> from,
    Optional<LocalDate> to) {

  /** Validates the fields. */
  public ReplaySelection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (reason.isPresent() && !ReasonCodes.ALL.contains(reason.get())) {
      throw CommandLineErrors.badArgument(
          "--reason is '" + reason.get() + "'; use one of " + ReasonCodes.ALL + ".",
          "A reason is a check name as _reason_codes holds it.");
    }
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw CommandLineErrors.badArgument(
          "--from " + from.get() + " is after --to " + to.get() + ".",
          "Give the first and the last quarantine day of the range (yyyy-MM-dd).");
    }
  }

  /** Every open row of the source. */
  public static ReplaySelection all(String source) {
    return new ReplaySelection(
        source,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The rows of {@code source} that the options {@code reason}, {@code rule}, {@code run}, {@code
   * from} and {@code to} select, each looked up by name in {@code option} (empty when not given).
   */
  public static ReplaySelection of(String source, Function<String, Optional<String>> option) {
    return new ReplaySelection(
        source,
        option.apply("reason"),
        option.apply("rule"),
        option.apply("run"),
        option.apply("from").map(d -> day("from", d)),
        option.apply("to").map(d -> day("to", d)));
  }

  /** A day given as {@code yyyy-MM-dd}, for the error message naming {@code option}. */
  public static LocalDate day(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw CommandLineErrors.badArgument(
          "--" + option + " is '" + value + "'; use a day as yyyy-MM-dd.",
          "Days are quarantine days in UTC, e.g. 2026-11-21.");
    }
  }

  /**
   * The predicate on quarantine rows with {@code year, month, day} of their quarantine day (see
   * {@link org.zonelake.core.curated.CuratedAggregates#withQuarantineDay}).
   */
  Column predicate() {
    Column p = ReplayColumns.isOpen();
    if (reason.isPresent()) {
      p = p.and(array_contains(col(LakeColumns.REASON_CODES), reason.get()));
    }
    if (rule.isPresent()) {
      p =
          p.and(
              array_contains(col(LakeColumns.REASONS), ReasonCodes.qualityRuleReason(rule.get())));
    }
    if (run.isPresent()) {
      p = p.and(col(LakeColumns.RUN_ID).equalTo(run.get()));
    }
    Column day = make_date(col(LakeColumns.YEAR), col(LakeColumns.MONTH), col(LakeColumns.DAY));
    if (from.isPresent()) {
      p = p.and(day.geq(lit(java.sql.Date.valueOf(from.get()))));
    }
    if (to.isPresent()) {
      p = p.and(day.leq(lit(java.sql.Date.valueOf(to.get()))));
    }
    return p;
  }

  /**
   * Why the rule of this selection selected nothing, given the rules the quarantine rows failed: a
   * rule is selected by its text exactly as its ruleset writes it.
   */
  String noRowFailed(List<String> failedRules) {
    String text = rule.orElseThrow();
    if (failedRules.contains(text)) {
      return "no open row failed rule '" + text + "'.";
    }
    return "no row failed rule '"
        + text
        + "'"
        + Suggestion.closest(text, failedRules).map(c -> "; the closest: '" + c + "'").orElse("")
        + (failedRules.isEmpty()
            ? "; no row failed a quality rule."
            : ". The rules rows failed: "
                + failedRules
                + " (give the text as the ruleset writes it).");
  }

  /**
   * Why the run of this selection selected nothing, given the runs that quarantined rows of the
   * source: a run that quarantined none is named with the closest one; a run that did has no open
   * row the other options select.
   */
  String noRowOfRun(List<String> runs) {
    String id = run.orElseThrow();
    if (runs.contains(id)) {
      return "run "
          + id
          + " quarantined rows of "
          + source
          + ", but none of them is open and"
          + " selected by the other options.";
    }
    int shown = Math.min(runs.size(), 5);
    return "run "
        + id
        + " quarantined no row of "
        + source
        + Suggestion.closest(id, runs).map(c -> "; the closest: " + c).orElse("")
        + (runs.isEmpty()
            ? "; no run quarantined a row of it."
            : ". The runs that did"
                + (shown < runs.size()
                    ? " (the last " + shown + " of " + runs.size() + " by name)"
                    : "")
                + ": "
                + String.join(", ", runs.subList(runs.size() - shown, runs.size()))
                + " (./lake runs --source "
                + source
                + " lists them).");
  }

  /** For people: {@code reason bad_event_time, days 2026-11-20 to 2026-11-21}; or all open rows. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    reason.ifPresent(r -> parts.add("reason " + r));
    rule.ifPresent(r -> parts.add("rule '" + r + "'"));
    run.ifPresent(r -> parts.add("run " + r));
    if (from.isPresent() || to.isPresent()) {
      parts.add(
          "days "
              + from.map(LocalDate::toString).orElse("any")
              + " to "
              + to.map(LocalDate::toString).orElse("any"));
    }
    return parts.isEmpty() ? "all open rows" : "open rows with " + String.join(", ", parts);
  }

  /** As JSON, for the replay log. */
  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("source", source);
    reason.ifPresent(r -> node.put("reason", r));
    rule.ifPresent(r -> node.put("rule", r));
    run.ifPresent(r -> node.put("run", r));
    from.ifPresent(d -> node.put("from", d.toString()));
    to.ifPresent(d -> node.put("to", d.toString()));
    return node;
  }

  /** From the JSON of {@link #toJson}. */
  static ReplaySelection fromJson(JsonNode node) {
    return new ReplaySelection(
        node.get("source").asText(),
        text(node, "reason"),
        text(node, "rule"),
        text(node, "run"),
        text(node, "from").map(LocalDate::parse),
        text(node, "to").map(LocalDate::parse));
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
