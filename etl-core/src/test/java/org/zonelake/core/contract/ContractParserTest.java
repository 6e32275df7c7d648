package org.zonelake.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.EventTime;

class ContractParserTest {

  private static final String VALID =
      """
      {"source": "orders", "format": {"type": "json_lines"},
       "schema": "order_id STRING, price DECIMAL(10,2), order_ts TIMESTAMP",
       "event_time": {"column": "order_ts", "formats": ["yyyy-MM-dd HH:mm:ss"]},
       "required": ["order_id"], "measures": ["price"]}
      """;

  @Test
  void parsesEveryField() {
    DatasetContract contract = ContractParser.parse("orders.json", VALID);

    assertThat(contract.source()).isEqualTo("orders");
    assertThat(contract.format()).isEqualTo(new RawFormat.JsonLines());
    assertThat(contract.columnNames()).containsExactly("order_id", "price", "order_ts");
    assertThat(contract.field("price").dataType().sql()).isEqualTo("DECIMAL(10,2)");
    assertThat(contract.eventTime())
        .isEqualTo(new EventTime("order_ts", List.of("yyyy-MM-dd HH:mm:ss")));
    // The event-time column is always required.
    assertThat(contract.required()).containsExactly("order_id", "order_ts");
    assertThat(contract.dedupeKey()).isEmpty();
    assertThat(contract.dedupesOnRecordHash()).isTrue();
    assertThat(contract.measures()).containsExactly("price");
  }

  @Test
  void parsesCsvAndTextFormats() {
    DatasetContract csv =
        ContractParser.parse(
            "c.json",
            VALID.replace(
                "\"json_lines\"", "\"csv\", \"delimiter\": \";\", \"multi_line\": false"));
    assertThat(csv.format()).isEqualTo(new RawFormat.Csv(";", "\"", "\"", false));

    DatasetContract text =
        ContractParser.parse(
            "t.json",
            VALID.replace(
                "{\"type\": \"json_lines\"}",
                "{\"type\": \"text\", \"pattern\": \"(\\\\S+) (\\\\S+) (.*)\","
                    + " \"groups\": [\"order_id\", \"price\", \"order_ts\"]}"));
    assertThat(text.format())
        .isEqualTo(
            new RawFormat.Text("(\\S+) (\\S+) (.*)", List.of("order_id", "price", "order_ts")));
  }

  @Test
  void unknownTopLevelFieldNamesFileFieldAndFix() {
    assertThatThrownBy(
            () -> ContractParser.parse("orders.json", VALID.replace("\"measures\"", "\"measure\"")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Contract orders.json: field 'measure' is not a contract field. Fix: use only"
                + " [dedupe_key, description, event_time, format, measures, required, rulesets,"
                + " schema, source].");
  }

  /** Fields of format and event_time are checked as the top level's are, and their types too. */
  @Test
  void unknownOrMistypedNestedFieldsAreRefused() {
    assertThat(
            refusalOf(
                VALID.replace(
                    "\"formats\": [\"yyyy-MM-dd HH:mm:ss\"]", "\"format\": [\"yyyy-MM-dd\"]")))
        .isEqualTo(
            "Contract orders.json: field 'event_time.format' is not a contract field. Fix: use"
                + " only [column, formats].");
    assertThat(refusalOf(VALID.replace("\"json_lines\"", "\"json_lines\", \"delimiter\": \";\"")))
        .isEqualTo(
            "Contract orders.json: field 'format.delimiter' is not a contract field. Fix: use only"
                + " [type].");
    assertThat(refusalOf(VALID.replace("\"json_lines\"", "\"csv\", \"multi_line\": \"yes\"")))
        .isEqualTo(
            "Contract orders.json: field 'format.multi_line' is \"yes\", not true or false. Fix:"
                + " write true or false.");
    assertThat(refusalOf(VALID.replace("\"json_lines\"", "\"csv\", \"delimiter\": 5")))
        .isEqualTo(
            "Contract orders.json: field 'format.delimiter' is 5, not a single character. Fix:"
                + " give one character as a string, e.g. \",\".");
    assertThat(
            ContractParser.parse(
                    "orders.json", VALID.replace("\"json_lines\"", "\"csv\", \"header\": true"))
                .format())
        .isEqualTo(new RawFormat.Csv(",", "\"", "\"", true));
  }

  @Test
  void aJoinedDatasetAmongTheContractsIsToldWhereItBelongs() {
    assertThat(
            refusalOf(
                "{\"name\": \"orders_by_client\", \"left\": {\"source\": \"orders\"},"
                    + " \"right\": {\"source\": \"customers\"}, \"keys\": [\"customer_id\"]}"))
        .isEqualTo(
            "Contract orders.json: field '(root)' declares a joined dataset (left, right, keys),"
                + " not a source. Fix: move the file into the directory joins/ beside the"
                + " contracts.");
  }

  /** A field given twice, or text after the object, is not taken as the last or ignored. */
  @Test
  void aRepeatedFieldOrTextAfterTheObjectIsRefusedWithItsPlace() {
    assertThat(
            refusalOf(
                VALID.replace(
                    "\"measures\": [\"price\"]", "\"measures\": [],\n \"measures\": [\"price\"]")))
        .isEqualTo(
            "Contract orders.json is not valid JSON: line 5, column 12: Duplicate field"
                + " 'measures'. Fix: correct the JSON at line 5, column 12 (a contract is a JSON"
                + " object as described in the README section 'Dataset contracts').");
    assertThat(refusalOf(VALID + "}\n"))
        .isEqualTo(
            "Contract orders.json is not valid JSON: line 5, column 2: text after the end of the"
                + " JSON object. Fix: correct the JSON at line 5, column 2 (a contract is a JSON"
                + " object as described in the README section 'Dataset contracts').");
    assertThat(refusalOf(VALID + "{\"source\": \"orders\"}"))
        .startsWith("Contract orders.json is not valid JSON: line 5, column 1: text after the end");
  }

  private static String refusalOf(String contract) {
    return catchThrowableOfType(
            () -> ContractParser.parse("orders.json", contract), LakeException.class)
        .getMessage();
  }

  @Test
  void rulesetsAreFileNamesCarryingTheirAction() {
    DatasetContract contract =
        ContractParser.parse(
            "orders.json",
            VALID.replace(
                "\"measures\"",
                "\"rulesets\": [\"orders.fail.dqdl\", \"extra.warn.dqdl\"], \"measures\""));
    assertThat(contract.rulesets()).containsExactly("orders.fail.dqdl", "extra.warn.dqdl");
    assertThat(ContractParser.parse("orders.json", VALID).rulesets()).isEmpty();

    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json",
                    VALID.replace("\"measures\"", "\"rulesets\": [\"orders.dqdl\"], \"measures\"")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Contract orders.json: field 'rulesets' holds 'orders.dqdl', not a ruleset file name"
                + " <name>.<action>.dqdl. Fix: name each ruleset file after the action of its"
                + " rules: <name>.warn.dqdl, <name>.quarantine.dqdl or <name>.fail.dqdl, in the"
                + " contract's directory.");
  }

