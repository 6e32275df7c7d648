package org.zonelake.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the Spark DDL of a dataset contract's schema ({@code price DECIMAL(10,2), location
 * STRUCT<lat: DOUBLE, lon: DOUBLE>, tags ARRAY<STRING>}) without Spark, and names each type the way
 * the Glue Data Catalog (Hive) and JSON Schema do.
 *
 * <p>It accepts what the contracts may use of Spark's DDL: the primitive types and their aliases,
 * {@code DECIMAL(p, s)}, {@code ARRAY}, {@code MAP} with {@code STRING} keys and {@code STRUCT}
 * (field names with or without a colon), back-quoted names, {@code NOT NULL}, {@code COMMENT '...'}
 * and SQL comments. It refuses what the contracts refuse: {@code TIMESTAMP_NTZ} (Athena cannot read
 * it in Delta), {@code VARCHAR(n)} and {@code CHAR(n)} (their length would go unchecked), types the
 * lake never writes (intervals, {@code VOID}) and other map keys. The jobs parse the same text with
 * Spark itself; a test in etl-core checks that both accept the same schemas, with the same types.
 */
public final class SparkDdl {

  /** How to fix a contract's schema that does not parse. */
  public static final String CONTRACT_SCHEMA_FIX =
      "write it as 'name TYPE, name TYPE, ...', e.g. 'order_id STRING, price DECIMAL(10,2)'";

  private SparkDdl() {}

  /**
   * A column, or a field of a struct.
   *
   * @param name the name as declared
   * @param type its type
   * @param nullable false when declared {@code NOT NULL}
   * @param comment the declared comment, if any
   */
  public record Field(String name, DataType type, boolean nullable, Optional<String> comment) {

