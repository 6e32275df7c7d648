package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.forall;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.map_values;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.spark.BinaryFloats;
import org.zonelake.core.spark.JsonFromBytes;
import org.zonelake.core.spark.JsonFromBytes.NumbersAsWritten;
import org.zonelake.core.spark.TimestampsFromText;
import org.zonelake.model.LakeColumns;
import org.zonelake.model.SparkDdl;

/**
 * The checks every record passes before any ruleset: required columns present, every value
 * convertible to its declared type, event time parseable.
 *
 * <p>Input is the shape {@link RawParsing} produces. Output: {@code _raw_record}, {@code
 * _raw_file}, {@code _ingested_at}, {@code _unknown_fields}, one typed column per contract column,
 * {@code _event_time}, {@code _reasons} (one message per failed check; empty when the row is
 * valid), {@code _reason_codes} (the check names of the messages) and {@code _quality_score} (the
 * share of checks passed; 0 for a malformed record).
 *
 * <p>A value converts only if nothing is lost: an integral column rejects {@code "12.5"}, a decimal
 * column rejects a value beyond its precision or with more decimal places than its scale ({@code
 * "1.005"} in a DECIMAL(10,2); trailing zeros lose nothing), a nested column rejects JSON that does
 * not fit its type. Conversions use {@code try_cast}, so the result is the same with ANSI mode on.
 */
public final class RecordValidation {

  /**
   * The number of checks each parseable record goes through: one per required column and one per
   * declared column (type, or event time format). The quality score counts them with the row-level
   * quality rules.
   */
  public static int checkCount(DatasetContract contract) {
    return contract.required().size() + contract.schema().fields().length;
  }

  private static final int MAX_VALUE_IN_MESSAGE = 80;
  private static final String VALUE_PREFIX = "_v_";
  private static final String PARSED_PREFIX = "_p_";
  private static final String EXACT_PREFIX = "_x_";
  private static final String CHECKED_PREFIX = "_c_";
  private static final String ALL_REASONS = "_all_reasons";
  private static final String ALL_CODES = "_all_codes";

  private RecordValidation() {}

