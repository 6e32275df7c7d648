package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.spark.JsonFromBytes;
import org.zonelake.core.spark.JsonFromBytes.NumbersAsWritten;
import org.zonelake.core.spark.Utf8Bytes;
import org.zonelake.model.LakeColumns;

/**
 * Turns what a raw reader yields into one row per raw record, the same shape for every format:
 *
 * <ul>
 *   <li>{@code _raw_record}: the record's text (the line; for JSON arrays the element; for CSV the
 *       record as parsed, re-quoted when it parsed, verbatim when it did not),
 *   <li>{@code _raw_file}, {@code _ingested_at}: carried over from the reader,
 *   <li>{@code _malformed}: null, or why the record cannot be parsed at all,
 *   <li>{@code _raw}: a struct with one STRING field per contract column (null when malformed),
 *   <li>{@code _unknown_fields}: fields the contract does not declare, or null (JSON only).
 * </ul>
 *
 * <p>Reader input: for JSON and text formats a {@code value} column (a line, or a whole file for
 * JSON arrays); for CSV one STRING column per contract column plus {@link #CORRUPT_RECORD}. Both
 * also carry {@code _raw_file} and {@code _ingested_at}.
 */
public final class RawParsing {

  /** The text column of line- and file-based readers. */
  public static final String VALUE = "value";

  /** Where Spark's CSV parser puts a record it cannot split into the schema's columns. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** Why a record is malformed, or null. */
  public static final String MALFORMED = "_malformed";

  /** The struct of raw string values, one field per contract column. */
  public static final String RAW = "_raw";

  private static final String MAP = "_fields";

  /** Joins the groups of a text line's match; a control character no log line should hold. */
  private static final String GROUP_SEPARATOR = "\u0001";

  /** The JSON parser's deepest nesting of arrays and objects (Jackson's default limit). */
  static final int MAX_JSON_NESTING_DEPTH = 1_000;

  /** The JSON parser's longest string value, in characters (Jackson's default limit). */
  static final int MAX_JSON_STRING_LENGTH = 20_000_000;

  /** The brackets of a record that did not parse, for {@link #beyondParserLimits}. */
  private static final String BRACKETS = "_brackets";

  /** Where a line (or a JSON array's file) stops being UTF-8, or null. */
  private static final String NOT_UTF8 = "_not_utf8";

  /** What a UTF-8 decoder puts where bytes are not UTF-8. */
  private static final String REPLACEMENT_CHARACTER = "\uFFFD";

  /** The UTF-8 byte-order mark some editors write at the start of a file. */
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  /** What {@link #REPLACEMENT_CHARACTER} says of a record's text, for its reason. */
  private static final String READ_IN_PLACE =
      "the character read in place of bytes that are not UTF-8";

  /**
   * Why a line that is empty or holds only whitespace is malformed: it is a line of the file, so it
   * is accounted for, and the reason says it held nothing.
   */
  private static final String BLANK = "line is blank";

  /**
   * A JSON string's escape of one half of a UTF-16 surrogate pair without the other ({@code \ud83d}
   * alone: an emoji cut in two), after an even number of backslashes. Jackson reads it into a
   * string that cannot be written as UTF-8, and Spark stores it as {@code ?}.
   */
  private static final String LONE_SURROGATE =
      "(?:^|[^\\\\])(?:\\\\\\\\)*"
          + "(\\\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\\\u[dD][c-fC-F][0-9a-fA-F]{2})"
          + "|(?<!\\\\u[dD][89abAB][0-9a-fA-F]{2})\\\\u[dD][c-fC-F][0-9a-fA-F]{2})";

  private static final String MATCHES = "_matches";
  private static final String GROUPS = "_groups";

  private RawParsing() {}

  /** The transform for the contract's raw format. */
  public static Function<Dataset<Row>, Dataset<Row>> forContract(DatasetContract contract) {
    RawFormat format = contract.format();
    if (format instanceof RawFormat.JsonLines) {
      return jsonLines(contract);
    } else if (format instanceof RawFormat.JsonArray) {
      return jsonArray(contract);
    } else if (format instanceof RawFormat.Csv csv) {
      return csv(contract, csv);
    } else if (format instanceof RawFormat.Text text) {
      return text(contract, text);
    }
    throw new IllegalArgumentException("Unsupported raw format " + format);
  }

