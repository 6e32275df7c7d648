package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.zonelake.model.SparkDdl.Field;
import org.zonelake.model.SparkDdl.JsonKind;

/** Spark DDL read without Spark, and the Glue and JSON names of its types. */
class SparkDdlTest {

  /** The message that refuses {@code ddl}. */
  private static String refusal(String ddl) {
    return catchThrowableOfType(() -> SparkDdl.parseSchema(ddl), IllegalArgumentException.class)
        .getMessage();
  }

  private static List<String> glue(String ddl) {
    return SparkDdl.parseSchema(ddl).stream()
        .map(f -> f.name() + " " + f.type().glueType())
        .toList();
  }

  @Test
  void aliasesDecimalsAndMapsAreNormalized() {
    assertThat(
            glue(
                "a long, b Integer, c short, d byte, e real, f dec(5, 1), g numeric, h DECIMAL,"
                    + " k map<string, array<struct<x int, y: boolean>>>, l timestamp_ltz, m date,"
                    + " n binary, o bigint, p smallint, q tinyint, r float"))
        .containsExactly(
            "a bigint",
            "b int",
            "c smallint",
            "d tinyint",
            "e float",
            "f decimal(5,1)",
            "g decimal(10,0)",
            "h decimal(10,0)",
            "k map<string,array<struct<x:int,y:boolean>>>",
            "l timestamp",
            "m date",
            "n binary",
            "o bigint",
            "p smallint",
            "q tinyint",
            "r float");
  }

  @Test
  void notNullCommentsAndBackQuotedNamesAreRead() {
    List<Field> fields =
        SparkDdl.parseSchema(
            "`order id` STRING NOT NULL COMMENT 'the order\\'s id', `a``b` INT COMMENT \"x\\\"y\"");
    assertThat(fields)
        .containsExactly(
            new Field(
                "order id", new SparkDdl.Primitive("string"), false, Optional.of("the order's id")),
            new Field("a`b", new SparkDdl.Primitive("int"), true, Optional.of("x\"y")));
  }

  @Test
  void sqlCommentsAreSpaceAndUnquotedNamesAreAscii() {
    assertThat(glue("a STRING -- the id\n, b INT /* a /* nested */ count */, c9_ DATE"))
        .containsExactly("a string", "b int", "c9_ date");
    assertThat(refusal("/*+ hint */ a STRING"))
        .isEqualTo(
            "a hint /*+ ... */ is not a comment here at position 1 of '/*+ hint */ a STRING'");
    assertThat(refusal("a STRING /* open"))
        .isEqualTo("unclosed comment at position 10 of 'a STRING /* open'");
    assertThat(refusal("café STRING")).isEqualTo("expected a type at position 4 of 'café STRING'");
    assertThat(glue("`café` STRING")).containsExactly("café string");
  }

  @Test
  void jsonKindsFollowTheTypes() {
    assertThat(
            SparkDdl.parseSchema(
                    "s STRING, t TIMESTAMP, d DATE, i INT, l BIGINT, x DOUBLE, m DECIMAL(10,2),"
                        + " b BOOLEAN, a ARRAY<INT>, o STRUCT<k: STRING>, p MAP<STRING, INT>")
                .stream()
                .map(f -> f.type().jsonKind()))
        .containsExactly(
            JsonKind.STRING,
            JsonKind.STRING,
            JsonKind.STRING,
            JsonKind.INTEGER,
            JsonKind.INTEGER,
            JsonKind.NUMBER,
            JsonKind.NUMBER,
            JsonKind.BOOLEAN,
            JsonKind.ARRAY,
            JsonKind.OBJECT,
            JsonKind.OBJECT);
  }

  @Test
  void typesAthenaCannotReadOrTheLakeNeverWritesAreRefusedWithThePosition() {
    assertThat(refusal("id STRING, ts TIMESTAMP_NTZ"))
        .isEqualTo(
            "TIMESTAMP_NTZ cannot be read by Athena in Delta tables; use TIMESTAMP at position 15"
                + " of 'id STRING, ts TIMESTAMP_NTZ'");
    assertThat(refusal("d INTERVAL DAY"))
        .isEqualTo("unsupported type INTERVAL at position 3 of 'd INTERVAL DAY'");
    assertThat(refusal("v VARCHAR(20)"))
        .isEqualTo(
            "VARCHAR(n) is read as STRING, its length unchecked; use STRING at position 3 of 'v"
                + " VARCHAR(20)'");
    assertThat(refusal("c char(2)"))
        .isEqualTo(
            "CHAR(n) is read as STRING, its length unchecked; use STRING at position 3 of 'c"
                + " char(2)'");
    assertThat(refusal("m MAP<INT, STRING>"))
        .isEqualTo(
            "map keys must be STRING, as JSON object keys are at position 7 of 'm MAP<INT,"
                + " STRING>'");
    assertThat(refusal("p DECIMAL(40,2)"))
        .isEqualTo(
            "DECIMAL(40,2) is outside DECIMAL(1..38, 0..precision) at position 16 of 'p"
                + " DECIMAL(40,2)'");
  }

  @Test
  void malformedSchemasAreRefused() {
    assertThat(refusal("a STRING, A INT"))
        .isEqualTo("columns 'a' and 'A' differ only in case at position 16 of 'a STRING, A INT'");
    assertThat(refusal("s STRUCT<a INT, a INT>"))
        .isEqualTo("field 'a' is declared twice at position 22 of 's STRUCT<a INT, a INT>'");
    assertThat(refusal("a: STRING")).isEqualTo("expected a type at position 2 of 'a: STRING'");
    assertThat(refusal("a STRING COMMENT 'x' NOT NULL"))
        .isEqualTo("unexpected 'N' at position 22 of 'a STRING COMMENT 'x' NOT NULL'");
    assertThat(refusal("1L STRING"))
        .isEqualTo(
            "'1L' reads as a number, not a name; back-quote it: `1L` at position 1 of '1L"
                + " STRING'");
    assertThat(refusal("`` STRING"))
        .isEqualTo("a name cannot be empty at position 3 of '`` STRING'");
    assertThat(refusal("s STRUCT<>"))
        .isEqualTo(
            "STRUCT<> holds no field, which Parquet cannot write at position 10 of 's STRUCT<>'");
    assertThat(refusal("a ARRAY<STRING"))
        .isEqualTo("expected '>' at position 15 of 'a ARRAY<STRING'");
    assertThat(refusal("a STRING b INT"))
        .isEqualTo("unexpected 'b' at position 10 of 'a STRING b INT'");
    assertThat(refusal("  ")).isEqualTo("the schema declares no column");
    assertThat(refusal("a")).isEqualTo("expected a type at position 2 of 'a'");
  }

  @Test
  void aSingleTypeParses() {
    assertThat(SparkDdl.parseType("MAP<STRING, STRING>").glueType())
        .isEqualTo("map<string,string>");
  }
}