  @Test
  void invalidSchemaDdlIsReported() {
    assertThatThrownBy(
            () -> ContractParser.parse("orders.json", VALID.replace("DECIMAL(10,2)", "MONEY")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("Contract orders.json: field 'schema' is not valid Spark DDL (")
        .hasMessageEndingWith(
            "Fix: write it as 'name TYPE, name TYPE, ...', e.g. 'order_id STRING, price"
                + " DECIMAL(10,2)'.");
    // Spark's message starts with a line break: its first line of text is the one quoted.
    assertThatThrownBy(
            () ->
                ContractParser.parse("orders.json", VALID.replace("DECIMAL(10,2)", "DECIMAL(10,2")))
        .hasMessage(
            "Contract orders.json: field 'schema' is not valid Spark DDL ([PARSE_SYNTAX_ERROR]"
                + " Syntax error at or near 'order_ts'.(line 1, pos 37)). Fix: write it as 'name"
                + " TYPE, name TYPE, ...', e.g. 'order_id STRING, price DECIMAL(10,2)'.");
  }

  @Test
  void eventTimeMustBeATimestampColumn() {
    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json",
                    VALID.replace("\"column\": \"order_ts\"", "\"column\": \"price\"")))
        .hasMessage(
            "Contract orders.json: field 'event_time.column' names 'price' of type DECIMAL(10,2),"
                + " not TIMESTAMP. Fix: declare 'price TIMESTAMP' in the schema.");
  }

  @Test
  void requiredColumnMustExist() {
    assertThatThrownBy(
            () -> ContractParser.parse("orders.json", VALID.replace("[\"order_id\"]", "[\"id\"]")))
        .hasMessage(
            "Contract orders.json: field 'required' names column 'id', which the schema does not"
                + " declare. Fix: use one of [order_id, price, order_ts].");
  }

  @Test
  void measuresMustBeNumeric() {
    assertThatThrownBy(
            () ->
                ContractParser.parse("orders.json", VALID.replace("[\"price\"]", "[\"order_id\"]")))
        .hasMessage(
            "Contract orders.json: field 'measures' names 'order_id' of type STRING, not a number."
                + " Fix: list only numeric columns as measures.");
  }