  /** The validation transform for a contract. */
  public static Function<Dataset<Row>, Dataset<Row>> forContract(DatasetContract contract) {
    return raw -> {
      // Raw values as top-level columns first, so SQL expressions (try_cast) can name them.
      List<Column> carried = new ArrayList<>(List.of(envelopeInputs()));
      carried.add(col(RawParsing.MALFORMED));
      for (StructField field : contract.schema().fields()) {
        Column value = col(RawParsing.RAW).getField(field.name());
        carried.add(blankAsNull(value, field.dataType()).as(VALUE_PREFIX + field.name()));
      }
      Dataset<Row> values = raw.select(carried.toArray(Column[]::new));
      values = withNestedParses(contract, values);

      List<Column> typed = new ArrayList<>();
      List<Column> reasons = new ArrayList<>();
      List<Column> codes = new ArrayList<>();
      List<Column> checks = new ArrayList<>();
      for (String required : contract.required()) {
        Column present = col(VALUE_PREFIX + required).isNotNull();
        if (contract.field(required).dataType() instanceof StringType) {
          present = present.and(trim(col(VALUE_PREFIX + required)).notEqual(lit("")));
        }
        checks.add(present);
        codes.add(when(not(present), lit(ReasonCodes.MISSING_REQUIRED)));
        reasons.add(
            when(
                not(present),
                lit(
                    ReasonCodes.MISSING_REQUIRED
                        + ": column '"
                        + required
                        + "' is missing or empty")));
      }
      for (StructField field : contract.schema().fields()) {
        String name = field.name();
        Column value = col(VALUE_PREFIX + name);
        boolean isEventTime = name.equals(contract.eventTime().column());
        Column converted =
            isEventTime
                ? eventTime(VALUE_PREFIX + name, contract.eventTime().formats())
                : convert(name, field.dataType());
        Column valid = value.isNull().or(converted.isNotNull());
        typed.add(converted.as(name));
        checks.add(valid);
        String code = isEventTime ? ReasonCodes.BAD_EVENT_TIME : ReasonCodes.TYPE_CAST;
        codes.add(when(not(valid), lit(code)));
        Column expectation =
            isEventTime
                ? eventTimeExpectation(value, contract.eventTime().formats())
                : lit(
                    "is not a valid "
                        + field.dataType().sql()
                        + (field.dataType() instanceof BinaryType ? " (base64 text)" : ""));
        reasons.add(
            when(
                not(valid),
                concat(
                    lit(code + ": column '" + name + "' value \""),
                    substring(value, 1, MAX_VALUE_IN_MESSAGE),
                    lit("\" "),
                    expectation)));
      }

      Column malformed = col(RawParsing.MALFORMED);
      // The codes are collected beside the messages, not cut back out of them. array_compact is
      // Spark's filter(x -> x IS NOT NULL) under another name: a lambda Spark interprets row by
      // row, so a row that passed every check (its score is 1) skips it: it has no reason.
      Column passedAll = col(LakeColumns.QUALITY_SCORE).equalTo(1.0);
      Column none = array().cast("array<string>");
      Column reasonList =
          when(malformed.isNotNull(), array(concat(lit(ReasonCodes.MALFORMED + ": "), malformed)))
              .when(passedAll, none)
              .otherwise(array_compact(col(ALL_REASONS)));
      Column codeList =
          when(malformed.isNotNull(), array(lit(ReasonCodes.MALFORMED)))
              .when(passedAll, none)
              .otherwise(array_compact(col(ALL_CODES)));
      Column passed = lit(0);
      for (Column check : checks) {
        passed = passed.plus(when(check, 1).otherwise(0));
      }
      Column score =
          when(malformed.isNotNull(), lit(0.0))
              .otherwise(passed.cast(DataTypes.DoubleType).divide(lit((double) checks.size())));

      List<Column> out = new ArrayList<>(List.of(envelopeInputs()));
      out.addAll(typed);
      out.add(col(ALL_REASONS));
      out.add(malformed);
      out.add(score.as(LakeColumns.QUALITY_SCORE));
      out.add(col(ALL_CODES));
      Dataset<Row> checked =
          AddedColumns.of(ALL_REASONS, array(reasons.toArray(Column[]::new)))
              .and(ALL_CODES, array(codes.toArray(Column[]::new)))
              .to(values)
              .select(out.toArray(Column[]::new));
      return AddedColumns.of(LakeColumns.EVENT_TIME, col(contract.eventTime().column()))
          .and(LakeColumns.REASONS, reasonList)
          .and(LakeColumns.REASON_CODES, codeList)
          .to(checked)
          .drop(ALL_REASONS, ALL_CODES, RawParsing.MALFORMED);
    };
  }

  /**
   * {@code values} with the parses of each nested column's text in columns of their own: the value
   * ({@code _p_}), its decimals with every place they can hold ({@code _x_}), and its times, binary
   * floats and 38-digit decimals as text ({@code _c_}: null unless its type holds a time or such a
   * decimal, or the value an infinite or zero double, the only cases {@link #convert} looks at it
   * for). The checks look at each several times, and Spark repeats an expression in every branch of
   * a CASE WHEN that uses it: parsed inside the checks, a sensor reading's location would be parsed
   * up to ten times per record.
   */
  private static Dataset<Row> withNestedParses(DatasetContract contract, Dataset<Row> values) {
    AddedColumns parsed = AddedColumns.none();
    AddedColumns checked = AddedColumns.none();
    for (StructField field : contract.schema().fields()) {
      DataType type = field.dataType();
      if (type instanceof AtomicType) {
        continue;
      }
      String name = field.name();
      Column json = col(VALUE_PREFIX + name);
      parsed.and(PARSED_PREFIX + name, parse(json, type, NumbersAsWritten.NONE));
      if (holds(type, t -> t instanceof DecimalType)) {
        parsed.and(EXACT_PREFIX + name, parse(json, widened(type), NumbersAsWritten.NONE));
      }
      boolean alwaysChecked = holds(type, RecordValidation::isAlwaysChecked);
      if (alwaysChecked || holds(type, RecordValidation::isBinaryFloat)) {
        Column asText = parse(json, checkedAsText(type), NumbersAsWritten.EVERYWHERE);
        Column nested = parsedValue(col(PARSED_PREFIX + name), type);
        checked.and(
            CHECKED_PREFIX + name,
            alwaysChecked ? asText : when(infiniteOrZero(nested, type), asText));
      }
    }
    return checked.to(parsed.to(values));
  }

