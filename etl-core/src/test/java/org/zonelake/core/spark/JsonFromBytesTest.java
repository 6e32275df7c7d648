package org.zonelake.core.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/**
 * {@link JsonFromBytes} gives what Spark's {@code from_json} gives, record for record, for every
 * kind of record a raw file can hold — invalid bytes, byte-order marks, NUL bytes, duplicate keys,
 * malformed JSON, values that are not objects — with generated code and interpreted; but for
 * content after a record's value, and a map's repeated key, which it keeps once.
 */
class JsonFromBytesTest {

  private final SparkSession spark = TestSpark.session();

  private static final DataType MAP =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
  private static final DataType STRUCT =
      StructType.fromDDL("a STRING, b DECIMAL(20,2), c STRUCT<d: ARRAY<INT>>, ts TIMESTAMP");
  private static final DataType ARRAY = DataTypes.createArrayType(DataTypes.StringType);

  /** The records, as bytes: some of them are not valid UTF-8. */
  private static List<byte[]> records() {
    List<byte[]> records = new ArrayList<>();
    for (String text :
        List.of(
            "{\"a\": \"x\", \"b\": 1.50, \"c\": {\"d\": [1, 2]}, \"e\": null,"
                + " \"ts\": \"2026-11-20T10:00:00Z\"}",
            "{\"a\": \"1\", \"a\": \"2\"}",
            "{\"a\": ",
            "[{\"a\": 1}, \"x\", 2, null]",
            "\"text\"",
            "42",
            "{\"a\": \"Küche 😀\", \"b\": 12345678901234567.25}",
            "",
            "   ",
            "{\"a\": \"1\"} {\"b\": 2}",
            "{'a': 'single'}",
            "{\"b\": NaN, \"a\": \"y\"}",
            "{\"a\": \"x\u0000y\"}",
            "{\"c\": {\"d\": [\"not a number\"]}, \"a\": \"z\"}")) {
      records.add(text.getBytes(UTF_8));
    }
    records.add(bytes("{\"a\": \"", new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"}"));
    records.add(bytes("{\"a\": \"", new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}"));
    records.add(bytes("{\"a\": \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"));
    records.add(bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"a\": \"bom\"}"));
    records.add(bytes("", new byte[] {0, 0, 0}, "{\"a\": \"nul\"}"));
    records.add(bytes("[\"", new byte[] {(byte) 0xE2, (byte) 0x82}, "\"]"));
    for (String text : List.of("{\"a\": \"1\"},", "{\"a\": \"1\"} junk", "[\"1\"][\"2\"]  ")) {
      records.add(text.getBytes(UTF_8));
    }
    // NUL padding after the value, as a writer that stopped may leave: the record is whole.
    records.add(bytes("{\"a\": \"pad\"}", new byte[] {0, 0}, " "));
    return records;
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(UTF_8));
    return out.toByteArray();
  }

  private Dataset<Row> recordsAsText() {
    List<Row> rows = new ArrayList<>();
    for (byte[] record : records()) {
      rows.add(RowFactory.create((Object) record));
    }
    rows.add(RowFactory.create((Object) null));
    StructType schema = new StructType().add("bytes", DataTypes.BinaryType);
    // A cast keeps the bytes as they are, invalid UTF-8 included, as a text file's lines.
    return spark.createDataFrame(rows, schema).select(col("bytes").cast("string").as("record"));
  }

  private List<List<String>> parsedBothWays(DataType type) {
    Dataset<Row> parsed =
        recordsAsText()
            .select(
                from_json(col("record"), type, Map.of()).cast("string").as("spark"),
                JsonFromBytes.fromJson(col("record"), type).cast("string").as("ours"));
    List<List<String>> pairs = new ArrayList<>();
    for (Row row : parsed.collectAsList()) {
      pairs.add(Arrays.asList(row.<String>getAs("spark"), row.<String>getAs("ours")));
    }
    return pairs;
  }

  /**
   * The records with content after their value: Spark keeps the first value and drops the rest
   * unseen, ours does not parse them.
   */
  private static final List<Integer> TRAILING = List.of(9, 20, 21, 22);

  /** The record that repeats a key: as a map, ours keeps the key once, with its first value. */
  private static final int REPEATED_KEY = 1;

  /**
   * Ours equals Spark's for every record but those of {@link #TRAILING}, which are unparsed, and,
   * as a map, that of {@link #REPEATED_KEY}.
   */
  private static void assertSame(List<List<String>> pairs, DataType type) {
    for (int i = 0; i < pairs.size(); i++) {
      List<String> pair = pairs.get(i);
      if (i == REPEATED_KEY && type == MAP) {
        assertThat(pair).as("record %d", i).containsExactly("{a -> 1, a -> 2}", "{a -> 1}");
        continue;
      }
      assertThat(pair.get(1))
          .as("record %d", i)
          .isEqualTo(TRAILING.contains(i) ? UNPARSED.get(type) : pair.get(0));
    }
  }

  /** What ours gives for a record it cannot parse, by type (Spark's permissive result). */
  private static final Map<DataType, String> UNPARSED = new java.util.HashMap<>();

  static {
    UNPARSED.put(MAP, null);
    UNPARSED.put(ARRAY, null);
    UNPARSED.put(STRUCT, "{null, null, null, null}");
  }

  @Test
  void interpretedEveryRecordParsesAsSparksFromJson() {
    for (DataType type : List.of(MAP, STRUCT, ARRAY)) {
      assertSame(parsedBothWays(type), type);
    }
    List<List<String>> maps = parsedBothWays(MAP);
    assertThat(maps).hasSize(25);
    assertThat(maps.get(0).get(1))
        .isEqualTo("{a -> x, b -> 1.5, c -> {\"d\":[1,2]}, e -> null, ts -> 2026-11-20T10:00:00Z}");
    assertThat(maps.get(1).get(1)).isEqualTo("{a -> 1}");
    assertThat(maps.get(2).get(1)).isNull();
    assertThat(maps.get(6).get(1)).isEqualTo("{a -> Küche 😀, b -> 1.2345678901234568E16}");
    // Invalid bytes go through Spark's reader, which replaces them.
    assertThat(maps.get(14).get(1)).isEqualTo("{a -> \uFFFD\uFFFD}");
    assertThat(maps.get(24).get(1)).isNull();
    assertThat(maps.get(23)).containsExactly("{a -> pad}", "{a -> pad}");
    // Spark keeps the first of two values, and ignores what follows a value.
    assertThat(maps.get(9)).containsExactly("{a -> 1}", null);
    assertThat(maps.get(20)).containsExactly("{a -> 1}", null);
    assertThat(maps.get(21)).containsExactly("{a -> 1}", null);
    assertThat(parsedBothWays(ARRAY).get(22)).containsExactly("[1]", null);
  }

  @Test
  void withGeneratedCodeEveryRecordParsesAsSparksFromJson() {
    // The tests' session interprets expressions; the jobs' sessions generate code.
    spark.conf().set("spark.sql.codegen.wholeStage", "true");
    spark.conf().set("spark.sql.codegen.factoryMode", "FALLBACK");
    try {
      for (DataType type : List.of(MAP, STRUCT, ARRAY)) {
        List<List<String>> pairs = parsedBothWays(type);
        assertThat(pairs).hasSize(25);
        assertSame(pairs, type);
      }
    } finally {
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    }
  }

  /** A repeated key is kept once, with its first value, in a large map and one of structs. */
  @Test
  void aMapKeepsARepeatedKeyOnceWithItsFirstValue() {
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 20; i++) {
      many.append("\"k").append(i).append("\": ").append(i).append(", ");
    }
    many.append("\"k3\": 99, \"k19\": 98}");
    Dataset<String> records =
        spark.createDataset(
            List.of(many.toString(), "{\"a\": {\"x\": 1}, \"b\": null, \"a\": {\"x\": 2}}"),
            org.apache.spark.sql.Encoders.STRING());

    List<Row> ints =
        records
            .select(
                JsonFromBytes.fromJson(
                        col("value"),
                        DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
                    .as("m"))
            .selectExpr("size(m)", "m['k3']", "m['k19']")
            .collectAsList();
    List<Row> structs =
        records
            .select(
                JsonFromBytes.fromJson(
                        col("value"),
                        DataTypes.createMapType(DataTypes.StringType, StructType.fromDDL("x INT")))
                    .as("m"))
            .selectExpr("cast(m AS STRING)")
            .collectAsList();

    assertThat(ints.get(0).toString()).isEqualTo("[20,3,19]");
    assertThat(structs.get(1).getString(0)).isEqualTo("{a -> {1}, b -> null}");
  }

  @Test
  void onlyPlainUtf8IsReadAsBytes() throws Exception {
    JsonFactory factory = new JsonFactory();
    List<Integer> throughTheReader = new ArrayList<>();
    List<byte[]> records = records();
    for (int i = 0; i < records.size(); i++) {
      // Each is wrapped to refuse content after the record's value.
      String parser =
          ((com.fasterxml.jackson.core.util.JsonParserDelegate)
                  JsonFromBytes.createParser(factory, UTF8String.fromBytes(records.get(i))))
              .delegate()
              .getClass()
              .getSimpleName();
      if (parser.equals("ReaderBasedJsonParser")) {
        throughTheReader.add(i);
      } else {
        assertThat(parser).isEqualTo("UTF8StreamJsonParser");
      }
    }
    // The NUL inside a string, then the invalid bytes, the byte-order mark, the NUL bytes, the
    // NUL padding.
    assertThat(throughTheReader).containsExactly(12, 14, 15, 16, 17, 18, 19, 23);
  }
}