  /** One JSON object per {@code value}. */
  public static Function<Dataset<Row>, Dataset<Row>> jsonLines(DatasetContract contract) {
    return raw ->
        fromJsonObjects(
                AddedColumns.of(LakeColumns.RAW_RECORD, col(VALUE))
                    .and(NOT_UTF8, Utf8Bytes.firstInvalid(col(VALUE)))
                    .to(raw),
                contract,
                "line")
            .select(
                unifiedColumns(
                    when(col(MALFORMED).isNotNull().and(blank(col(VALUE))), lit(BLANK))
                        .otherwise(col(MALFORMED)),
                    "line is not valid UTF-8",
                    col(NOT_UTF8)));
  }

  /** One JSON array of objects per {@code value} (a whole file). */
  public static Function<Dataset<Row>, Dataset<Row>> jsonArray(DatasetContract contract) {
    return raw -> {
      // Each element's text keeps its numbers as written; the parse of the element decides which
      // of them its columns take as written.
      // A byte-order mark before the array is not part of it (Spark's text reader keeps it).
      Column array =
          when(col(VALUE).startsWith(BYTE_ORDER_MARK), col(VALUE).substr(2, Integer.MAX_VALUE))
              .otherwise(col(VALUE));
      Column elements =
          JsonFromBytes.fromJson(
              array, DataTypes.createArrayType(DataTypes.StringType), NumbersAsWritten.EVERYWHERE);
      // Only what the records need survives the explode: every column next to it is copied into
      // each element's row, and a file's text (tens of MB) times its elements exhausts any heap.
      // The text is kept only for a file that does not parse, which becomes one record.
      Dataset<Row> exploded =
          AddedColumns.of("_elements", elements)
              .and(NOT_UTF8, Utf8Bytes.firstInvalid(col(VALUE)))
              // A file holding the mark alone holds no record, as an empty file (which Spark's
              // reader gives no row) does not.
              .to(raw.where(col(VALUE).notEqual(lit(BYTE_ORDER_MARK))))
              .withColumn("_unparsed", when(col("_elements").isNull(), col(VALUE)))
              .drop(VALUE)
              .withColumn(
                  "_element",
                  explode(
                      when(col("_elements").isNull(), expr("array(CAST(NULL AS STRING))"))
                          .otherwise(col("_elements"))))
              .drop("_elements")
              .withColumn(
                  LakeColumns.RAW_RECORD,
                  when(col("_unparsed").isNotNull(), col("_unparsed"))
                      .otherwise(coalesce(col("_element"), lit("null"))));
      Dataset<Row> parsed = fromJsonObjects(exploded, contract, "array element");
      // Where the file is not UTF-8, the elements its bad bytes fell in hold U+FFFD instead. An
      // element that holds it in a UTF-8 file is taken for one (a replay of a quarantined
      // element reads its text, in which the bytes are U+FFFD by now).
      Column notUtf8 =
          when(
              col("_unparsed")
                  .isNull()
                  .and(Utf8Bytes.contains(col(LakeColumns.RAW_RECORD), REPLACEMENT_CHARACTER)),
              coalesce(
                  concat(lit("its file has "), col(NOT_UTF8)),
                  lit("it holds U+FFFD, " + READ_IN_PLACE)));
      return parsed
          .withColumn(
              MALFORMED,
              when(col("_unparsed").isNotNull(), lit("file is not a valid JSON array"))
                  .otherwise(col(MALFORMED)))
          .select(unifiedColumns("array element is not valid UTF-8", notUtf8));
    };
  }

  /** CSV already split by Spark's parser into string columns. */
  public static Function<Dataset<Row>, Dataset<Row>> csv(
      DatasetContract contract, RawFormat.Csv format) {
    return raw -> {
      List<Column> fields = contract.columnNames().stream().map(c -> col(c)).toList();
      Column corrupt = col(CORRUPT_RECORD);
      Column requoted =
          to_csv(
              struct(fields.toArray(Column[]::new)),
              Map.of(
                  "sep", format.delimiter(),
                  "quote", format.quote(),
                  "escape", format.escape()));
      // Spark's CSV reader decodes the file itself: a byte that is not UTF-8 is only seen as the
      // U+FFFD put in its place (a UTF-8 file may hold that character too, rarely by intent).
      Column replaced = lit(false);
      for (Column field : fields) {
        replaced =
            replaced.or(coalesce(Utf8Bytes.contains(field, REPLACEMENT_CHARACTER), lit(false)));
      }
      return AddedColumns.of(
              MALFORMED,
              when(
                  corrupt.isNotNull(),
                  when(blank(corrupt), lit(BLANK))
                      .otherwise(lit("record does not have the header's number of fields"))))
          .and(LakeColumns.RAW_RECORD, coalesce(corrupt, requoted))
          .and(RAW, when(corrupt.isNull(), struct(fields.toArray(Column[]::new))))
          .and(LakeColumns.UNKNOWN_FIELDS, lit(null).cast(unknownFieldsType()))
          .to(raw)
          .select(
              unifiedColumns(
                  "record holds U+FFFD", when(corrupt.isNull().and(replaced), lit(READ_IN_PLACE))));
    };
  }