  private static Column[] envelopeInputs() {
    return new Column[] {
      col(LakeColumns.RAW_RECORD),
      col(LakeColumns.RAW_FILE),
      col(LakeColumns.INGESTED_AT),
      col(LakeColumns.UNKNOWN_FIELDS)
    };
  }

  private static Column blankAsNull(Column value, DataType type) {
    if (type instanceof StringType) {
      return value;
    }
    return when(trim(value).notEqual(lit("")), value);
  }

  private static Column eventTime(String valueColumn, List<String> formats) {
    Column value = col(valueColumn);
    if (formats.isEmpty()) {
      return timestamp(valueColumn);
    }
    List<Column> attempts = new ArrayList<>();
    for (String format : formats) {
      Column parsed = TimestampsFromText.tryToTimestamp(value, format);
      // A format of seven or more S reads nanoseconds, and the time stamp keeps microseconds: a
      // value with a digit beyond the sixth that is not 0 is refused rather than cut.
      attempts.add(
          readsNanoseconds(format) ? when(not(value.rlike(BEYOND_MICROS)), parsed) : parsed);
    }
    return attempts.size() == 1 ? attempts.get(0) : coalesce(attempts.toArray(Column[]::new));
  }

  /** A second's fraction of more than six digits ({@link #wholeTimestamp} refuses it). */
  private static final String NANOSECONDS = "[.,][0-9]{7,}";

  /** A second's fraction with a digit that is not 0 beyond the sixth. */
  private static final String BEYOND_MICROS = "[.,][0-9]{6}[0-9]*[1-9]";

  /** Whether a date-time format reads seven or more digits of a second's fraction. */
  private static boolean readsNanoseconds(String format) {
    return format.replaceAll("'[^']*'", "").contains("SSSSSSS");
  }

  /**
   * Why an event time's text did not convert: a fraction of a second a time stamp cannot hold,
   * where the formats could read it, else what the formats (or ISO-8601) expect.
   */
  private static Column eventTimeExpectation(Column value, List<String> formats) {
    String expected =
        formats.isEmpty()
            ? "is not an ISO-8601 time stamp (such as 2026-11-20T10:00:00Z; the contract"
                + " lists no formats)"
            : "matches none of the formats " + formats;
    if (!formats.isEmpty() && formats.stream().noneMatch(RecordValidation::readsNanoseconds)) {
      return lit(expected);
    }
    return when(
            value.rlike(formats.isEmpty() ? NANOSECONDS : BEYOND_MICROS),
            lit(
                "has more than six decimals of a second, which a TIMESTAMP cannot hold (it keeps"
                    + " microseconds)"))
        .otherwise(lit(expected));
  }

  /** A whole date, as its text starts: year (four digits or more, signed or not), month, day. */
  private static final String FULL_DATE = "^[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}";

  /**
   * The widest decimal with the integer digits of {@code type}: 38 digits, as many of them decimal
   * places as {@code type} leaves (a value that fits {@code type} fits it with all its places up to
   * that many).
   */
  private static DecimalType fullScale(DecimalType type) {
    return DataTypes.createDecimalType(
        DecimalType.MAX_PRECISION(),
        DecimalType.MAX_PRECISION() - (type.precision() - type.scale()));
  }

  /**
   * Whether {@code type} is, or holds at any depth, a type whose value a number's text can change
   * on its way: a decimal (rounded to its scale), a double or a float (beyond its range, infinity
   * or zero).
   */
  static boolean holdsInexactNumber(DataType type) {
    return holds(type, t -> t instanceof DecimalType || isBinaryFloat(t));
  }

