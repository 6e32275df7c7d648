package org.zonelake.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.ContractParser;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.testing.Contracts;
import org.zonelake.core.testing.TestSpark;

class RawParsingTest {

  @Test
  void jsonLineFieldsBecomeTextAndUnknownFieldsAreKept() {
    DatasetContract contract = Contracts.jsonLines();
    List<Row> rows =
        TransformFixtures.lines(
                contract,
                "{\"id\":\"a\",\"amount\":12.50,\"n\":2,\"ts\":\"2026-11-20\",\"extra\":{\"k\":1},"
                    + "\"rate\":2.50}",
                "{\"id\":\"b\",",
                "[1,2]",
                "{\"id\":\"c\"}{\"id\":\"d\"}",
                "{\"id\":\"e\"} trailing",
                "",
                " \t\r",
                "{\"id\":1.10,\"amount\":1.10}",
                "{\"id\":1e400,\"n\":-1e-400,\"note\":[0e7, 1E2, -2.5e-999]}")
            .transform(RawParsing.forContract(contract)::apply)
            .collectAsList();

    Row first = rows.get(0);
    assertThat(first.<String>getAs("_malformed")).isNull();
    Row raw = first.getAs("_raw");
    assertThat(raw.<String>getAs("id")).isEqualTo("a");
    // A decimal column's number as written; other numbers as Spark writes them, through a double.
    assertThat(raw.<String>getAs("amount")).isEqualTo("12.50");
    assertThat(raw.<String>getAs("n")).isEqualTo("2");
    assertThat(raw.<String>getAs("ts")).isEqualTo("2026-11-20");
    assertThat(first.getJavaMap(first.fieldIndex("_unknown_fields")))
        .containsOnly(
            java.util.Map.entry("extra", "{\"k\":1}"), java.util.Map.entry("rate", "2.5"));

    assertThat(rows.get(1).<String>getAs("_malformed"))
        .isEqualTo("line is not a valid JSON object");
    assertThat(rows.get(1).<String>getAs("_raw_record")).isEqualTo("{\"id\":\"b\",");
    assertThat(rows.get(1).<Row>getAs("_raw")).isNull();
    assertThat(rows.get(2).<String>getAs("_malformed"))
        .isEqualTo("line is not a valid JSON object");
    // Two objects on a line, or text after one: the line is malformed, nothing of it dropped.
    assertThat(rows.subList(3, 5))
        .extracting(r -> r.<String>getAs("_malformed"), r -> r.<String>getAs("_raw_record"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "line is not a valid JSON object", "{\"id\":\"c\"}{\"id\":\"d\"}"),
            org.assertj.core.groups.Tuple.tuple(
                "line is not a valid JSON object", "{\"id\":\"e\"} trailing"));
    // A line that holds nothing is accounted for too, and said to be blank.
    assertThat(rows.subList(5, 7))
        .extracting(r -> r.<String>getAs("_malformed"), r -> r.<String>getAs("_raw_record"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("line is blank", ""),
            org.assertj.core.groups.Tuple.tuple("line is blank", " \t\r"));
    // A number with a fraction in a STRING column is written through a double, as Spark writes it
    // (the record's hash is computed from this form); a DECIMAL column's as written.
    Row number = rows.get(7).getAs("_raw");
    assertThat(number.<String>getAs("id")).isEqualTo("1.1");
    assertThat(number.<String>getAs("amount")).isEqualTo("1.10");
    // A number a double cannot hold is written as the record wrote it, not as Spark's "Infinity"
    // (quote marks included) or 0.0; a 0 stays Spark's 0.0.
    Row beyond = rows.get(8).getAs("_raw");
    assertThat(beyond.<String>getAs("id")).isEqualTo("1e400");
    assertThat(beyond.<String>getAs("n")).isEqualTo("-1e-400");
    assertThat(rows.get(8).getJavaMap(rows.get(8).fieldIndex("_unknown_fields")))
        .containsOnly(java.util.Map.entry("note", "[0.0,100.0,-2.5e-999]"));
  }

  @Test
  void jsonArrayYieldsOneRecordPerElementAndABrokenFileAsOneMalformedRecord() {
    DatasetContract contract =
        ContractParser.parse(
            "t.json",
            """
            {"source": "t", "format": {"type": "json_array"},
             "schema": "id STRING, amount DECIMAL(10,2), ts TIMESTAMP",
             "event_time": {"column": "ts"}}
            """);
    List<Row> rows =
        TransformFixtures.lines(
                contract,
                "[{\"id\": \"a\", \"amount\": 1.0000000000000000001, \"rate\": 2.50,"
                    + " \"ts\": \"2026-11-20T00:00:00Z\"},\n {\"id\": \"b\"}, 7]",
                "[{\"id\": \"c\"",
                "[{\"id\": \"f\"}][{\"id\": \"g\"}]",
                "\uFEFF[{\"id\": \"h\"}, {\"id\": \"i\"}]",
                "\uFEFF")
            .transform(RawParsing.forContract(contract)::apply)
            .collectAsList();

    assertThat(rows).hasSize(7);
    // An element's numbers as written: its decimal column's text is not rounded through a double.
    assertThat(rows.get(0).<String>getAs("_raw_record"))
        .isEqualTo(
            "{\"id\":\"a\",\"amount\":1.0000000000000000001,\"rate\":2.50,"
                + "\"ts\":\"2026-11-20T00:00:00Z\"}");
    assertThat(rows.get(0).<Row>getAs("_raw").<String>getAs("amount"))
        .isEqualTo("1.0000000000000000001");
    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex("_unknown_fields")))
        .containsOnly(java.util.Map.entry("rate", "2.5"));
    assertThat(rows.get(1).<Row>getAs("_raw").<String>getAs("id")).isEqualTo("b");
    assertThat(rows.get(2).<String>getAs("_malformed"))
        .isEqualTo("array element is not a valid JSON object");
    assertThat(rows.get(3).<String>getAs("_malformed")).isEqualTo("file is not a valid JSON array");
    assertThat(rows.get(3).<String>getAs("_raw_record")).isEqualTo("[{\"id\": \"c\"");
    // Two arrays in a file: the file is malformed, not its first array alone read.
    assertThat(rows.get(4).<String>getAs("_malformed")).isEqualTo("file is not a valid JSON array");
    assertThat(rows.get(4).<String>getAs("_raw_record"))
        .isEqualTo("[{\"id\": \"f\"}][{\"id\": \"g\"}]");
    // A byte-order mark before the array is not part of it; a file of the mark alone holds no
    // record (the seven rows are those of the first four files).
    assertThat(rows.subList(5, 7).stream().map(r -> r.<Row>getAs("_raw").<String>getAs("id")))
        .containsExactly("h", "i");
    assertThat(rows.get(5).<String>getAs("_malformed")).isNull();
  }

  @Test
  void textLinesAreSplitByThePatternAndNonMatchingLinesAreMalformed() {
    DatasetContract contract =
        ContractParser.parse(
            "t.json",
            """
{"source": "t", "format": {"type": "text", "pattern": "(\\\\S+) \\\\[([^\\\\]]*)\\\\] ?(\\\\S*)",
 "groups": ["host", "ts", "tag"]},
 "schema": "host STRING, ts TIMESTAMP, tag STRING", "event_time": {"column": "ts"}}
""");
    List<Row> rows =
        TransformFixtures.lines(
                contract,
                "h1 [2026-11-20T00:00:00Z] x",
                "h2 [2026-11-20T00:00:00Z]",
                "junk",
                // A line holding the character the groups are joined by is split group by group.
                "h3 [2026-11-20T00:00:00Z] a\u0001b",
                "  ")
            .transform(RawParsing.forContract(contract)::apply)
            .collectAsList();

    assertThat(rows.get(0).<Row>getAs("_raw").<String>getAs("tag")).isEqualTo("x");
    // An optional group that matched nothing is null, not "".
    assertThat(rows.get(1).<Row>getAs("_raw").<String>getAs("tag")).isNull();
    assertThat(rows.get(2).<String>getAs("_malformed"))
        .isEqualTo("line does not match the source's pattern");
    assertThat(rows.get(3).<Row>getAs("_raw").<String>getAs("host")).isEqualTo("h3");
    assertThat(rows.get(3).<Row>getAs("_raw").<String>getAs("ts"))
        .isEqualTo("2026-11-20T00:00:00Z");
    assertThat(rows.get(3).<Row>getAs("_raw").<String>getAs("tag")).isEqualTo("a\u0001b");
    assertThat(rows.get(3).<String>getAs("_malformed")).isNull();
    assertThat(rows.get(4).<String>getAs("_malformed")).isEqualTo("line is blank");
  }

  @Test
  void aRecordWhoseBytesAreNotUtf8IsMalformedNamingTheFirstSuchByte() {
    byte[] latin1 = "{\"id\":\"M\u00fcller\"}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf8 = "{\"id\":\"M\u00fcller\"}".getBytes(StandardCharsets.UTF_8);
    byte[] unknownField = "{\"id\":\"a\",\"x\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    DatasetContract lines = Contracts.jsonLines();
    // Spark would have read 0xFC as U+FFFD: "M\uFFFDller". The record keeps its bytes.
    assertThat(
            parsed(
                lines,
                TransformFixtures.byteLines(lines, latin1, utf8, unknownField),
                "_malformed",
                "_raw.id",
                "_unknown_fields",
                "hex(CAST(_raw_record AS BINARY))"))
        .containsExactly(
            "line is not valid UTF-8 (byte 0xFC at byte 9) | null | null | " + hex(latin1),
            "null | M\u00fcller | null | " + hex(utf8),
            // In a field the contract does not declare too: it would be kept as U+FFFD.
            "line is not valid UTF-8 (byte 0xE9 at byte 16) | null | null | " + hex(unknownField));

    DatasetContract array = withTs("{\"type\": \"json_array\"}", "id STRING");
    assertThat(
            parsed(
                array,
                TransformFixtures.byteLines(
                    array,
                    "[{\"id\": \"a\"}, {\"id\": \"M\u00fcller\"}]"
                        .getBytes(StandardCharsets.ISO_8859_1),
                    // U+FFFD itself, as a replay reads a quarantined element's text.
                    "[{\"id\": \"M\uFFFDller\"}]".getBytes(StandardCharsets.UTF_8)),
                "_malformed",
                "_raw.id"))
        .containsExactly(
            // Only the element the byte is in.
            "null | a",
            "array element is not valid UTF-8 (its file has byte 0xFC at byte 24) | null",
            "array element is not valid UTF-8 (it holds U+FFFD, the character read in place of"
                + " bytes that are not UTF-8) | null");

    DatasetContract text =
        withTs(
            "{\"type\": \"text\", \"pattern\": \"(\\\\\\\\S+) (.*)\", \"groups\": [\"host\","
                + " \"ts\"]}",
            "host STRING");
    assertThat(
            parsed(
                text,
                TransformFixtures.byteLines(
                    text, "h1 Caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)),
                "_malformed",
                "_raw"))
        .containsExactly("line is not valid UTF-8 (byte 0xE9 at byte 7) | null");

    DatasetContract csv = withTs("{\"type\": \"csv\"}", "id STRING, name STRING");
    // Spark's CSV reader has decoded the file: a byte that was not UTF-8 is U+FFFD by now.
    List<Row> records =
        List.of(
            RowFactory.create(
                "1", "M\uFFFDller", "2026-11-20", null, "f", TransformFixtures.LANDED),
            RowFactory.create(
                "2", "M\u00fcller", "2026-11-20", null, "f", TransformFixtures.LANDED),
            RowFactory.create(null, null, null, "3,M\uFFFDller", "f", TransformFixtures.LANDED),
            // A line of whitespace: a record of one field.
            RowFactory.create(" \t", null, null, " \t", "f", TransformFixtures.LANDED));
    assertThat(
            parsed(
                csv,
                TestSpark.session().createDataFrame(records, RawReader.schema(csv)),
                "_malformed",
                "_raw.name"))
        .containsExactly(
            "record holds U+FFFD (the character read in place of bytes that are not UTF-8) | null",
            "null | M\u00fcller",
            "record does not have the header's number of fields | null",
            "line is blank | null");
  }

  /**
   * An escaped half of a UTF-16 surrogate pair without the other (an emoji cut in two) is no
   * character: Spark would store it as '?'. A whole pair, and an escaped backslash before "ud83d",
   * are text.
   */
  @Test
  void anEscapedSurrogateWithoutItsPairIsMalformed() {
    DatasetContract lines = Contracts.jsonLines();
    assertThat(
            parsed(
                lines,
                TransformFixtures.lines(
                    lines,
                    "{\"id\":\"Mug \\ud83d\"}",
                    "{\"id\":\"a\",\"x\":\"\\uDE00 b\"}",
                    "{\"id\":\"Mug \\ud83d\\ude00\"}",
                    "{\"id\":\"C:\\\\ud83d\"}"),
                "_malformed",
                "_raw.id"))
        .containsExactly(
            "line holds an escaped UTF-16 surrogate without its pair (\\ud83d): it is no"
                + " character, and would be stored as '?' | null",
            "line holds an escaped UTF-16 surrogate without its pair (\\uDE00): it is no"
                + " character, and would be stored as '?' | null",
            "null | Mug \uD83D\uDE00",
            "null | C:\\ud83d");

    DatasetContract array = withTs("{\"type\": \"json_array\"}", "id STRING");
    assertThat(
            parsed(
                array,
                TransformFixtures.lines(array, "[{\"id\": \"a\"}, {\"id\": \"Mug \\ud83d\"}]"),
                "_malformed",
                "_raw.id"))
        .containsExactly(
            "null | a",
            // An element's text is as the JSON parser writes it again: the escape in upper case.
            "array element holds an escaped UTF-16 surrogate without its pair (\\uD83D): it is no"
                + " character, and would be stored as '?' | null");
  }

  /** A contract of {@code format} with {@code columns} and an event time {@code ts}. */
  private static DatasetContract withTs(String format, String columns) {
    return ContractParser.parse(
        "t.json",
        """
        {"source": "t", "format": %s, "schema": "%s, ts TIMESTAMP", "event_time": {"column": "ts"}}
        """
            .formatted(format, columns));
  }

  /** {@code columns} of the records parsed from {@code input}, each row's joined by " | ". */
  private static List<String> parsed(
      DatasetContract contract, Dataset<Row> input, String... columns) {
    return input
        .transform(RawParsing.forContract(contract)::apply)
        .selectExpr(columns)
        .collectAsList()
        .stream()
        .map(r -> r.mkString(" | "))
        .toList();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
