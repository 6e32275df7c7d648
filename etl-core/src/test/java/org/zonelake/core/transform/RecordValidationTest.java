package org.zonelake.core.transform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.testing.Contracts;
import org.zonelake.core.testing.TestSpark;

class RecordValidationTest {

  private final DatasetContract contract = Contracts.jsonLines();

  private List<Row> validate(String... lines) {
    return validated(contract, TransformFixtures.lines(contract, lines));
  }

  @Test
  void validRecordIsTypedWithFullScoreAndNoReasons() {
    Row row =
        validate("{\"id\":\"a\",\"amount\":\"12.5\",\"n\":3,\"ts\":\"2026-11-20T10:00:00+01:00\"}")
            .get(0);

    assertThat(row.<BigDecimal>getAs("amount")).isEqualByComparingTo("12.50");
    assertThat(row.<Integer>getAs("n")).isEqualTo(3);
    assertThat(row.<Timestamp>getAs("_event_time").toInstant().toString())
        .isEqualTo("2026-11-20T09:00:00Z");
    assertThat(row.getList(row.fieldIndex("_reasons"))).isEmpty();
    assertThat(row.<Double>getAs("_quality_score")).isEqualTo(1.0);
  }

  @Test
  void everyFailedCheckIsListedAndTheScoreIsTheShareOfChecksPassed() {
    // Checks: id present, ts present (required), then one conversion check per column (4): 6.
    Row row = validate("{\"amount\":\"abc\",\"n\":\"12.5\",\"ts\":\"yesterday\"}").get(0);

    assertThat(row.getList(row.fieldIndex("_reasons")))
        .containsExactly(
            "missing_required: column 'id' is missing or empty",
            "type_cast: column 'amount' value \"abc\" is not a valid DECIMAL(10,2)",
            "type_cast: column 'n' value \"12.5\" is not a valid INT",
            "bad_event_time: column 'ts' value \"yesterday\" matches none of the formats"
                + " [yyyy-MM-dd'T'HH:mm:ssXXX, yyyy-MM-dd]");
    assertThat(row.<Double>getAs("_quality_score")).isEqualTo(2.0 / 6.0);
  }

  @Test
  void secondEventTimeFormatIsTriedAndNullOptionalValuesPass() {
    Row row = validate("{\"id\":\"a\",\"amount\":null,\"ts\":\"2026-11-20\"}").get(0);

    assertThat(row.<Timestamp>getAs("_event_time").toInstant().toString())
        .isEqualTo("2026-11-20T00:00:00Z");
    assertThat(row.<Object>getAs("amount")).isNull();
    assertThat(row.<Double>getAs("_quality_score")).isEqualTo(1.0);
  }

  /**
   * JSON lines of a contract of {@code schema} with event time {@code ts} (ISO-8601), parsed and
   * validated, in the order of the lines.
   */
  private static List<Row> validated(String schema, String... lines) {
    DatasetContract contract =
        org.zonelake.core.contract.ContractParser.parse(
            "t.json",
            "{\"source\": \"t\", \"format\": {\"type\": \"json_lines\"}, \"schema\": \""
                + schema
                + "\", \"event_time\": {\"column\": \"ts\"}}");
    return validated(contract, TransformFixtures.lines(contract, lines));
  }

  private static List<Row> validated(DatasetContract contract, Dataset<Row> read) {
    return TransformFixtures.validated(contract, read).collectAsList();
  }

  /** A JSON line with {@code amount} in a DECIMAL(30,10), parsed and validated. */
  private static Row wideAmount(String amount) {
    return validated(
            "amount DECIMAL(30,10), ts TIMESTAMP",
            "{\"amount\": " + amount + ", \"ts\": \"2026-11-20T00:00:00Z\"}")
        .get(0);
  }

  @Test
  void wideDecimalsKeepEveryDigit() {
    Row row = wideAmount("12345678901234567.0123456789");

    assertThat(row.<BigDecimal>getAs("amount"))
        .isEqualTo(new BigDecimal("12345678901234567.0123456789"));
  }

