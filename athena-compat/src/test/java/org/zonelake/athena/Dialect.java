package org.zonelake.athena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
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
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The SQL of the column checksum in Spark's and in Trino's dialect.
 *
 * <p>Every value gets a <em>canonical text</em> that both engines compute identically from the same
 * stored value, then a hash of that text (the first 60 bits of its MD5) summed over the column.
 * Each engine's own rendering ({@code CAST(x AS STRING)} against {@code CAST(x AS VARCHAR)})
 * differs for several types, so the canonical text is built per type:
 *
 * <ul>
 *   <li>strings, integers, booleans, dates: the value's own text (same on both);
 *   <li>DECIMAL(p,s): plain notation with exactly {@code s} decimals ({@code 0.0000001000}), which
 *       Trino's cast gives; Spark's cast switches to scientific notation ({@code 1.000E-7}), so
 *       Spark formats the value instead;
 *   <li>DOUBLE and FLOAT: the IEEE 754 bit pattern as an integer, so equal values are equal text
 *       whatever each engine's (and each JDK's) shortest decimal rendering;
 *   <li>TIMESTAMP: milliseconds since the epoch, rounded down. Trino reads a Delta TIMESTAMP as
 *       {@code timestamp(3) with time zone}: Spark's microseconds are truncated to milliseconds,
 *       which is what analysts see (and what {@code TypeDifferencesTest} pins down);
 *   <li>BINARY: upper-case hex;
 *   <li>STRUCT {@code {a,b}}, ARRAY {@code [x,y]}, MAP {@code {k=v,...}} with the keys sorted,
 *       nested nulls as {@code NULL}.
 * </ul>
 */
