package org.zonelake.core.read;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.zonelake.core.contract.RawFormat;

/**
 * The check Spark's CSV reader makes of a file's header when the contract gives the schema ({@code
 * enforceSchema} off): the header must name the contract's columns, as many and in the same order
 * (ignoring case unless {@code spark.sql.caseSensitive} is on). Spark fails the whole read on the
 * first file that does not; the probe uses this check to name that file and put it in file
 * quarantine instead.
 */
public final class CsvHeader {

  private CsvHeader() {}

  /**
   * Why a header line does not name the contract's columns, or empty when it does.
   *
   * @param line the file's first line (a UTF-8 byte-order mark and a carriage return before the
   *     line break are ignored, as Spark ignores them)
   * @param csv the contract's CSV format (delimiter, quote, escape)
   * @param columns the contract's columns, in order
   * @param caseSensitive whether names are compared with their case
   */
  public static Optional<String> mismatch(
      String line, RawFormat.Csv csv, List<String> columns, boolean caseSensitive) {
    List<String> header = fields(line, csv);
    if (header.size() != columns.size()) {
      return Optional.of(
          "its CSV header has "
              + header.size()
              + " column(s) and the contract "
              + columns.size()
              + " (header: "
              + String.join(", ", header)
              + "; contract: "
              + String.join(", ", columns)
              + ")");
    }
    for (int i = 0; i < columns.size(); i++) {
      String named = header.get(i);
      String expected = columns.get(i);
      boolean same =
          caseSensitive
              ? named.equals(expected)
              : named.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
      if (!same) {
        return Optional.of(
            "its CSV header names column "
                + (i + 1)
                + " '"
                + named
                + "' where the contract has '"
                + expected
                + "' (header: "
                + String.join(", ", header)
                + ")");
      }
    }
    return Optional.empty();
  }

  /** The header's fields, split as Spark's reader splits them. */
  private static List<String> fields(String line, RawFormat.Csv csv) {
    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(csv.delimiter());
    settings.getFormat().setQuote(csv.quote().charAt(0));
    settings.getFormat().setQuoteEscape(csv.escape().charAt(0));
    settings.getFormat().setLineSeparator("\n");
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setNullValue("");
    settings.setEmptyValue("");
    settings.setMaxCharsPerColumn(-1);
    String[] parsed = new CsvParser(settings).parseLine(text);
    return parsed == null ? List.of("") : Arrays.asList(parsed);
  }
}