  /** Whether {@code type} is, or holds at any depth, an atomic type {@code leaf} accepts. */
  private static boolean holds(DataType type, Predicate<DataType> leaf) {
    return !replaced(type, t -> leaf.test(t) ? DataTypes.NullType : t).equals(type);
  }

  private static boolean isBinaryFloat(DataType type) {
    return type instanceof DoubleType || type instanceof FloatType;
  }

  private static boolean isTime(DataType type) {
    return type instanceof TimestampType || type instanceof DateType;
  }

  /**
   * Whether {@code type} is a decimal of 38 digits, whose rounding a wider decimal cannot show
   * ({@link #fullScale} is the type itself): its text is checked instead ({@link #fitsScale}).
   */
  private static boolean isFullDecimal(DataType type) {
    return type instanceof DecimalType decimal && fullScale(decimal).equals(decimal);
  }

  /** Whether a nested value of {@code type} is always read again as text to check it. */
  private static boolean isAlwaysChecked(DataType type) {
    return isTime(type) || isFullDecimal(type);
  }

  /** A number as text: sign, integer digits, decimals, exponent. */
  private static final String NUMBER_TEXT = "^[+-]?([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$";

  /**
   * Whether a text is a number that needs at most {@code scale} places after the point, trailing
   * zeros aside ({@code 1.50} and {@code 15e-1} need one, {@code 1.5e-3} four): a decimal of that
   * scale holds it without rounding. The text is taken as a cast takes it, without the spaces and
   * control characters around it and the commas the JSON reader drops; a text that is then no such
   * number does not pass.
   */
  private static Column fitsScale(Column text, int scale) {
    Column number =
        regexp_replace(regexp_replace(text, "^[\\x00-\\x20]+|[\\x00-\\x20]+$", ""), ",", "");
    Column fraction = regexp_extract(number, NUMBER_TEXT, 2);
    Column exponentText = regexp_extract(number, NUMBER_TEXT, 3);
    // An exponent of more than nine digits is null, and so is the test unless the number is zero:
    // no decimal holds such a number.
    Column exponent =
        when(exponentText.equalTo(""), lit(0L))
            .when(length(exponentText).leq(10), exponentText.cast("long"));
    Column digits = concat(regexp_extract(number, NUMBER_TEXT, 1), fraction);
    Column significant = regexp_replace(digits, "0+$", "");
    Column places =
        length(fraction).minus(exponent).minus(length(digits).minus(length(significant)));
    return number.rlike(NUMBER_TEXT).and(significant.rlike("^0*$").or(places.leq(lit(scale))));
  }

  /** {@code type} with each decimal in it, at any depth, in its {@link #fullScale}. */
  private static DataType widened(DataType type) {
    return replaced(type, t -> t instanceof DecimalType decimal ? fullScale(decimal) : t);
  }

  /**
   * {@code type} with each time stamp, date, double and float in it, at any depth, as text: the
   * values whose text {@link #wholeValues} checks.
   */
  private static DataType checkedAsText(DataType type) {
    return replaced(type, t -> isAlwaysChecked(t) || isBinaryFloat(t) ? DataTypes.StringType : t);
  }

  /** {@code type} with each of its atomic types, at any depth, as {@code leaf} gives it. */
  private static DataType replaced(DataType type, UnaryOperator<DataType> leaf) {
    if (type instanceof StructType struct) {
      StructType replaced = new StructType();
      for (StructField field : struct.fields()) {
        replaced = replaced.add(field.name(), replaced(field.dataType(), leaf), field.nullable());
      }
      return replaced;
    }
    if (type instanceof ArrayType array) {
      return DataTypes.createArrayType(replaced(array.elementType(), leaf), array.containsNull());
    }
    if (type instanceof MapType map) {
      return DataTypes.createMapType(
          replaced(map.keyType(), leaf), replaced(map.valueType(), leaf), map.valueContainsNull());
    }
    return leaf.apply(type);
  }