enum Dialect {
  SPARK {
    @Override
    String quote(String identifier) {
      return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    String castToText(String e) {
      return "CAST(" + e + " AS STRING)";
    }

    @Override
    String decimalText(String e, DecimalType type) {
      // format_number formats the exact BigDecimal (grouping commas removed).
      return "replace(format_number(" + e + ", " + type.scale() + "), ',', '')";
    }

    @Override
    String doubleBits(String e) {
      return "java_method('java.lang.Double', 'doubleToLongBits', " + e + ")";
    }

    @Override
    String floatBits(String e) {
      return "java_method('java.lang.Float', 'floatToIntBits', " + e + ")";
    }

    @Override
    String epochMillis(String e) {
      return castToText("unix_millis(" + e + ")");
    }

    @Override
    String hex(String e) {
      return "hex(" + e + ")";
    }

    @Override
    String hash(String text) {
      return "CAST(conv(substr(md5(" + text + "), 1, 15), 16, 10) AS DECIMAL(38,0))";
    }
  },

  TRINO {
    @Override
    String quote(String identifier) {
      return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    String castToText(String e) {
      return "CAST(" + e + " AS VARCHAR)";
    }

    @Override
    String decimalText(String e, DecimalType type) {
      return castToText(e);
    }

    @Override
    String doubleBits(String e) {
      return castToText("from_big_endian_64(to_ieee754_64(" + e + "))");
    }

    @Override
    String floatBits(String e) {
      return castToText("from_big_endian_32(to_ieee754_32(" + e + "))");
    }

    @Override
    String epochMillis(String e) {
      return castToText("date_diff('millisecond', from_unixtime(0), " + e + ")");
    }

    @Override
    String hex(String e) {
      return "to_hex(" + e + ")";
    }

    @Override
    String hash(String text) {
      return "CAST(from_base(substr(to_hex(md5(to_utf8("
          + text
          + "))), 1, 15), 16) AS DECIMAL(38,0))";
    }
  };

  /** The text standing for a null inside a struct, array or map. */
  static final String NULL_TEXT = "'NULL'";

  /** A quoted identifier. */
  abstract String quote(String identifier);

  abstract String castToText(String e);

  abstract String decimalText(String e, DecimalType type);

  abstract String doubleBits(String e);

  abstract String floatBits(String e);

  abstract String epochMillis(String e);

  abstract String hex(String e);

  /** A DECIMAL(38,0) hash of a text expression; null for a null text. */
  abstract String hash(String text);

  /**
   * The canonical text of expression {@code e} of type {@code type}: null when the value is null,
   * the same string on both engines otherwise.
   */
  String text(String e, DataType type) {
    return text(e, type, 0);
  }

  private String text(String e, DataType type, int depth) {
    if (type instanceof StringType) {
      return e;
    }
    if (type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType
        || type instanceof BooleanType
        || type instanceof DateType) {
      return castToText(e);
    }
    if (type instanceof DecimalType decimal) {
      return decimalText(e, decimal);
    }
    if (type instanceof DoubleType) {
      return doubleBits(e);
    }
    if (type instanceof FloatType) {
      return floatBits(e);
    }
    if (type instanceof TimestampType) {
      return epochMillis(e);
    }
    if (type instanceof BinaryType) {
      return hex(e);
    }
    if (type instanceof StructType struct) {
      List<String> fields = new ArrayList<>();
      for (StructField f : struct.fields()) {
        fields.add(nested("(" + e + ")." + quote(f.name()), f.dataType(), depth + 1));
      }
      String body = fields.isEmpty() ? "''" : String.join(" || ',' || ", fields);
      // Without the CASE a null struct would read as a struct of nulls.
      return "CASE WHEN " + e + " IS NULL THEN NULL ELSE '{' || " + body + " || '}' END";
    }
    if (type instanceof ArrayType array) {
      String x = "x" + depth;
      return "'[' || array_join(transform("
          + e
          + ", "
          + x
          + " -> "
          + nested(x, array.elementType(), depth + 1)
          + "), ',') || ']'";
    }
    if (type instanceof MapType map) {
      String k = "k" + depth;
      return "'{' || array_join(transform(array_sort(map_keys("
          + e
          + ")), "
          + k
          + " -> "
          + text(k, map.keyType(), depth + 1)
          + " || '=' || "
          + nested("element_at(" + e + ", " + k + ")", map.valueType(), depth + 1)
          + "), ',') || '}'";
    }
    throw new IllegalArgumentException(
        "No canonical text for type " + type.sql() + " (expression " + e + ")");
  }

  private String nested(String e, DataType type, int depth) {
    return "coalesce(" + text(e, type, depth) + ", " + NULL_TEXT + ")";
  }

  /** The Trino names of the Spark types without parameters (see {@link #trinoType}). */
  private static final Map<Class<? extends DataType>, String> TRINO_TYPE_NAMES =
      Map.ofEntries(
          Map.entry(StringType.class, "varchar"),
          Map.entry(ByteType.class, "tinyint"),
          Map.entry(ShortType.class, "smallint"),
          Map.entry(IntegerType.class, "integer"),
          Map.entry(LongType.class, "bigint"),
          Map.entry(BooleanType.class, "boolean"),
          Map.entry(DateType.class, "date"),
          Map.entry(DoubleType.class, "double"),
          Map.entry(FloatType.class, "real"),
          Map.entry(BinaryType.class, "varbinary"),
          Map.entry(TimestampType.class, "timestamp(3) with time zone"),
          Map.entry(TimestampNTZType.class, "timestamp(6)"));

  /**
   * The type Trino's Delta Lake connector reads a Delta column of Spark type {@code type} as, as
   * {@code DESCRIBE} prints it.
   */
  static String trinoType(DataType type) {
    for (Map.Entry<Class<? extends DataType>, String> named : TRINO_TYPE_NAMES.entrySet()) {
      if (named.getKey().isInstance(type)) {
        return named.getValue();
      }
    }
    if (type instanceof DecimalType d) {
      return "decimal(" + d.precision() + "," + d.scale() + ")";
    }
    if (type instanceof ArrayType a) {
      return "array(" + trinoType(a.elementType()) + ")";
    }
    if (type instanceof MapType m) {
      return "map(" + trinoType(m.keyType()) + ", " + trinoType(m.valueType()) + ")";
    }
    if (type instanceof StructType s) {
      List<String> fields = new ArrayList<>();
      for (StructField f : s.fields()) {
        fields.add(f.name().toLowerCase(Locale.ROOT) + " " + trinoType(f.dataType()));
      }
      return "row(" + String.join(", ", fields) + ")";
    }
    throw new IllegalArgumentException("No Trino type known for " + type.sql());
  }
}
