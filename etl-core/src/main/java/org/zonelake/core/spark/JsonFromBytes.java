package org.zonelake.core.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.json.CreateJacksonParser;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonParser;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.FailureSafeParser;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;
import scala.Function2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.immutable.Map$;

/**
 * Spark's {@code from_json} in its default (permissive) mode, reading each record's UTF-8 bytes
 * directly.
 *
 * <p>Spark's {@code from_json} hands Jackson a {@code Reader} over every record, and each such
 * reader allocates an 8 KiB buffer before it decodes a byte: for records of a few hundred bytes
 * that allocation costs more than the parsing (a profile of a JSON source's parse step puts a sixth
 * to a quarter of its time there). This is the same parse — Spark's own {@link JacksonParser} and
 * {@link FailureSafeParser}, with from_json's default options, so the same values, nulls and
 * failures — over a parser created on the record's bytes when they are well-formed UTF-8, and on
 * Spark's reader otherwise, so that a record with invalid bytes parses exactly as before (the
 * reader replaces them with U+FFFD). A record that starts with a byte-order mark or holds a NUL
 * byte also goes through the reader: Jackson's byte parser would read those as an encoding
 * signature.
 *
 * <p>The call is a Catalyst {@code StaticInvoke} of a static method of this class, so it takes part
 * in whole-stage code generation; each task thread keeps its own parser per type.
 */
