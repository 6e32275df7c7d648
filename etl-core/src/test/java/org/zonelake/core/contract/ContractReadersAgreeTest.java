package org.zonelake.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ContractDescriptor;
import org.zonelake.model.ModelException;

/**
 * The deployment reads a contract's schema without Spark ({@link ContractDescriptor}, for the Glue
 * catalog and the ingest API) and the jobs read it with Spark ({@link ContractParser}): for every
 * schema here both accept it with the same columns and catalog types, or both refuse it.
 */
class ContractReadersAgreeTest {

  private static final List<String> ACCEPTED =
      List.of(
          "a STRING, b BOOLEAN, c TINYINT, d SMALLINT, e INT, f BIGINT, g FLOAT, h DOUBLE, i DATE,"
              + " j BINARY",
          "a BYTE, b SHORT, c INTEGER, d LONG, e REAL, f DEC(10,2), g NUMERIC(5,1), h DECIMAL,"
              + " i DECIMAL(7), j TIMESTAMP_LTZ",
          "a ARRAY<STRING>, b MAP<STRING, ARRAY<INT>>, c STRUCT<x: INT, y STRING>",
          "s STRUCT<a: INT COMMENT 'x', b: STRUCT<c: DOUBLE NOT NULL>> NOT NULL COMMENT 'the s'",
          "a string, b decimal( 10 , 2 ), `c` int, 1a STRING, select STRING",
          "a ARRAY<STRUCT<`x-y`: INT, _z: INT, year: INT>>",
          "a STRING -- the id\n, b INT /* a count */, c INT /* a /* nested */ comment */",
          "`123` STRING, `1L` INT, a STRING NOT NULL COMMENT 'x', s STRUCT<a: INT NOT NULL COMMENT"
              + " 'c'>",
          "a\tSTRING,\n b INT");

  private static final List<String> REFUSED =
      List.of(
          "café STRING",
          "`a b` STRING",
          "`a.b` STRING",
          "_a STRING",
          "Year INT",
          "a STRING, A INT",
          "s STRUCT<a: INT, A: INT>",
          "s STRUCT<`a b`: INT>",
          "a ARRAY<STRUCT<`x.y`: INT>>",
          "a TIMESTAMP_NTZ",
          "s STRUCT<t: TIMESTAMP_NTZ>",
          "a MAP<STRING, TIMESTAMP_NTZ>",
          "a VARCHAR(10)",
          "s STRUCT<c: CHAR(3)>",
          "a INTERVAL DAY",
          "a INTERVAL YEAR TO MONTH",
          "a VOID",
          "a MAP<INT, STRING>",
          "a ARRAY<MAP<DATE, STRING>>",
          "a DOUBLE PRECISION",
          "a STRING,",
          ",a STRING",
          "a STRING b INT",
          "a DECIMAL(40,2)",
          "a DECIMAL(5,6)",
          "a MAP<STRING>",
          "a ARRAY<STRING",
          "a STRING DEFAULT 'x'",
          "a INT NULL",
          "a CHAR",
          "a STRING COLLATE UTF8_BINARY",
          "a STRING /* open",
          "a: STRING",
          "a STRING COMMENT 'x' NOT NULL",
          "a STRING NOT NULL NOT NULL",
          "a STRING COMMENT 'x' COMMENT 'y'",
          "123 STRING",
          "1L STRING",
          "1e3 STRING",
          "5BD STRING",
          "/*+ x */ a STRING",
          "s STRUCT<>",
          "a MAP<STRING, STRUCT<>>",
          "`` STRING",
          "s STRUCT<``: INT>");

  @Test
  void bothReadersAcceptTheseSchemasWithTheSameColumnsAndTypes() {
    for (String schema : ACCEPTED) {
      String contract = contract(schema);
      List<String> jobs =
          Arrays.stream(ContractParser.parse("t.json", contract).schema().fields())
              .map(f -> f.name() + " " + f.dataType().catalogString())
              .toList();
      List<String> deploy =
          ContractDescriptor.parse("t.json", contract).columns().stream()
              .map(c -> c.name() + " " + c.type().glueType())
              .toList();
      assertThat(deploy).as(schema).isEqualTo(jobs);
    }
  }

  @Test
  void bothReadersRefuseTheseSchemas() {
    List<String> disagreements = new ArrayList<>();
    for (String schema : REFUSED) {
      String contract = contract(schema);
      boolean jobsRefuse = refuses(() -> ContractParser.parse("t.json", contract));
      boolean deployRefuses = refuses(() -> ContractDescriptor.parse("t.json", contract));
      if (!jobsRefuse || !deployRefuses) {
        disagreements.add(schema + " (jobs " + jobsRefuse + ", deploy " + deployRefuses + ")");
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /** A contract whose schema is {@code columns} and an event-time column. */
  private static String contract(String columns) {
    String json = (columns + ", ts TIMESTAMP").replace("\t", "\\t").replace("\n", "\\n");
    return "{\"source\": \"t\", \"format\": {\"type\": \"json_lines\"}, \"schema\": \""
        + json
        + "\", \"event_time\": {\"column\": \"ts\"}}";
  }

  private static boolean refuses(Runnable parse) {
    try {
      parse.run();
      return false;
    } catch (LakeException | ModelException e) {
      return true;
    }
  }
}