    /** Checks nothing is null. */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(comment, "comment");
    }
  }

  /**
   * The text of a {@code BINARY} value in JSON: padded base64, as Spark's JSON reader decodes it.
   * The jobs quarantine other text ({@code type_cast}); the ingest API's request models refuse it.
   */
  public static final String BASE64_TEXT =
      "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

  /** How JSON carries a value of a type. */
  public enum JsonKind {
    /** A JSON string (also dates, timestamps and binary values, written as text). */
    STRING,
    /** A JSON number without a fraction. */
    INTEGER,
    /** Any JSON number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A JSON array. */
    ARRAY,
    /** A JSON object. */
    OBJECT
  }

  /** A Spark SQL data type of a contract's schema. */
  public sealed interface DataType permits Primitive, Decimal, ArrayOf, MapOf, StructOf {

    /** The type as the Glue Data Catalog (Hive DDL) names it, e.g. {@code struct<lat:double>}. */
    String glueType();

    /** How the type's values look in JSON. */
    JsonKind jsonKind();
  }

  /**
   * A primitive type.
   *
   * @param name the canonical lower-case name: {@code string}, {@code boolean}, {@code tinyint},
   *     {@code smallint}, {@code int}, {@code bigint}, {@code float}, {@code double}, {@code date},
   *     {@code timestamp} or {@code binary}
   */
  public record Primitive(String name) implements DataType {

    private static final List<String> NAMES =
        List.of(
            "string",
            "boolean",
            "tinyint",
            "smallint",
            "int",
            "bigint",
            "float",
            "double",
            "date",
            "timestamp",
            "binary");

    /** Checks the name is one of the canonical ones. */
    public Primitive {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("not a primitive type: " + name);
      }
    }

    @Override
    public String glueType() {
      return name;
    }

    @Override
    public JsonKind jsonKind() {
      return switch (name) {
        case "boolean" -> JsonKind.BOOLEAN;
        case "tinyint", "smallint", "int", "bigint" -> JsonKind.INTEGER;
        case "float", "double" -> JsonKind.NUMBER;
        default -> JsonKind.STRING;
      };
    }
  }

  /**
   * {@code DECIMAL(precision, scale)}.
   *
   * @param precision digits in all, 1 to 38
   * @param scale digits after the point, 0 to precision
   */
  public record Decimal(int precision, int scale) implements DataType {

    /** Checks the bounds Spark has. */
    public Decimal {
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "DECIMAL(" + precision + "," + scale + ") is outside DECIMAL(1..38, 0..precision)");
      }
    }

    @Override
    public String glueType() {
      return "decimal(" + precision + "," + scale + ")";
    }

    @Override
    public JsonKind jsonKind() {
      return JsonKind.NUMBER;
    }
  }

  /**
   * {@code ARRAY<element>}.
   *
   * @param element the element type
   */
  public record ArrayOf(DataType element) implements DataType {

    /** Checks the element type is given. */
    public ArrayOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String glueType() {
      return "array<" + element.glueType() + ">";
    }

    @Override
    public JsonKind jsonKind() {
      return JsonKind.ARRAY;
    }
  }

  /**
   * {@code MAP<key, value>}.
   *
   * @param key the key type
   * @param value the value type
   */
  public record MapOf(DataType key, DataType value) implements DataType {

    /** Checks both types are given. */
    public MapOf {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String glueType() {
      return "map<" + key.glueType() + "," + value.glueType() + ">";
    }

    @Override
    public JsonKind jsonKind() {
      return JsonKind.OBJECT;
    }
  }

  /**
   * {@code STRUCT<field: type, ...>}.
   *
   * @param fields the fields, in order
   */
  public record StructOf(List<Field> fields) implements DataType {

    /** Copies the fields. */
    public StructOf {
      fields = List.copyOf(fields);
    }

    @Override
    public String glueType() {
      return fields.stream()
          .map(f -> f.name() + ":" + f.type().glueType())
          .collect(Collectors.joining(",", "struct<", ">"));
    }

    @Override
    public JsonKind jsonKind() {
      return JsonKind.OBJECT;
    }
  }

  /**
   * Parses a schema: comma-separated columns {@code name TYPE [NOT NULL] [COMMENT 'text']}.
   *
   * @param ddl the schema text
   * @return the columns, in order
   * @throws IllegalArgumentException naming the position and what was expected when the text is not
   *     a schema this reader accepts, or declares a column twice
   */
  public static List<Field> parseSchema(String ddl) {
    Parser parser = new Parser(ddl);
    List<Field> fields = parser.fields(true);
    parser.end();
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("the schema declares no column");
    }
    return fields;
  }

  /**
   * Parses one data type, e.g. {@code MAP<STRING, STRING>}.
   *
   * @param ddl the type's text
   * @return the type
   * @throws IllegalArgumentException when the text is not a type this reader accepts
   */
  public static DataType parseType(String ddl) {
    Parser parser = new Parser(ddl);
    DataType type = parser.type();
    parser.end();
    return type;
  }

  /** A recursive-descent reader over the DDL text. */
  private static final class Parser {

    /** What Spark's lexer reads as a number, not a name: 12, 12L, 1e3, 5BD... */
    private static final Pattern NUMBER =
        Pattern.compile("(?i)[0-9]+([lsy]|(e[0-9]+)?(d|f|bd)|e[0-9]+)?");

    private final String text;
    private int pos;

    Parser(String text) {
      this.text = Objects.requireNonNull(text, "ddl");
    }

    List<Field> fields(boolean topLevel) {
      List<Field> fields = new ArrayList<>();
      Map<String, String> seen = new HashMap<>();
      skipSpace();
      if (topLevel ? atEnd() : peek('>')) {
        return fields;
      }
      String noun = topLevel ? "column" : "field";
      do {
        Field field = field(topLevel);
        String earlier = seen.putIfAbsent(field.name().toLowerCase(Locale.ROOT), field.name());
        if (earlier != null) {
          throw error(
              earlier.equals(field.name())
                  ? noun + " '" + field.name() + "' is declared twice"
                  : noun + "s '" + earlier + "' and '" + field.name() + "' differ only in case");
        }
        fields.add(field);
      } while (accept(','));
      return fields;
    }

    /** {@code name [:] TYPE [NOT NULL] [COMMENT '...']}, the colon only in a struct. */
    Field field(boolean topLevel) {
      String name = identifier();
      if (!topLevel) {
        accept(':');
      }
      DataType type = type();
      int mark = pos;
      boolean nullable = true;
      if (wordOrEmpty().equalsIgnoreCase("NOT")) {
        if (!wordOrEmpty().equalsIgnoreCase("NULL")) {
          throw error("expected NULL after NOT");
        }
        nullable = false;
        mark = pos;
      }
      pos = mark;
      Optional<String> comment = Optional.empty();
      if (wordOrEmpty().equalsIgnoreCase("COMMENT")) {
        comment = Optional.of(quoted());
      } else {
        pos = mark;
      }
      return new Field(name, type, nullable, comment);
    }

    DataType type() {
      skipSpace();
      int start = pos;
      String word = wordOrEmpty().toUpperCase(Locale.ROOT);
      return switch (word) {
        case "STRING" -> new Primitive("string");
        case "VARCHAR", "CHAR" -> {
          pos = start;
          throw error(word + "(n) is read as STRING, its length unchecked; use STRING");
        }
        case "BOOLEAN" -> new Primitive("boolean");
        case "TINYINT", "BYTE" -> new Primitive("tinyint");
        case "SMALLINT", "SHORT" -> new Primitive("smallint");
        case "INT", "INTEGER" -> new Primitive("int");
        case "BIGINT", "LONG" -> new Primitive("bigint");
        case "FLOAT", "REAL" -> new Primitive("float");
        case "DOUBLE" -> new Primitive("double");
        case "DATE" -> new Primitive("date");
        case "TIMESTAMP", "TIMESTAMP_LTZ" -> new Primitive("timestamp");
        case "BINARY" -> new Primitive("binary");
        case "DECIMAL", "DEC", "NUMERIC" -> decimal();
        case "ARRAY" -> {
          expect('<');
          DataType element = type();
          expect('>');
          yield new ArrayOf(element);
        }
        case "MAP" -> {
          expect('<');
          int keyStart = pos;
          DataType key = type();
          if (!key.equals(new Primitive("string"))) {
            pos = keyStart;
            throw error("map keys must be STRING, as JSON object keys are");
          }
          expect(',');
          DataType value = type();
          expect('>');
          yield new MapOf(key, value);
        }
        case "STRUCT" -> {
          expect('<');
          List<Field> fields = fields(false);
          if (fields.isEmpty()) {
            throw error("STRUCT<> holds no field, which Parquet cannot write");
          }
          expect('>');
          yield new StructOf(fields);
        }
        case "TIMESTAMP_NTZ" -> {
          pos = start;
          throw error("TIMESTAMP_NTZ cannot be read by Athena in Delta tables; use TIMESTAMP");
        }
        case "" -> throw error("expected a type");
        default -> {
          pos = start;
          throw error("unsupported type " + word);
        }
      };
    }

    private DataType decimal() {
      if (!accept('(')) {
        return new Decimal(10, 0);
      }
      int precision = number();
      int scale = accept(',') ? number() : 0;
      expect(')');
      try {
        return new Decimal(precision, scale);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private String identifier() {
      skipSpace();
      if (peek('`')) {
        pos++;
        StringBuilder name = new StringBuilder();
        while (true) {
          if (atEnd()) {
            throw error("unclosed back-quoted name");
          }
          char c = text.charAt(pos++);
          if (c == '`') {
            if (peekRaw('`')) {
              pos++;
              name.append('`');
            } else if (name.isEmpty()) {
              throw error("a name cannot be empty");
            } else {
              return name.toString();
            }
          } else {
            name.append(c);
          }
        }
      }
      int start = pos;
      String word = wordOrEmpty();
      if (word.isEmpty()) {
        throw error("expected a column name");
      }
      if (NUMBER.matcher(word).matches()) {
        pos = start;
        throw error("'" + word + "' reads as a number, not a name; back-quote it: `" + word + "`");
      }
      return word;
    }

    private String wordOrEmpty() {
      skipSpace();
      int start = pos;
      while (!atEnd() && isWordChar(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private int number() {
      skipSpace();
      int start = pos;
      while (!atEnd() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a number");
      }
      try {
        return Integer.parseInt(text.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("number out of range");
      }
    }

    private String quoted() {
      skipSpace();
      if (atEnd() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
        throw error("expected a quoted comment");
      }
      char quote = text.charAt(pos++);
      StringBuilder out = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw error("unclosed comment");
        }
        char c = text.charAt(pos++);
        if (c == '\\' && !atEnd()) {
          out.append(text.charAt(pos++));
        } else if (c == quote) {
          return out.toString();
        } else {
          out.append(c);
        }
      }
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private boolean accept(char c) {
      skipSpace();
      if (peekRaw(c)) {
        pos++;
        return true;
      }
      return false;
    }

    private boolean peek(char c) {
      skipSpace();
      return peekRaw(c);
    }

    private boolean peekRaw(char c) {
      return !atEnd() && text.charAt(pos) == c;
    }

    /** Spark's unquoted names: ASCII letters, digits and '_'. */
    private static boolean isWordChar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Skips white space and SQL comments: from {@code --} to the end of the line, or bracketed. */
    private void skipSpace() {
      while (!atEnd()) {
        if (Character.isWhitespace(text.charAt(pos))) {
          pos++;
        } else if (text.startsWith("--", pos)) {
          int end = text.indexOf('\n', pos);
          pos = end < 0 ? text.length() : end + 1;
        } else if (text.startsWith("/*+", pos)) {
          throw error("a hint /*+ ... */ is not a comment here");
        } else if (text.startsWith("/*", pos)) {
          skipBracketedComment();
        } else {
          return;
        }
      }
    }

    /** Skips a bracketed comment, which may hold others, as Spark's does. */
    private void skipBracketedComment() {
      int start = pos;
      int depth = 0;
      do {
        if (atEnd()) {
          pos = start;
          throw error("unclosed comment");
        }
        if (text.startsWith("/*", pos)) {
          depth++;
          pos += 2;
        } else if (text.startsWith("*/", pos)) {
          depth--;
          pos += 2;
        } else {
          pos++;
        }
      } while (depth > 0);
    }

    private boolean atEnd() {
      return pos >= text.length();
    }

    void end() {
      skipSpace();
      if (!atEnd()) {
        throw error("unexpected '" + text.charAt(pos) + "'");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          what + " at position " + (pos + 1) + " of '" + text + "'");
    }
  }
}