  /** Text lines split by the contract's regular expression, which must match the whole line. */
  public static Function<Dataset<Row>, Dataset<Row>> text(
      DatasetContract contract, RawFormat.Text format) {
    String anchored = "^(?:" + format.pattern() + ")$";
    int groupCount = format.groupNames().size();
    // All groups in one match: the groups joined by a separator, then split. A line holding the
    // separator itself is extracted group by group (one match per group).
    String replacement =
        IntStream.rangeClosed(1, groupCount)
            .mapToObj(i -> "$" + i)
            .collect(Collectors.joining(GROUP_SEPARATOR));
    Column groupByGroup =
        expr(
            "transform(sequence(1, "
                + groupCount
                + "), i -> regexp_extract("
                + VALUE
                + ", "
                + sqlString(anchored)
                + ", i))");
    return raw -> {
      Column line = col(VALUE);
      // Columns of their own, so Spark computes them once per line, and each field is only a
      // look-up in the array of groups: an expression repeated in each field would be evaluated
      // (and generated as code) once per field, and a projection's generated code beyond the
      // JVM's limit for compiled methods runs interpreted.
      Dataset<Row> matched =
          raw.withColumn(MATCHES, line.rlike(anchored))
              .withColumn(
                  GROUPS,
                  when(
                      col(MATCHES),
                      when(Utf8Bytes.contains(line, GROUP_SEPARATOR), groupByGroup)
                          .otherwise(
                              split(
                                  regexp_replace(line, lit(anchored), lit(replacement)),
                                  GROUP_SEPARATOR,
                                  -1))));
      List<Column> fields = new ArrayList<>();
      for (String column : contract.columnNames()) {
        Column extracted = col(GROUPS).getItem(format.groupNames().indexOf(column));
        fields.add(when(extracted.notEqual(lit("")), extracted).as(column));
      }
      return AddedColumns.of(LakeColumns.RAW_RECORD, line)
          .and(NOT_UTF8, Utf8Bytes.firstInvalid(line))
          .and(
              MALFORMED,
              when(
                  not(col(MATCHES)),
                  when(blank(line), lit(BLANK))
                      .otherwise(lit("line does not match the source's pattern"))))
          .and(RAW, when(col(MATCHES), struct(fields.toArray(Column[]::new))))
          .and(LakeColumns.UNKNOWN_FIELDS, lit(null).cast(unknownFieldsType()))
          .to(matched)
          .select(unifiedColumns("line is not valid UTF-8", col(NOT_UTF8)));
    };
  }

  private static Dataset<Row> fromJsonObjects(
      Dataset<Row> withRecord, DatasetContract contract, String recordNoun) {
    String malformedMessage = recordNoun + " is not a valid JSON object";
    Column record = col(LakeColumns.RAW_RECORD);
    // One parse per record: every top-level field as text (nested values keep their JSON text),
    // so typed conversion and schema-drift detection need no second pass over the JSON.
    Column fieldMap =
        JsonFromBytes.fromJson(
            record,
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
            NumbersAsWritten.inFields(numbersAsWritten(contract)));
    List<Column> fields = new ArrayList<>();
    for (String column : contract.columnNames()) {
      fields.add(col(MAP).getItem(column).as(column));
    }
    String known =
        contract.columnNames().stream()
            .map(RawParsing::sqlString)
            .collect(Collectors.joining(", ", "array(", ")"));
    Column unknown =
        expr("map_filter(" + MAP + ", (k, v) -> NOT array_contains(" + known + ", k))");
    // Null rather than an empty map for a record without unknown fields.
    Column hasUnknown = expr("size(array_except(map_keys(" + MAP + "), " + known + ")) > 0");
    Dataset<Row> parsed =
        withRecord
            .withColumn(MAP, fieldMap)
            .withColumn(
                BRACKETS, when(col(MAP).isNull(), regexp_replace(record, "[^\\[\\]{}]", "")));
    // A string of the record that Spark would store with '?' in place of what it held.
    Column loneSurrogate = Utf8Bytes.contains(record, "\\u").and(record.rlike(LONE_SURROGATE));
    Column parsedWhole = col(MAP).isNotNull().and(not(loneSurrogate));
    return AddedColumns.of(
            MALFORMED,
            when(col(MAP).isNull(), beyondParserLimits(record, malformedMessage))
                .when(
                    loneSurrogate,
                    concat(
                        lit(recordNoun + " holds an escaped UTF-16 surrogate without its pair ("),
                        regexp_extract(record, LONE_SURROGATE, 1),
                        lit("): it is no character, and would be stored as '?'"))))
        .and(RAW, when(parsedWhole, struct(fields.toArray(Column[]::new))))
        .and(LakeColumns.UNKNOWN_FIELDS, when(parsedWhole.and(hasUnknown), unknown))
        .to(parsed)
        .drop(BRACKETS);
  }

