package org.zonelake.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one shape of every message the lake shows a person when something fails: what failed, why,
 * what it means, and how to fix it. {@code ErrorMessage.what("Contract orders.json cannot be
 * read").why(detail).fix("make it a JSON object")} reads {@code Contract orders.json cannot be
 * read: <detail>. Fix: make it a JSON object.}
 *
 * <p>Each module's error factory (contracts and joined datasets, runs, quality rules, the command
 * line, AWS) builds its messages with it, and the exception types of the modules ({@code
 * LakeException}, {@link ModelException}) take one. Immutable: every step returns a new message.
 */
public final class ErrorMessage {

  private final String what;
  private final String why;
  private final List<String> notes;
  private final String fix;
  private final String details;

  private ErrorMessage(String what, String why, List<String> notes, String fix, String details) {
    this.what = what;
    this.why = why;
    this.notes = List.copyOf(notes);
    this.fix = fix;
    this.details = details;
  }

  /**
   * A message about {@code what} failed, for example {@code Contract orders.json: field 'schema'
   * declares no column}.
   */
  public static ErrorMessage what(String what) {
    return new ErrorMessage(Objects.requireNonNull(what, "what"), null, List.of(), null, null);
  }

  /** Why it failed, after a colon ({@link #detail} gives it for a caught failure). */
  public ErrorMessage why(String why) {
    return new ErrorMessage(what, Objects.requireNonNull(why, "why"), notes, fix, details);
  }

  /** A sentence on what the failure means, such as what was kept or will be retried. */
  public ErrorMessage note(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(Objects.requireNonNull(note, "note"));
    return new ErrorMessage(what, why, more, fix, details);
  }

  /** How to fix it: {@code Fix: <fix>.} */
  public ErrorMessage fix(String fix) {
    return new ErrorMessage(what, why, notes, Objects.requireNonNull(fix, "fix"), details);
  }

  /** A block shown below the message after an empty line, such as a usage text. */
  public ErrorMessage details(String details) {
    return new ErrorMessage(what, why, notes, fix, Objects.requireNonNull(details, "details"));
  }

  /**
   * The message: {@code <what>[: <why>][. <note>]...[. Fix: <fix>].}, then the details block; a why
   * or note that ends with a period (a quoted message) is not given a second one. Without a why,
   * notes or fix it is {@code what} as given (a problem stated with its usage).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(what);
    if (why != null) {
      text.append(": ").append(why);
    }
    notes.forEach(note -> endSentence(text).append(' ').append(note));
    if (fix != null) {
      endSentence(text).append(" Fix: ").append(fix);
    }
    if (why != null || fix != null || !notes.isEmpty()) {
      endSentence(text);
    }
    if (details != null) {
      text.append("\n\n").append(details);
    }
    return text.toString();
  }

  /** Ends the text's last sentence with a period, unless a period (of a quoted message) does. */
  private static StringBuilder endSentence(StringBuilder text) {
    return !text.isEmpty() && text.charAt(text.length() - 1) == '.' ? text : text.append('.');
  }

  /**
   * What a failure says about itself, for the why of a message: the first line of its message, or
   * its type when it has none.
   */
  public static String detail(Throwable failure) {
    return failure.getMessage() == null ? failure.toString() : firstLine(failure.getMessage());
  }

  /**
   * The text's first line that is not blank (Spark's parse errors start with a line break), or the
   * text when every line is.
   */
  public static String firstLine(String text) {
    return text.lines().filter(line -> !line.isBlank()).findFirst().orElse(text);
  }
}