public final class JsonFromBytes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ThreadLocal<Parsers> PARSERS = ThreadLocal.withInitial(Parsers::new);

  /**
   * A parser's type (JSON text), numbers written as is and time zone, compared by their bytes,
   * built per call.
   */
  private record ParserKey(UTF8String type, UTF8String asWritten, UTF8String timeZone) {}

  /**
   * A task thread's parsers. The three texts that choose one are literals of the query ({@link
   * #fromJson} passes nothing else), the same objects at every call, so the parsers of the last few
   * calls are found by the identity of those objects first: hashing the type's text (hundreds of
   * bytes for a struct) at every call took about 4 % of a JSON array source's run in a profile.
   * Objects not among them are looked up by their bytes.
   */
  private static final class Parsers {

    private static final int RECENT = 16;

    /** A parser and the objects of the call that last found it. */
    private record Recent(
        UTF8String type,
        UTF8String asWritten,
        UTF8String timeZone,
        FailureSafeParser<UTF8String> parser) {}

    private final Map<ParserKey, FailureSafeParser<UTF8String>> byText = new HashMap<>();
    private final Recent[] recent = new Recent[RECENT];
    private int next;

    FailureSafeParser<UTF8String> get(UTF8String type, UTF8String asWritten, UTF8String timeZone) {
      for (Recent r : recent) {
        if (r != null
            && r.type() == type
            && r.asWritten() == asWritten
            && r.timeZone() == timeZone) {
          return r.parser();
        }
      }
      FailureSafeParser<UTF8String> parser = byText.get(new ParserKey(type, asWritten, timeZone));
      if (parser == null) {
        parser =
            newParser(
                type.toString(),
                NumbersAsWritten.decoded(asWritten.toString()),
                timeZone.toString());
        // Copies as keys: the arguments' bytes may belong to a row that is reused.
        byText.put(new ParserKey(type.clone(), asWritten.clone(), timeZone.clone()), parser);
      }
      recent[next] = new Recent(type, asWritten, timeZone, parser);
      next = (next + 1) % RECENT;
      return parser;
    }
  }

  private JsonFromBytes() {}

  /**
   * {@code from_json(json, type)}: a struct, array or map of {@code type}, null for a null record;
   * for a record that does not parse, null (array, map) or a struct of nulls, as Spark's.
   */
  public static Column fromJson(Column json, DataType type) {
    return fromJson(json, type, NumbersAsWritten.NONE);
  }

  /**
   * {@code from_json(json, type)} as {@link #fromJson(Column, DataType)}, where the text values
   * {@code type} holds write the numbers {@code asWritten} names as the record wrote them.
   */
  public static Column fromJson(Column json, DataType type, NumbersAsWritten asWritten) {
    String method;
    if (type instanceof StructType) {
      method = "struct";
    } else if (type instanceof ArrayType) {
      method = "array";
    } else if (type instanceof MapType) {
      method = "map";
    } else {
      throw new IllegalArgumentException("from_json reads a struct, array or map, not " + type);
    }
    return SparkInternals.staticCallWithTimeZone(
        JsonFromBytes.class,
        type.asNullable(),
        method,
        json,
        functions.lit(type.json()),
        functions.lit(asWritten.encoded()));
  }

  /**
   * Which JSON numbers with a fraction or an exponent a parse writes as the record wrote them where
   * it reads a value as text ({@code 1.50}, {@code 1.0000000000000000001}, {@code 1e400}). Spark
   * writes such a number through a double: {@code 1.5}, {@code 1.0}, {@code "Infinity"}. A decimal
   * column needs the number as written, or a value a double rounds would pass as another; other
   * values keep Spark's form, which the record's hash of earlier runs was computed from.
   *
   * @param everywhere every number of the record
   * @param inFields the numbers inside these top-level fields of the record's object, at any depth
   */
  public record NumbersAsWritten(boolean everywhere, Set<String> inFields) {

    /** Spark's form for every number. */
    public static final NumbersAsWritten NONE = new NumbersAsWritten(false, Set.of());

    /** Every number as written. */
    public static final NumbersAsWritten EVERYWHERE = new NumbersAsWritten(true, Set.of());

    /** Copies. */
    public NumbersAsWritten {
      inFields = Set.copyOf(inFields);
    }

    /** The numbers inside these top-level fields as written, the others in Spark's form. */
    public static NumbersAsWritten inFields(Collection<String> fields) {
      return new NumbersAsWritten(false, Set.copyOf(fields));
    }

    /** The form a static call carries: empty, {@code *}, or the fields as a JSON array. */
    String encoded() {
      if (everywhere) {
        return "*";
      }
      if (inFields.isEmpty()) {
        return "";
      }
      ArrayNode names = JSON.createArrayNode();
      new TreeSet<>(inFields).forEach(names::add);
      return names.toString();
    }

    static NumbersAsWritten decoded(String encoded) {
      if (encoded.isEmpty()) {
        return NONE;
      }
      if (encoded.equals("*")) {
        return EVERYWHERE;
      }
      try {
        List<String> fields = new ArrayList<>();
        JSON.readTree(encoded).forEach(name -> fields.add(name.asText()));
        return inFields(fields);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Whether the number at {@code context} (the parser's context at the number) is written as is.
     */
    boolean appliesAt(JsonStreamContext context) {
      if (everywhere) {
        return true;
      }
      if (inFields.isEmpty()) {
        return false;
      }
      JsonStreamContext top = context;
      while (top.getParent() != null && !top.getParent().inRoot()) {
        top = top.getParent();
      }
      return top.inObject()
          && top.getParent() != null
          && top.getCurrentName() != null
          && inFields.contains(top.getCurrentName());
    }
  }

  /**
   * The parse of the JSON object {@code json} holds as the struct {@code type}, with Spark's
   * corrupt-record field after its own fields: {@link #objectFrom} turns it into the object, or
   * null for a null text and for a text that is not such an object (not JSON, not an object, or
   * with a field of another type, which {@link #fromJson} reads as Spark's permissive parse does: a
   * struct of nulls, or a struct missing the field's value). Kept in a column of its own, the parse
   * runs once however often the object is looked at; the text values {@code type} holds write the
   * numbers {@code asWritten} names as the record wrote them.
   */
  public static Column objectParse(Column json, StructType type, NumbersAsWritten asWritten) {
    return fromJson(
        json, type.add(SQLConf.get().columnNameOfCorruptRecord(), DataTypes.StringType), asWritten);
  }

  /** The object an {@link #objectParse} found, or null where the text was not such an object. */
  public static Column objectFrom(Column parsed) {
    String corrupt = SQLConf.get().columnNameOfCorruptRecord();
    return functions.when(
        parsed.getField(corrupt).isNull(),
        parsed.dropFields(JavaConverters.asScalaBuffer(List.of(corrupt)).toSeq()));
  }

  /** The record parsed as the struct {@code type} (JSON text); see {@link #fromJson}. */
  public static InternalRow struct(
      UTF8String record, UTF8String type, UTF8String asWritten, UTF8String timeZone) {
    Iterator<InternalRow> rows = parser(type, asWritten, timeZone).parse(record);
    return rows.hasNext() ? rows.next() : null;
  }

  /** The record parsed as the array {@code type} (JSON text); see {@link #fromJson}. */
  public static ArrayData array(
      UTF8String record, UTF8String type, UTF8String asWritten, UTF8String timeZone) {
    Iterator<InternalRow> rows = parser(type, asWritten, timeZone).parse(record);
    return rows.hasNext() ? rows.next().getArray(0) : null;
  }

  /**
   * The record parsed as the map {@code type} (JSON text), each key once, with its first value: an
   * object that repeats a key ({@code {"a": 1, "a": 2}}) is read as Spark's JSON reader reads a
   * field of a struct, but for the value it keeps, where Spark's map would hold the key twice (a
   * map no query can rebuild, and the repeated key of a record's unknown fields stored twice in
   * {@code _unknown_fields}); see {@link #fromJson}.
   */
  public static MapData map(
      UTF8String record, UTF8String type, UTF8String asWritten, UTF8String timeZone) {
    Iterator<InternalRow> rows = parser(type, asWritten, timeZone).parse(record);
    MapData map = rows.hasNext() ? rows.next().getMap(0) : null;
    return map == null ? null : firstOfEachKey(map, type);
  }

  /** {@code map} with each key once, with its first value; {@code map} itself when it has. */
  private static MapData firstOfEachKey(MapData map, UTF8String type) {
    int size = map.numElements();
    ArrayData keys = map.keyArray();
    boolean repeats = false;
    Set<UTF8String> seen = size > 16 ? new java.util.HashSet<>() : null;
    for (int i = 1; i < size && !repeats; i++) {
      UTF8String key = keys.getUTF8String(i);
      if (seen != null) {
        if (i == 1) {
          seen.add(keys.getUTF8String(0));
        }
        repeats = !seen.add(key);
      } else {
        for (int j = 0; j < i && !repeats; j++) {
          repeats = key.equals(keys.getUTF8String(j));
        }
      }
    }
    if (!repeats) {
      return map;
    }
    DataType valueType = ((MapType) DataType.fromJson(type.toString())).valueType();
    ArrayData values = map.valueArray();
    Set<UTF8String> kept = new java.util.HashSet<>();
    List<Object> keptKeys = new ArrayList<>();
    List<Object> keptValues = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      UTF8String key = keys.getUTF8String(i);
      if (kept.add(key)) {
        keptKeys.add(key);
        keptValues.add(values.isNullAt(i) ? null : values.get(i, valueType));
      }
    }
    return new org.apache.spark.sql.catalyst.util.ArrayBasedMapData(
        new org.apache.spark.sql.catalyst.util.GenericArrayData(keptKeys.toArray()),
        new org.apache.spark.sql.catalyst.util.GenericArrayData(keptValues.toArray()));
  }

  private static FailureSafeParser<UTF8String> parser(
      UTF8String type, UTF8String asWritten, UTF8String timeZone) {
    return PARSERS.get().get(type, asWritten, timeZone);
  }

  /** As Spark's {@code JsonToStructs.parser} with no options, with {@link #createParser}. */
  private static FailureSafeParser<UTF8String> newParser(
      String typeJson, NumbersAsWritten asWritten, String timeZone) {
    DataType type = DataType.fromJson(typeJson).asNullable();
    JSONOptions options =
        new JSONOptions(
            Map$.MODULE$.<String, String>empty(),
            timeZone,
            SQLConf.get().columnNameOfCorruptRecord());
    StructType parserSchema;
    DataType actualType;
    if (type instanceof StructType struct) {
      parserSchema = struct;
      StructType fields = new StructType();
      for (StructField field : struct.fields()) {
        if (!field.name().equals(options.columnNameOfCorruptRecord())) {
          fields = fields.add(field);
        }
      }
      actualType = fields;
    } else {
      parserSchema = new StructType().add("value", type);
      actualType = type;
    }
    JacksonParser raw =
        new JacksonParser(
            actualType, options, false, JavaConverters.asScalaBuffer(List.<Filter>of()).toSeq());
    Function2<JsonFactory, UTF8String, JsonParser> create =
        (factory, record) -> createParser(factory, record, asWritten);
    Function1<UTF8String, UTF8String> identity = record -> record;
    return new FailureSafeParser<>(
        record -> raw.parse(record, create, identity),
        options.parseMode(),
        parserSchema,
        options.columnNameOfCorruptRecord());
  }

  /**
   * A parser over the record's bytes when they are plain UTF-8, else Spark's reader; either way one
   * that refuses anything but whitespace after the record's value ({@link WholeRecord}).
   */
  static JsonParser createParser(JsonFactory factory, UTF8String record) {
    return createParser(factory, record, NumbersAsWritten.NONE);
  }

  private static JsonParser createParser(
      JsonFactory factory, UTF8String record, NumbersAsWritten asWritten) {
    return new WholeRecord(valueParser(factory, record), record, asWritten);
  }

  private static JsonParser valueParser(JsonFactory factory, UTF8String record) {
    byte[] array = Utf8Bytes.arrayOf(record);
    if (array != null) {
      int offset = Utf8Bytes.offsetIn(record);
      int length = record.numBytes();
      if (isPlainUtf8(array, offset, length)) {
        try {
          return factory.createParser(array, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return CreateJacksonParser.utf8String(factory, record);
  }

  /**
   * A record's parser that, when it is closed after reading a whole value, fails if anything but
   * whitespace or NUL padding follows that value: {@code {"a":1}{"a":2}}, {@code {"a":1} junk} or
   * {@code [..],} is then a malformed record, where Spark's own parse would keep the first value
   * and drop the rest unseen. Spark closes the parser inside its parse, so the failure is its
   * failure to parse.
   */
  private static final class WholeRecord extends JsonParserDelegate {

    private final UTF8String record;
    private final NumbersAsWritten asWritten;

    WholeRecord(JsonParser parser, UTF8String record, NumbersAsWritten asWritten) {
      super(parser);
      this.record = record;
      this.asWritten = asWritten;
    }

    /**
     * A fraction or exponent that {@link NumbersAsWritten} names is a {@code BIG_DECIMAL}: a copy
     * of the value as text (Spark's way to read a value as a string) then writes the decimal as the
     * record wrote it, not the nearest double.
     */
    @Override
    public NumberType getNumberType() throws IOException {
      return asWritten() ? NumberType.BIG_DECIMAL : delegate.getNumberType();
    }

    /** The decimal of such a number, written out as the record wrote it ({@code 1e3}, not 1E+3). */
    @Override
    public BigDecimal getDecimalValue() throws IOException {
      return asWritten() ? new Written(delegate.getText()) : delegate.getDecimalValue();
    }

    /**
     * Whether the current number is written as the record wrote it: where {@link NumbersAsWritten}
     * names it, and wherever a double cannot hold it (beyond its range, where Spark would write the
     * text {@code "Infinity"}, quote marks included, or {@code 0.0}).
     */
    private boolean asWritten() throws IOException {
      return delegate.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
          && (asWritten.appliesAt(delegate.getParsingContext()) || !aDoubleHoldsIt());
    }

    /** Whether the current number is a finite double, not 0 unless the number is. */
    private boolean aDoubleHoldsIt() throws IOException {
      double value = delegate.getDoubleValue();
      if (Double.isInfinite(value)) {
        return false;
      }
      if (value != 0.0) {
        return true;
      }
      String text = delegate.getText();
      int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
      return !(exponent < 0 ? text : text.substring(0, exponent)).matches(".*[1-9].*");
    }

    @Override
    public void close() throws IOException {
      try {
        JsonToken last = delegate.currentToken();
        boolean valueRead =
            last != null
                && !last.isStructStart()
                && delegate.getParsingContext().inRoot()
                && !delegate.isClosed();
        if (valueRead) {
          long end = delegate.currentLocation().getCharOffset();
          boolean more;
          try {
            more = delegate.nextToken() != null;
          } catch (JsonParseException e) {
            more = true;
          }
          if (more && !onlyPadding(end)) {
            throw new JsonParseException(
                delegate, "more than one JSON value: content follows the record's value");
          }
        }
      } finally {
        delegate.close();
      }
    }

    /**
     * Whether the record's characters from {@code offset} on are NUL bytes and whitespace (a record
     * with a NUL is read through Spark's reader, which counts characters).
     */
    private boolean onlyPadding(long offset) {
      if (offset < 0) {
        return false;
      }
      String text = record.toString();
      for (int i = (int) offset; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c != 0 && !Character.isWhitespace(c)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A JSON number's decimal that writes itself as its text: a generator writes a decimal with its
   * {@code toString}, which would turn {@code 1.2345E19} into {@code 1.2345E+19}.
   */
  private static final class Written extends BigDecimal {

    private final String text;

    Written(String text) {
      super(text);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Whether the bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing beyond
   * U+10FFFF), hold no NUL byte and do not start with a byte-order mark.
   */
  static boolean isPlainUtf8(byte[] bytes, int offset, int length) {
    if (length >= 3
        && bytes[offset] == (byte) 0xEF
        && bytes[offset + 1] == (byte) 0xBB
        && bytes[offset + 2] == (byte) 0xBF) {
      return false;
    }
    return Utf8Bytes.firstInvalid(bytes, offset, length, true) < 0;
  }
}