  @Test
  void aColumnListedTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json",
                    VALID.replace(
                        "\"required\": [\"order_id\"]",
                        "\"required\": [\"order_id\", \"order_id\"]")))
        .hasMessage(
            "Contract orders.json: field 'required' lists 'order_id' twice. Fix: list each column"
                + " once.");
  }

  @Test
  void reservedColumnNamesAreRejected() {
    assertThatThrownBy(
            () ->
                ContractParser.parse("orders.json", VALID.replace("price DECIMAL", "year DECIMAL")))
        .hasMessage(
            "Contract orders.json: field 'schema' declares column 'year', a name the lake reserves."
                + " Fix: rename it: names starting with '_' and year/month/day are added by the"
                + " lake.");
  }

  @Test
  void unsupportedFormatListsTheSupportedOnes() {
    assertThatThrownBy(
            () -> ContractParser.parse("orders.json", VALID.replace("json_lines", "avro")))
        .hasMessageStartingWith(
            "Contract orders.json: field 'format.type' is 'avro', not a supported format. Fix:"
                + " use one of json_lines, json_array, csv, text");
  }

  @Test
  void textPatternNeedsOneColumnPerGroup() {
    String text =
        VALID.replace(
            "{\"type\": \"json_lines\"}",
            "{\"type\": \"text\", \"pattern\": \"(\\\\S+) (.*)\", \"groups\": [\"order_id\","
                + " \"price\", \"order_ts\"]}");
    assertThatThrownBy(() -> ContractParser.parse("t.json", text))
        .hasMessage(
            "Contract t.json: field 'format.groups' names 3 columns but the pattern has 2 capturing"
                + " groups. Fix: name one column per capturing group; make other groups"
                + " non-capturing (?:...).");
  }

  /** The message that refuses a contract whose event time has the one format {@code pattern}. */
  private static String refusedFormat(String pattern) {
    String contract = VALID.replace("yyyy-MM-dd HH:mm:ss", pattern);
    return catchThrowableOfType(
            () -> ContractParser.parse("orders.json", contract), LakeException.class)
        .getMessage();
  }

  /** The formats a contract whose event time has the one format {@code pattern} keeps. */
  private static List<String> acceptedFormat(String pattern) {
    return ContractParser.parse("orders.json", VALID.replace("yyyy-MM-dd HH:mm:ss", pattern))
        .eventTime()
        .formats();
  }

  @Test
  void aWeekBasedEventTimePatternIsRefusedAsSparkRefusesIt() {
    assertThat(refusedFormat("YYYY-MM-dd HH:mm:ss"))
        .isEqualTo(
            "Contract orders.json: field 'event_time.formats' holds 'YYYY-MM-dd HH:mm:ss', not a"
                + " valid datetime pattern (All week-based patterns are unsupported since Spark"
                + " 3.0, detected: Y, Please use the SQL function EXTRACT instead). Fix: use Spark"
                + " datetime patterns such as yyyy-MM-dd'T'HH:mm:ssXXX.");
  }

  /**
   * A pattern that would read times wrongly without a word is refused: an hour of the half day
   * without the am/pm marker, or no whole day (letters in quotes are text, not pattern letters).
   */
  @Test
  void anEventTimePatternThatWouldMisreadTimesIsRefused() {
    assertThat(refusedFormat("yyyy-MM-dd hh:mm:ss"))
        .isEqualTo(
            "Contract orders.json: field 'event_time.formats' holds 'yyyy-MM-dd hh:mm:ss', whose"
                + " hour of the half day (h or K) has no am/pm marker (a), so 1 pm reads as 1 am"
                + " and 12:30 as 00:30. Fix: use HH for the hour of the day (00-23), or add the"
                + " marker, e.g. yyyy-MM-dd hh:mm a.");
    assertThat(refusedFormat("HH:mm:ss 'yMd'"))
        .isEqualTo(
            "Contract orders.json: field 'event_time.formats' holds 'HH:mm:ss 'yMd'', which does"
                + " not name a whole day (a year y, a month M and a day d, or a day of the year D),"
                + " so its events would fall on a day it does not say. Fix: add the date, e.g."
                + " yyyy-MM-dd HH:mm:ss.");
    assertThat(acceptedFormat("yyyy-DDD")).containsExactly("yyyy-DDD");
    assertThat(acceptedFormat("yyyy-MM-dd hh:mm:ss a 'h'"))
        .containsExactly("yyyy-MM-dd hh:mm:ss a 'h'");
  }

  @Test
  void aColumnNameTheTablesCannotHoldIsRefused() {
    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json", VALID.replace("order_id STRING,", "`user.id` STRING,")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Contract orders.json: field 'schema' declares column 'user.id', whose name holds '.',"
                + " which the lake's tables cannot hold (Delta refuses a space and ,;{}()= in"
                + " column names, and a dot names a field of a struct). Fix: name it with letters,"
                + " digits, '_' or '-'; the raw field or header must carry the same name.");
    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json", VALID.replace("order_id STRING,", "`paid by` STRING,")))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("declares column 'paid by', whose name holds ' ',");
    assertThatThrownBy(
            () ->
                ContractParser.parse(
                    "orders.json", VALID.replace("order_id STRING,", "Price STRING,")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Contract orders.json: field 'schema' declares columns 'Price' and 'price', which"
                + " differ only in case (Spark and Athena do not tell them apart). Fix: give them"
                + " names that differ in more than case.");
  }

  @Test
  void aStructsFieldNamesKeepTheRulesOfColumnNames() {
    assertThat(refusal("location STRUCT<lat: DOUBLE, `long itude`: DOUBLE>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares field 'long itude' in 'location', whose"
                + " name holds ' ', which the lake's tables cannot hold (Delta refuses a space and"
                + " ,;{}()= in column names, and a dot names a field of a struct). Fix: name it"
                + " with letters, digits, '_' or '-'; the raw field or header must carry the same"
                + " name.");
    assertThat(refusal("items ARRAY<STRUCT<sku: STRING, SKU: STRING>>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares fields 'sku' and 'SKU' in"
                + " 'items.element', which differ only in case (Spark and Athena do not tell them"
                + " apart). Fix: give them names that differ in more than case.");
    // A field may take a name the lake reserves for its own columns: it is not a column.
    assertThat(
            ContractParser.parse("orders.json", withColumn("s STRUCT<_x: INT, year: INT>"))
                .field("s")
                .dataType()
                .sql())
        .isEqualTo("STRUCT<_x: INT, year: INT>");
  }

  @Test
  void typesTheLakeCannotWriteOrAthenaCannotReadAreRefusedAtAnyDepth() {
    assertThat(refusal("seen ARRAY<TIMESTAMP_NTZ>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'seen' with seen.element as"
                + " TIMESTAMP_NTZ, which Athena cannot read in Delta. Fix: declare it TIMESTAMP.");
    assertThat(refusal("code VARCHAR(5)"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'code' as VARCHAR(5), whose"
                + " length the lake would not check (Spark reads it as STRING). Fix: declare it"
                + " STRING; to check its length, add a rule such as ColumnLength \"code\" <= 5 to"
                + " the source's ruleset.");
    assertThat(refusal("tags MAP<STRING, STRUCT<c: CHAR(2)>>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'tags' with tags.value.c as"
                + " CHAR(2), whose length the lake would not check (Spark reads it as STRING)."
                + " Fix: declare it STRING.");
    assertThat(refusal("ids MAP<INT, STRING>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'ids' as MAP<INT, STRING>,"
                + " whose keys are not STRING (the keys of a JSON object are text). Fix: declare"
                + " it MAP<STRING, STRING>.");
    assertThat(refusal("wait INTERVAL DAY"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'wait' as INTERVAL DAY, which"
                + " Delta tables cannot hold. Fix: declare it as a number of a unit (e.g. BIGINT"
                + " seconds) or as STRING.");
    assertThat(refusal("ids MAP<INT, VARCHAR(3)>"))
        .as("the value's type is refused first, so the fix for the key is valid")
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'ids' with ids.value as"
                + " VARCHAR(3), whose length the lake would not check (Spark reads it as STRING)."
                + " Fix: declare it STRING.");
    assertThat(refusal("s STRUCT<a: STRUCT<>>"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 's' with s.a as STRUCT<>, which"
                + " holds no field (Parquet cannot write it). Fix: declare its fields.");
    assertThat(refusal("nothing VOID"))
        .isEqualTo(
            "Contract orders.json: field 'schema' declares column 'nothing' as VOID, a type"
                + " without values. Fix: declare the type its values have.");
  }

  /** The valid contract with one more column, declared first. */
  private static String withColumn(String column) {
    return VALID.replace("\"schema\": \"", "\"schema\": \"" + column + ", ");
  }

  private static String refusal(String column) {
    return refusalOf(withColumn(column));
  }

  @Test
  void aByteOrderMarkBeforeTheJsonIsNotPartOfIt() {
    assertThat(ContractParser.parse("orders.json", "\uFEFF" + VALID))
        .isEqualTo(ContractParser.parse("orders.json", VALID));
  }

  @Test
  void notJsonIsReportedWithTheParserMessageAndWhereItStopped() {
    String missingComma = "{\n  \"source\": \"orders\"\n  \"format\": {\"type\": \"json\"}\n}\n";
    assertThatThrownBy(() -> ContractParser.parse("broken.json", missingComma))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Contract broken.json is not valid JSON: line 3, column 4: Unexpected character ('\"'"
                + " (code 34)): was expecting comma to separate Object entries. Fix: correct the"
                + " JSON at line 3, column 4 (a contract is a JSON object as described in the"
                + " README section 'Dataset contracts').");
  }
}
