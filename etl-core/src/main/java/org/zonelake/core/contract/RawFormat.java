package org.zonelake.core.contract;

import java.util.List;
import java.util.Objects;

/**
 * How the raw files of a source are laid out. Any of them may be gzip-compressed (a {@code .gz}
 * file name is decompressed on read).
 */
public sealed interface RawFormat
    permits RawFormat.JsonLines, RawFormat.JsonArray, RawFormat.Csv, RawFormat.Text {

  /** One JSON object per line. */
  record JsonLines() implements RawFormat {}

  /** One JSON array of objects per file. */
  record JsonArray() implements RawFormat {}

  /**
   * Delimited text with a header row whose names must equal the schema's columns, in order.
   *
   * @param delimiter the field separator
   * @param quote the quote character
   * @param escape the character escaping a quote inside a quoted field
   * @param multiLine whether a quoted field may contain line breaks
   */
  record Csv(String delimiter, String quote, String escape, boolean multiLine)
      implements RawFormat {
    /** Validates the fields. */
    public Csv {
      Objects.requireNonNull(delimiter, "delimiter");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(escape, "escape");
    }
  }

  /**
   * Plain text lines; fields are the capturing groups of a Java regular expression that must match
   * the whole line.
   *
   * @param pattern the regular expression, with one capturing group per schema column
   * @param groupNames the column each capturing group fills, in group order
   */
  record Text(String pattern, List<String> groupNames) implements RawFormat {
    /** Copies the group names. */
    public Text {
      Objects.requireNonNull(pattern, "pattern");
      groupNames = List.copyOf(groupNames);
    }
  }
}