  /**
   * Whether every time stamp, date, double, float and 38-digit decimal a nested value holds is what
   * its text says, read from {@code text} (the value parsed with them as text, numbers as written,
   * {@link #checkedAsText}) by the rules of a top-level column.
   */
  private static Column wholeValues(Column text, DataType type) {
    return leaves(
        text,
        type,
        true,
        (leaf, leafType) -> {
          Column whole;
          if (leafType instanceof TimestampType) {
            whole = wholeTimestamp(leaf);
          } else if (leafType instanceof DateType) {
            whole = wholeDate(leaf);
          } else if (isBinaryFloat(leafType)) {
            whole = BinaryFloats.inRange(leaf, leaf.cast(leafType));
          } else if (isFullDecimal(leafType)) {
            whole = fitsScale(leaf, ((DecimalType) leafType).scale());
          } else {
            return lit(true);
          }
          return leaf.isNull().or(whole);
        });
  }

  /**
   * Whether a nested value holds a double or float that is infinite or zero: only then can its text
   * say otherwise ({@link BinaryFloats#inRange}).
   */
  private static Column infiniteOrZero(Column value, DataType type) {
    return leaves(
        value,
        type,
        false,
        (leaf, leafType) ->
            isBinaryFloat(leafType)
                ? coalesce(
                    abs(leaf.cast(DataTypes.DoubleType))
                        .equalTo(lit(Double.POSITIVE_INFINITY))
                        .or(leaf.equalTo(lit(0))),
                    lit(false))
                : lit(false));
  }

  /**
   * Whether {@code test} holds for every atomic value ({@code every}) or for some of them in a
   * nested value of {@code type}, at any depth: struct fields, array elements, map keys and values.
   * A null value holds every test and none.
   */
  private static Column leaves(
      Column value, DataType type, boolean every, BiFunction<Column, DataType, Column> test) {
    Column result;
    if (type instanceof StructType struct) {
      result = lit(every);
      for (StructField field : struct.fields()) {
        Column inField = leaves(value.getField(field.name()), field.dataType(), every, test);
        result = every ? result.and(inField) : result.or(inField);
      }
    } else if (type instanceof ArrayType array) {
      result = quantified(every, value, e -> leaves(e, array.elementType(), every, test));
    } else if (type instanceof MapType map) {
      Column keys = quantified(every, map_keys(value), k -> leaves(k, map.keyType(), every, test));
      Column values =
          quantified(every, map_values(value), v -> leaves(v, map.valueType(), every, test));
      result = every ? keys.and(values) : keys.or(values);
    } else {
      return test.apply(value, type);
    }
    return every ? value.isNull().or(result) : coalesce(result, lit(false));
  }

  private static Column quantified(boolean every, Column array, Function<Column, Column> test) {
    return every ? forall(array, test::apply) : exists(array, test::apply);
  }

  /** A date's text that a date takes without loss: a whole date and nothing else. */
  private static Column wholeDate(Column text) {
    return trim(text).rlike(FULL_DATE + "$");
  }

  /**
   * A time stamp's text that a time stamp takes without loss: a whole date, and at most six
   * decimals of a second.
   */
  private static Column wholeTimestamp(Column text) {
    return trim(text).rlike(FULL_DATE + "([ T].*)?$").and(not(text.rlike(NANOSECONDS)));
  }