  /**
   * A nested value that is not the JSON its type says, in a JSON line or a CSV cell, is a type_cast
   * failure: not a struct of nulls, nor a struct without the value of the wrong type.
   */
  @Test
  void aNestedValueThatDoesNotFitItsTypeIsACastFailure() {
    List<Row> rows =
        validated(
            "id STRING, place STRUCT<lat: DOUBLE, city: STRING>, ts TIMESTAMP",
            "{\"id\":\"a\",\"place\":{\"lat\":1.5,\"city\":\"Oslo\"},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"place\":\"Oslo\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"place\":{\"lat\":\"north\",\"city\":\"Oslo\"},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"place\":{},\"ts\":\"2026-11-20\"}");

    assertThat(rows.stream().map(r -> r.getAs("place") + " " + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "[1.5,Oslo] []",
            "null [type_cast: column 'place' value \"Oslo\" is not a valid STRUCT<lat: DOUBLE,"
                + " city: STRING>]",
            "null [type_cast: column 'place' value \"{\"lat\":\"north\",\"city\":\"Oslo\"}\" is"
                + " not a valid STRUCT<lat: DOUBLE, city: STRING>]",
            "[null,null] []");

    DatasetContract csv =
        org.zonelake.core.contract.ContractParser.parse(
            "c.json",
            """
            {"source": "c", "format": {"type": "csv"},
             "schema": "id STRING, currency STRUCT<code: STRING>, ts TIMESTAMP",
             "event_time": {"column": "ts"}}
            """);
    Row eur =
        validated(
                csv,
                TestSpark.session()
                    .createDataFrame(
                        List.of(
                            org.apache.spark.sql.RowFactory.create(
                                "p-1",
                                "EUR",
                                "2026-11-20",
                                null,
                                "file:/raw/c/f",
                                TransformFixtures.LANDED)),
                        org.zonelake.core.read.RawReader.schema(csv)))
            .get(0);
    assertThat(eur.getList(eur.fieldIndex("_reasons")))
        .containsExactly(
            "type_cast: column 'currency' value \"EUR\" is not a valid STRUCT<code: STRING>");
  }

  @Test
  void anEventTimeOfAContractWithoutFormatsIsReadAsIso8601() {
    List<Row> rows =
        validated(
            "id STRING, ts TIMESTAMP",
            "{\"id\":\"a\",\"ts\":\"2026-11-20T10:00:00Z\"}",
            "{\"id\":\"b\",\"ts\":\"1795000000\"}",
            "{\"id\":\"c\",\"ts\":\"10:00:00\"}",
            "{\"id\":\"d\",\"ts\":\"2026-11-20T10:00:00.123456789Z\"}");

    assertThat(rows.stream().map(r -> r.getList(r.fieldIndex("_reasons")).toString()))
        .containsExactly(
            "[]",
            "[bad_event_time: column 'ts' value \"1795000000\" is not an ISO-8601 time stamp (such"
                + " as 2026-11-20T10:00:00Z; the contract lists no formats)]",
            // Not 10:00 of the day the run happens: an event time without its date is bad.
            "[bad_event_time: column 'ts' value \"10:00:00\" is not an ISO-8601 time stamp (such"
                + " as 2026-11-20T10:00:00Z; the contract lists no formats)]",
            "[bad_event_time: column 'ts' value \"2026-11-20T10:00:00.123456789Z\" has more than"
                + " six decimals of a second, which a TIMESTAMP cannot hold (it keeps"
                + " microseconds)]");
  }

  /**
   * A format that reads nanoseconds takes a time whose digits beyond the sixth are 0, and refuses
   * one it would cut to microseconds: two events a nanosecond apart are not one event.
   */
  @Test
  void anEventTimeFormatOfNanosecondsDoesNotCutThemOff() {
    DatasetContract nanos =
        org.zonelake.core.contract.ContractParser.parse(
            "n.json",
            """
            {"source": "n", "format": {"type": "json_lines"}, "schema": "id STRING, ts TIMESTAMP",
             "event_time": {"column": "ts",
                            "formats": ["yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"]}}
            """);
    List<Row> rows =
        validated(
            nanos,
            TransformFixtures.lines(
                nanos,
                "{\"id\":\"a\",\"ts\":\"2026-11-20T10:00:00.123456000Z\"}",
                "{\"id\":\"b\",\"ts\":\"2026-11-20T10:00:00.123456789Z\"}",
                "{\"id\":\"c\",\"ts\":\"2026-11-20T10:00:00.123456001Z\"}"));

    assertThat(
            rows.stream()
                .map(
                    r ->
                        (r.isNullAt(r.fieldIndex("_event_time"))
                                ? "null"
                                : r.<Timestamp>getAs("_event_time").toInstant().toString())
                            + " "
                            + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "2026-11-20T10:00:00.123456Z []",
            "null [bad_event_time: column 'ts' value \"2026-11-20T10:00:00.123456789Z\" has more"
                + " than six decimals of a second, which a TIMESTAMP cannot hold (it keeps"
                + " microseconds)]",
            "null [bad_event_time: column 'ts' value \"2026-11-20T10:00:00.123456001Z\" has more"
                + " than six decimals of a second, which a TIMESTAMP cannot hold (it keeps"
                + " microseconds)]");
  }

  @Test
  void malformedRecordScoresZeroWithOneReason() {
    Row row = validate("{oops").get(0);

    assertThat(row.getList(row.fieldIndex("_reason_codes"))).containsExactly("malformed");
    assertThat(row.<Double>getAs("_quality_score")).isEqualTo(0.0);
  }

  @Test
  void decimalWithMoreDecimalPlacesThanItsScaleIsACastFailureNotRounded() {
    List<Row> rows =
        validate(
            "{\"id\":\"a\",\"amount\":1.005,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"amount\":\"2.499\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"amount\":1.050,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"amount\":\"7.10000\",\"ts\":\"2026-11-20\"}");

    assertThat(rows.subList(0, 2))
        .extracting(r -> r.getList(r.fieldIndex("_reasons")))
        .containsExactly(
            List.of("type_cast: column 'amount' value \"1.005\" is not a valid DECIMAL(10,2)"),
            List.of("type_cast: column 'amount' value \"2.499\" is not a valid DECIMAL(10,2)"));
    // Trailing zeros lose nothing.
    assertThat(rows.subList(2, 4))
        .extracting(r -> r.<BigDecimal>getAs("amount"))
        .containsExactly(new BigDecimal("1.05"), new BigDecimal("7.10"));
  }

  /**
   * A JSON number is read as written, not through a double: a DECIMAL(10,2) refuses digits a double
   * would have rounded away, and the message shows the value as the record wrote it.
   */
  @Test
  void aJsonNumberForADecimalIsReadAsWritten() {
    List<Row> rows =
        validate(
            "{\"id\":\"a\",\"amount\":1.0000000000000000001,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"amount\":99999999.995,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"amount\":1.5e3,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"amount\":12345.670,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"e\",\"amount\":1e400,\"ts\":\"2026-11-20\"}");

    assertThat(rows)
        .extracting(r -> r.getList(r.fieldIndex("_reasons")))
        .containsExactly(
            List.of(
                "type_cast: column 'amount' value \"1.0000000000000000001\" is not a valid"
                    + " DECIMAL(10,2)"),
            List.of(
                "type_cast: column 'amount' value \"99999999.995\" is not a valid DECIMAL(10,2)"),
            List.of(),
            List.of(),
            List.of("type_cast: column 'amount' value \"1e400\" is not a valid DECIMAL(10,2)"));
    assertThat(rows.subList(2, 4))
        .extracting(r -> r.<BigDecimal>getAs("amount"))
        .containsExactly(new BigDecimal("1500.00"), new BigDecimal("12345.67"));

    // Inside a nested value too; a double beside it reads the same value either way.
    List<Row> nested =
        validated(
            "id STRING, cost STRUCT<net: DECIMAL(10,2), rate: DOUBLE>, ts TIMESTAMP",
            "{\"id\":\"a\",\"cost\":{\"net\":1.0000000000000000001,\"rate\":0.5},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"cost\":{\"net\":2.50,\"rate\":0.10},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"cost\":{\"net\":1.005,\"rate\":0.5},\"ts\":\"2026-11-20\"}");
    assertThat(
            nested.stream().map(r -> r.getAs("cost") + " " + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "null [type_cast: column 'cost' value \"{\"net\":1.0000000000000000001,\"rate\":0.5}\""
                + " is not a valid STRUCT<net: DECIMAL(10,2), rate: DOUBLE>]",
            "[2.50,0.1] []",
            "null [type_cast: column 'cost' value \"{\"net\":1.005,\"rate\":0.5}\" is not a"
                + " valid STRUCT<net: DECIMAL(10,2), rate: DOUBLE>]");
    List<Row> arrays =
        validated(
            "id STRING, prices ARRAY<DECIMAL(10,2)>, ts TIMESTAMP",
            "{\"id\":\"a\",\"prices\":[1.5,2.25],\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"prices\":[1.5,2.255],\"ts\":\"2026-11-20\"}");
    assertThat(
            arrays.stream()
                .map(
                    r ->
                        r.getList(r.fieldIndex("prices"))
                            + " "
                            + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "[1.50, 2.25] []",
            "null [type_cast: column 'prices' value \"[1.5,2.255]\" is not a valid"
                + " ARRAY<DECIMAL(10,2)>]");
  }

  /**
   * A date or time stamp column takes only what converts without loss: a whole date, for a time
   * stamp with its time, at most to the microsecond. Spark's cast would read a time alone as that
   * time of the day it runs, a year as its first day, a date followed by anything as the date.
   */
  @Test
  void aDateOrTimeStampColumnTakesOnlyAWholeValue() {
    List<Row> rows =
        validated(
            "id STRING, on DATE, at TIMESTAMP, ts TIMESTAMP",
            "{\"id\":\"a\",\"on\":\"2026-11-20\",\"at\":\"2026-11-20T10:00:00.123456Z\","
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"on\":\" 2026-1-2 \",\"at\":\"2026-11-20\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"on\":\"2026-11-20 junk\",\"at\":\"10:00:00\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"on\":\"2026\",\"at\":\"2026-11-20T10:00:00.1234567Z\","
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"e\",\"on\":\"2026-11-20T10:00\",\"at\":\"2026\",\"ts\":\"2026-11-20\"}");

    assertThat(
            rows.stream()
                .map(
                    r ->
                        r.getAs("on")
                            + " "
                            + r.getAs("at")
                            + " "
                            + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "2026-11-20 2026-11-20 10:00:00.123456 []",
            "2026-01-02 2026-11-20 00:00:00.0 []",
            "null null [type_cast: column 'on' value \"2026-11-20 junk\" is not a valid DATE,"
                + " type_cast: column 'at' value \"10:00:00\" is not a valid TIMESTAMP]",
            "null null [type_cast: column 'on' value \"2026\" is not a valid DATE, type_cast:"
                + " column 'at' value \"2026-11-20T10:00:00.1234567Z\" is not a valid TIMESTAMP]",
            "null null [type_cast: column 'on' value \"2026-11-20T10:00\" is not a valid DATE,"
                + " type_cast: column 'at' value \"2026\" is not a valid TIMESTAMP]");
  }

  /**
   * A binary value is base64 text, at the top level as inside a nested value (where Spark's JSON
   * reader decodes it): "aGk=" holds the bytes of "hi", not of its own four characters.
   */
  @Test
  void aBinaryValueIsBase64TextAtEveryDepth() {
    List<Row> rows =
        validated(
            "id STRING, b BINARY, s STRUCT<b: BINARY>, ts TIMESTAMP",
            "{\"id\":\"a\",\"b\":\"aGk=\",\"s\":{\"b\":\"aGk=\"},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"b\":\"hi!\",\"s\":{\"b\":\"aGk=\"},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"b\":\"aGk\",\"s\":{\"b\":\"aGk=\"},\"ts\":\"2026-11-20\"}");

    assertThat(
            rows.stream()
                .map(
                    r ->
                        (r.isNullAt(r.fieldIndex("b"))
                                ? "null"
                                : new String((byte[]) r.getAs("b"), UTF_8))
                            + " "
                            + new String((byte[]) r.<Row>getAs("s").getAs("b"), UTF_8)
                            + " "
                            + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "hi hi []",
            "null hi [type_cast: column 'b' value \"hi!\" is not a valid BINARY (base64 text)]",
            "null hi [type_cast: column 'b' value \"aGk\" is not a valid BINARY (base64 text)]");
  }

  /**
   * A time stamp or date inside a nested value follows the rules of a top-level column: Spark's
   * JSON reader would take an integer as epoch seconds, a time alone as that time of the day it
   * runs and a date followed by anything as the date.
   */
  @Test
  void aNestedTimeStampOrDateTakesOnlyAWholeValue() {
    List<Row> rows =
        validated(
            "id STRING, visit STRUCT<at: TIMESTAMP, on: DATE>, log ARRAY<TIMESTAMP>,"
                + " days MAP<STRING, DATE>, ts TIMESTAMP",
            "{\"id\":\"a\",\"visit\":{\"at\":\"2026-11-20T10:00:00Z\",\"on\":\"2026-11-20\"},"
                + "\"log\":[\"2026-11-20T10:00:00Z\",null],\"days\":{\"x\":\"2026-11-21\"},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"visit\":{\"at\":\"10:00:00\"},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"visit\":{\"at\":1795000000,\"on\":\"2026-11-20 junk\"},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"log\":[\"2026-11-20T10:00:00Z\",\"10:00:00\"],"
                + "\"days\":{\"x\":\"2026\"},\"ts\":\"2026-11-20\"}");

    assertThat(rows.stream().map(r -> r.getList(r.fieldIndex("_reasons")).toString()))
        .containsExactly(
            "[]",
            "[type_cast: column 'visit' value \"{\"at\":\"10:00:00\"}\" is not a valid"
                + " STRUCT<at: TIMESTAMP, on: DATE>]",
            "[type_cast: column 'visit' value \"{\"at\":1795000000,\"on\":\"2026-11-20 junk\"}\""
                + " is not a valid STRUCT<at: TIMESTAMP, on: DATE>]",
            "[type_cast: column 'log' value \"[\"2026-11-20T10:00:00Z\",\"10:00:00\"]\" is not a"
                + " valid ARRAY<TIMESTAMP>, type_cast: column 'days' value \"{\"x\":\"2026\"}\" is"
                + " not a valid MAP<STRING, DATE>]");
    assertThat(rows.get(0).<Row>getAs("visit").get(1).toString()).isEqualTo("2026-11-20");
  }

  /**
   * A number beyond a double's or a float's range is refused, at the top level and nested: Spark
   * would keep 1e400 as infinity and 1e-400 as zero. The words Infinity and NaN are values of their
   * own, and the extremes a double holds pass.
   */
  @Test
  void aNumberBeyondADoublesOrAFloatsRangeIsACastFailure() {
    List<Row> rows =
        validated(
            "id STRING, d DOUBLE, f FLOAT, at STRUCT<lat: DOUBLE>, xs ARRAY<DOUBLE>, ts TIMESTAMP",
            "{\"id\":\"ok\",\"d\":1.7976931348623157e308,\"f\":3.4e38,\"at\":{\"lat\":4.9e-324},"
                + "\"xs\":[0.0,0e5,-2.5],\"ts\":\"2026-11-20\"}",
            "{\"id\":\"words\",\"d\":\"Infinity\",\"f\":\"NaN\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"big\",\"d\":1e400,\"f\":1e39,\"ts\":\"2026-11-20\"}",
            "{\"id\":\"small\",\"d\":-1e-400,\"f\":\"1e-50\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"text\",\"d\":\"1e400\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"nested\",\"at\":{\"lat\":1e999},\"xs\":[1.5,1e-999],\"ts\":\"2026-11-20\"}");

    assertThat(rows.stream().map(r -> r.getList(r.fieldIndex("_reasons")).toString()))
        .containsExactly(
            "[]",
            "[]",
            "[type_cast: column 'd' value \"1e400\" is not a valid DOUBLE, type_cast: column 'f'"
                + " value \"1e39\" is not a valid FLOAT]",
            "[type_cast: column 'd' value \"-1e-400\" is not a valid DOUBLE, type_cast: column 'f'"
                + " value \"1e-50\" is not a valid FLOAT]",
            "[type_cast: column 'd' value \"1e400\" is not a valid DOUBLE]",
            "[type_cast: column 'at' value \"{\"lat\":1e999}\" is not a valid STRUCT<lat: DOUBLE>,"
                + " type_cast: column 'xs' value \"[1.5,1e-999]\" is not a valid ARRAY<DOUBLE>]");
    assertThat(rows.get(0).<Double>getAs("d")).isEqualTo(Double.MAX_VALUE);
    assertThat(rows.get(0).<Row>getAs("at").<Double>getAs("lat")).isEqualTo(Double.MIN_VALUE);
    assertThat(rows.get(1).<Double>getAs("d")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(rows.get(1).<Float>getAs("f")).isNaN();
  }

  @Test
  void wideDecimalsWithMoreDecimalPlacesThanTheirScaleAreACastFailure() {
    Row row = wideAmount("1234567.012345678915");

    assertThat(row.getList(row.fieldIndex("_reasons")))
        .containsExactly(
            "type_cast: column 'amount' value \"1234567.012345678915\" is not a valid"
                + " DECIMAL(30,10)");
  }

  /**
   * A decimal of 38 digits has no wider decimal to read a value again with: the value's text must
   * need no more places than the scale, at the top level and nested.
   */
  @Test
  void aThirtyEightDigitDecimalTakesOnlyValuesItHoldsWithoutRounding() {
    List<Row> rows =
        validated(
            "id STRING, d DECIMAL(38,18), s STRUCT<d: DECIMAL(38,18)>, ts TIMESTAMP",
            "{\"id\":\"a\",\"d\":1.123456789012345678,\"s\":{\"d\":1.5e-17},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"d\":\"1.1234567890123456780\",\"s\":{\"d\":1200e-2},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"c\",\"d\":12345678901234567890.5,\"s\":{\"d\":0.0000},\"ts\":\"2026-11-20\"}",
            "{\"id\":\"d\",\"d\":1.1234567890123456789,\"s\":{\"d\":1.5e-18},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"e\",\"d\":\"1e-99999999999999999999\",\"s\":{\"d\":1},"
                + "\"ts\":\"2026-11-20\"}",
            "{\"id\":\"f\",\"d\":\"\\t1.1234567890123456789\",\"s\":"
                + "{\"d\":\"1,000.1234567890123456789\"},\"ts\":\"2026-11-20\"}");

    assertThat(
            rows.stream()
                .map(
                    r ->
                        r.getAs("id")
                            + " "
                            + r.getAs("d")
                            + " "
                            + r.getAs("s")
                            + " "
                            + r.getList(r.fieldIndex("_reasons"))))
        .containsExactly(
            "a 1.123456789012345678 [1.5E-17] []",
            "b 1.123456789012345678 [12.000000000000000000] []",
            "c 12345678901234567890.500000000000000000 [0E-18] []",
            "d null null [type_cast: column 'd' value \"1.1234567890123456789\" is not a valid"
                + " DECIMAL(38,18), type_cast: column 's' value \"{\"d\":1.5e-18}\" is not a valid"
                + " STRUCT<d: DECIMAL(38,18)>]",
            "e null [1.000000000000000000] [type_cast: column 'd' value"
                + " \"1e-99999999999999999999\" is not a valid DECIMAL(38,18)]",
            "f null null [type_cast: column 'd' value \"\t1.1234567890123456789\" is not a valid"
                + " DECIMAL(38,18), type_cast: column 's' value"
                + " \"{\"d\":\"1,000.1234567890123456789\"}\" is not a valid STRUCT<d:"
                + " DECIMAL(38,18)>]");
  }

  @Test
  void decimalBeyondPrecisionIsACastFailure() {
    Row row = validate("{\"id\":\"a\",\"amount\":123456789012.5,\"ts\":\"2026-11-20\"}").get(0);

    assertThat(row.getList(row.fieldIndex("_reasons")))
        .containsExactly(
            "type_cast: column 'amount' value \"123456789012.5\" is not a valid DECIMAL(10,2)");
  }
}