  /**
   * The columns whose JSON numbers are read as written: those holding a decimal, a double or a
   * float, at any depth. Spark would write a number through a double: a decimal would then take a
   * rounded value where it should refuse the record, and a number beyond a double's range would
   * become infinity or zero where it should be refused.
   */
  private static List<String> numbersAsWritten(DatasetContract contract) {
    List<String> columns = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      if (RecordValidation.holdsInexactNumber(field.dataType())) {
        columns.add(field.name());
      }
    }
    return columns;
  }

  /**
   * Why a record that does not parse as JSON failed, where the JSON parser's own limits explain it:
   * a line longer than the parser's longest string, or brackets nested deeper than its deepest
   * nesting (counted over the record's brackets, those inside strings included). Otherwise {@code
   * message} alone.
   */
  private static Column beyondParserLimits(Column record, String message) {
    Column depth =
        expr(
            "aggregate(split("
                + BRACKETS
                + ", ''), named_struct('d', 0, 'm', 0), (acc, c) -> named_struct('d', acc.d +"
                + " CASE WHEN c IN ('[', '{') THEN 1 WHEN c IN (']', '}') THEN -1 ELSE 0 END, 'm',"
                + " greatest(acc.m, acc.d + CASE WHEN c IN ('[', '{') THEN 1 ELSE 0 END)), acc ->"
                + " acc.m)");
    return when(
            length(record).gt(MAX_JSON_STRING_LENGTH),
            concat(
                lit(message + " (the record is "),
                format_number(length(record), 0),
                lit(
                    String.format(
                        Locale.ROOT,
                        " characters long; the JSON parser reads strings of at most %,d"
                            + " characters)",
                        MAX_JSON_STRING_LENGTH))))
        .when(
            depth.gt(MAX_JSON_NESTING_DEPTH),
            concat(
                lit(message + " (its brackets nest "),
                format_number(depth, 0),
                lit(
                    String.format(
                        Locale.ROOT,
                        " levels deep; the JSON parser reads at most %,d levels)",
                        MAX_JSON_NESTING_DEPTH))))
        .otherwise(lit(message));
  }

  /**
   * The columns every format yields, where a record whose text is not UTF-8 ({@code notUtf8} not
   * null: where it stops being so) is malformed, {@code notUtf8Message (notUtf8)}, whatever else it
   * is: Spark would read each byte that is not UTF-8 as U+FFFD, a value the record does not hold.
   */
  private static Column[] unifiedColumns(String notUtf8Message, Column notUtf8) {
    return unifiedColumns(col(MALFORMED), notUtf8Message, notUtf8);
  }

  /** {@link #unifiedColumns(String, Column)} where {@code malformed} says why else it is. */
  private static Column[] unifiedColumns(Column malformed, String notUtf8Message, Column notUtf8) {
    Column utf8 = notUtf8.isNull();
    return new Column[] {
      col(LakeColumns.RAW_RECORD),
      col(LakeColumns.RAW_FILE),
      col(LakeColumns.INGESTED_AT),
      when(utf8, malformed)
          .otherwise(concat(lit(notUtf8Message + " ("), notUtf8, lit(")")))
          .as(MALFORMED),
      when(utf8, col(RAW)).as(RAW),
      when(utf8, col(LakeColumns.UNKNOWN_FIELDS)).as(LakeColumns.UNKNOWN_FIELDS)
    };
  }

  /** The type of {@code _unknown_fields}. */
  public static org.apache.spark.sql.types.MapType unknownFieldsType() {
    return DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
  }

  private static Column blank(Column line) {
    return line.rlike("^\\s*$");
  }

  /** A SQL string literal for {@code value}. */
  static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