  private static Column convert(String column, DataType type) {
    String valueColumn = VALUE_PREFIX + column;
    Column value = col(valueColumn);
    if (type instanceof StringType) {
      return value;
    }
    if (!(type instanceof AtomicType)) {
      Column nested = parsedValue(col(PARSED_PREFIX + column), type);
      boolean holdsDecimal = holds(type, t -> t instanceof DecimalType);
      boolean holdsChecked = holds(type, t -> isAlwaysChecked(t) || isBinaryFloat(t));
      if (!holdsDecimal && !holdsChecked) {
        return nested;
      }
      Column whole = lit(true);
      if (holdsDecimal) {
        // The JSON reader rounds a nested decimal to its scale: the value is read again with
        // every decimal place its decimals can hold, and must be what was kept.
        Column exact = parsedValue(col(EXACT_PREFIX + column), widened(type));
        whole = exact.isNull().or(to_json(exact).equalTo(to_json(nested.cast(widened(type)))));
      }
      if (holdsChecked) {
        // The JSON reader takes an integer as epoch seconds, "10:00" as 10:00 of the day it
        // runs, "2026-11-20 junk" as a date, 1e999 as infinity and 1e-999 as zero: the value is
        // read again with its times and binary floats as text (numbers as written), each of which
        // must be what it says, as in a top-level column. Without times, only a value holding an
        // infinite or zero number is read again: elsewhere the re-read is null, and passes.
        whole =
            whole.and(
                wholeValues(parsedValue(col(CHECKED_PREFIX + column), checkedAsText(type)), type));
      }
      return when(whole, nested);
    }
    Column cast = expr("try_cast(`" + valueColumn + "` AS " + type.sql() + ")");
    if (type instanceof IntegerType
        || type instanceof LongType
        || type instanceof ShortType
        || type instanceof ByteType) {
      // A plain cast truncates "12.5" to 12; an integral column accepts whole numbers only.
      return when(trim(value).rlike("^[+-]?[0-9]+$"), cast);
    }
    if (type instanceof DateType) {
      // A plain cast reads "2026-11-20 junk" and "2026-11-20T10:00" as 2026-11-20, and "2026" as
      // 2026-01-01: a date column takes a whole date and nothing else.
      return when(wholeDate(value), cast);
    }
    if (type instanceof TimestampType) {
      return timestamp(valueColumn);
    }
    if (type instanceof BinaryType) {
      // Binary values are written as base64 text, padded, as the JSON reader (so a nested value)
      // reads them; a plain cast would keep the text's own bytes.
      return when(
          value.rlike(SparkDdl.BASE64_TEXT),
          expr("try_to_binary(`" + valueColumn + "`, 'base64')"));
    }
    if (isBinaryFloat(type)) {
      // A plain cast reads "1e400" as infinity and "1e-400" as zero.
      return when(BinaryFloats.inRange(value, cast), cast);
    }
    if (isFullDecimal(type)) {
      // A plain cast rounds; no wider decimal can show it for 38 digits: the text must need no
      // more places than the scale.
      return when(fitsScale(value, ((DecimalType) type).scale()), cast);
    }
    if (type instanceof DecimalType decimal) {
      // A plain cast rounds "1.005" to 1.01 in a DECIMAL(10,2): the value is read again with the
      // same integer digits and every decimal place that leaves, and must equal what was kept.
      Column exact = expr("try_cast(`" + valueColumn + "` AS " + fullScale(decimal).sql() + ")");
      return when(exact.isNull().or(exact.equalTo(cast)), cast);
    }
    return cast;
  }

  /**
   * A time stamp from its text, only where nothing is lost: a plain cast reads "10:00" as 10:00 of
   * the day it runs (another value on each run), "2026" as its first instant, and drops the digits
   * of a second beyond its microseconds.
   */
  private static Column timestamp(String valueColumn) {
    return when(
        wholeTimestamp(col(valueColumn)), expr("try_cast(`" + valueColumn + "` AS TIMESTAMP)"));
  }

  /**
   * The parse of a nested value's text as {@code type}; an object's keeps Spark's corrupt-record
   * field, which {@link #parsedValue} reads.
   */
  private static Column parse(Column json, DataType type, NumbersAsWritten asWritten) {
    return type instanceof StructType struct
        ? JsonFromBytes.objectParse(json, struct, asWritten)
        : JsonFromBytes.fromJson(json, type, asWritten);
  }

  /** The value a {@link #parse} as {@code type} found: null where the text was not one. */
  private static Column parsedValue(Column parsed, DataType type) {
    return type instanceof StructType ? JsonFromBytes.objectFrom(parsed) : parsed;
  }
}
