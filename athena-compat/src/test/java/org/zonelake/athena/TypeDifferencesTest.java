package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The types Trino (so Athena engine v3) reads or computes differently from Spark, one fixture table
 * each, written by Spark as the jobs write Delta: what both read the same (the compatibility check
 * passes on every table) and where an analyst's query gives another answer, with the form that
 * gives the same answer on both. README.md, "Querying with Athena", lists the outcome.
 */
@ExtendWith(TrinoLakeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypeDifferencesTest {

  private TrinoLake lake;
  private final Map<String, LakeTable> tables = new HashMap<>();

  /** Writes the fixture tables on the first call. */
  private TrinoLake fixtures(TrinoLake lake) {
    if (this.lake != null) {
      return lake;
    }
    this.lake = lake;
    create(
        "decimals",
        "(id INT, d5_2 DECIMAL(5,2), d18_6 DECIMAL(18,6), d38_18 DECIMAL(38,18),"
            + " d38_0 DECIMAL(38,0))",
        "",
        "(1, 1.00, 0.000001, 0.000000000000000001, 99999999999999999999999999999999999999),"
            + " (2, 2.00, -123456789012.345678, -12345678901234567890.123456789012345678, -1),"
            + " (3, 2.00, 0, 0, 0), (4, NULL, NULL, NULL, NULL)");
    create(
        "timestamps",
        "(id INT, ts TIMESTAMP)",
        "",
        "(1, TIMESTAMP '2026-11-21 10:00:00'), (2, TIMESTAMP '2026-11-21 10:00:00.123456'),"
            + " (3, TIMESTAMP '2026-11-21 10:00:00.999999'),"
            + " (4, TIMESTAMP '1969-12-31 23:59:59.9996'),"
            + " (5, TIMESTAMP '2026-03-29 01:30:00+01:00'), (6, NULL),"
            + " (7, TIMESTAMP '1500-03-01 12:00:00')");
    create(
        "maps",
        "(id INT, m MAP<STRING, INT>)",
        "",
        "(1, map('a', 1, 'b', CAST(NULL AS INT))), (2, CAST(map() AS MAP<STRING, INT>)),"
            + " (3, NULL)");
    String item = "STRUCT<sku: STRING, qty: INT, price: DECIMAL(10,2)>";
    create(
        "array_structs",
        "(id INT, items ARRAY<" + item + ">)",
        "",
        "(1, array(named_struct('sku', 'a', 'qty', 1, 'price', CAST(1.50 AS DECIMAL(10,2))),"
            + " named_struct('sku', 'b', 'qty', CAST(NULL AS INT), 'price',"
            + " CAST(2.00 AS DECIMAL(10,2))))),"
            + " (2, CAST(array() AS ARRAY<"
            + item
            + ">)), (3, NULL),"
            + " (4, array(CAST(NULL AS "
            + item
            + "), named_struct('sku', 'c', 'qty', 3, 'price', CAST(NULL AS DECIMAL(10,2)))))");
    create(
        "partition_nulls",
        "(id INT, region STRING, day INT)",
        " PARTITIONED BY (region, day)",
        "(1, 'eu', 1), (2, NULL, 1), (3, 'us', NULL), (4, NULL, NULL), (5, '', 2), (6, 'eu', 1)");
    return lake;
  }

  private void create(String name, String columns, String partitioning, String values) {
    String table = "delta.`" + lake.fixturePath(name) + "`";
    lake.spark().sql("CREATE TABLE " + table + " " + columns + " USING delta" + partitioning);
    lake.spark().sql("INSERT INTO " + table + " VALUES " + values);
    tables.put(name, lake.registerFixture(name));
  }

  private List<List<String>> spark(String sql) {
    return ResultRows.of(lake.sparkSql().query(sql));
  }

  private List<List<String>> trino(String sql) {
    return ResultRows.of(lake.trinoSql().query(sql));
  }

  /** Writes the fixture tables on the first call; checks both engines read {@code table} alike. */
  private void readTheSameByBoth(TrinoLake lake, String table) {
    fixtures(lake);
    lake.compatibility().verify(tables.get(table));
  }

  /** Trino and Spark answer {@code sql} with the same rows, {@code expected}. */
  private void assertBothAnswer(String sql, String... expected) {
    assertThat(trino(sql)).isEqualTo(spark(sql)).isEqualTo(rows(expected));
  }

  private static List<List<String>> rows(String... rows) {
    return java.util.Arrays.stream(rows).map(r -> List.of(r.split("\\|", -1))).toList();
  }

  @Test
  void decimalsReadExactlyButAvgKeepsTheColumnScaleOnTrino(TrinoLake lake) {
    readTheSameByBoth(lake, "decimals");
    // Every digit of DECIMAL(38,18) and DECIMAL(38,0) values survives.
    String exact = "SELECT d38_18, d38_0 FROM decimals WHERE id IN (1, 2) ORDER BY id";
    assertBothAnswer(
        exact,
        "0.000000000000000001|99999999999999999999999999999999999999",
        "-12345678901234567890.123456789012345678|-1");
    // Each engine's own text of a small value: scientific notation on Spark.
    assertThat(spark("SELECT CAST(d38_18 AS STRING) FROM decimals WHERE id = 1"))
        .isEqualTo(rows("1E-18"));
    assertThat(trino("SELECT CAST(d38_18 AS VARCHAR) FROM decimals WHERE id = 1"))
        .isEqualTo(rows("0.000000000000000001"));
    // avg of a DECIMAL(5,2): Spark widens the scale by 4 (DECIMAL(9,6)), Trino keeps it and
    // rounds half up.
    String avg = "SELECT avg(d5_2) FROM decimals";
    assertThat(spark(avg)).isEqualTo(rows("1.666667"));
    assertThat(trino(avg)).isEqualTo(rows("1.67"));
    // Rounding to the scale wanted gives one answer.
    String rounded = "SELECT round(avg(d5_2), 2) FROM decimals";
    assertBothAnswer(rounded, "1.67");
    // Division: Spark keeps at least 6 decimals, Trino the larger scale of the operands.
    String third = "SELECT d5_2 / 3 FROM decimals WHERE id = 1";
    assertThat(spark(third).get(0).get(0)).startsWith("0.333333");
    assertThat(trino(third)).isEqualTo(rows("0.33"));
    String roundedThird = "SELECT round(d5_2 / 3, 2) FROM decimals WHERE id = 1";
    assertBothAnswer(roundedThird, "0.33");
  }

  @Test
  void timestampsReadAsUtcInstantsTruncatedToMilliseconds(TrinoLake lake) {
    readTheSameByBoth(lake, "timestamps");
    assertThat(lake.trinoSql().query("DESCRIBE timestamps").rows().get(1).get(1))
        .isEqualTo("timestamp(3) with time zone");
    String text =
        "SELECT id, CAST(ts AS %s) FROM timestamps WHERE id IN (2, 3, 4, 5, 7) ORDER BY id";
    assertThat(spark(String.format(text, "STRING")))
        .isEqualTo(
            rows(
                "2|2026-11-21 10:00:00.123456",
                "3|2026-11-21 10:00:00.999999",
                "4|1969-12-31 23:59:59.9996",
                "5|2026-03-29 00:30:00",
                "7|1500-03-01 12:00:00"));
    // Truncated, not rounded: .999999 reads as .999, and 400 microseconds before the epoch as
    // the millisecond before it.
    assertThat(trino(String.format(text, "VARCHAR")))
        .isEqualTo(
            rows(
                "2|2026-11-21 10:00:00.123 UTC",
                "3|2026-11-21 10:00:00.999 UTC",
                "4|1969-12-31 23:59:59.999 UTC",
                "5|2026-03-29 00:30:00.000 UTC",
                // Before the Gregorian calendar began, both read the proleptic calendar's day.
                "7|1500-03-01 12:00:00.000 UTC"));
    // Equality with a microsecond literal finds the row on Spark only...
    assertThat(spark("SELECT id FROM timestamps WHERE ts = TIMESTAMP '2026-11-21 10:00:00.123456'"))
        .isEqualTo(rows("2"));
    assertThat(
            trino(
                "SELECT id FROM timestamps WHERE ts = TIMESTAMP '2026-11-21 10:00:00.123456 UTC'"))
        .isEmpty();
    // ...a range finds the same rows on both; hours and days are those of UTC on both.
    String range =
        "SELECT id, hour(ts), day(ts) FROM timestamps WHERE ts >= TIMESTAMP '2026-03-29 00:00:00'"
            + " AND ts < TIMESTAMP '2026-11-21 10:00:01' ORDER BY id";
    assertBothAnswer(range, "1|10|21", "2|10|21", "3|10|21", "5|0|29");
  }

  @Test
  void mapsReadTheSameButAMissingKeyFailsTrinosSubscript(TrinoLake lake) {
    readTheSameByBoth(lake, "maps");
    String lookup =
        "SELECT id, element_at(m, 'a'), element_at(m, 'b'), element_at(m, 'zz') FROM maps"
            + " ORDER BY id";
    assertBothAnswer(lookup, "1|1|NULL|NULL", "2|NULL|NULL|NULL", "3|NULL|NULL|NULL");
    assertThat(spark("SELECT m['zz'] FROM maps WHERE id = 1")).isEqualTo(rows("NULL"));
    assertThatThrownBy(() -> trino("SELECT m['zz'] FROM maps WHERE id = 1"))
        .hasMessageContaining("Key not present in map");
    // The size of a null map: -1 on Spark (its legacy default), null on Trino.
    String size = "SELECT id, cardinality(m) FROM maps ORDER BY id";
    assertThat(spark(size)).isEqualTo(rows("1|2", "2|0", "3|-1"));
    assertThat(trino(size)).isEqualTo(rows("1|2", "2|0", "3|NULL"));
    String guarded =
        "SELECT id, CASE WHEN m IS NULL THEN NULL ELSE cardinality(m) END FROM maps ORDER BY id";
    assertThat(trino(guarded)).isEqualTo(spark(guarded));
  }

  @Test
  void arraysOfStructsReadTheSameButSubscriptsCountFromZeroOnSparkAndOneOnTrino(TrinoLake lake) {
    readTheSameByBoth(lake, "array_structs");
    String first =
        "SELECT id, element_at(items, 1).sku, element_at(items, 2).qty FROM array_structs"
            + " ORDER BY id";
    assertBothAnswer(first, "1|a|NULL", "2|NULL|NULL", "3|NULL|NULL", "4|NULL|3");
    String subscript = "SELECT items[1].sku FROM array_structs WHERE id = 1";
    assertThat(spark(subscript)).isEqualTo(rows("b"));
    assertThat(trino(subscript)).isEqualTo(rows("a"));
    assertThatThrownBy(() -> trino("SELECT items[0].sku FROM array_structs WHERE id = 1"))
        .hasMessageContaining("SQL array indices start at 1");
    String lambdas =
        "SELECT id, cardinality(filter(items, x -> x.qty >= 1)),"
            + " array_join(transform(items, x -> x.sku), '/') FROM array_structs"
            + " WHERE items IS NOT NULL ORDER BY id";
    assertBothAnswer(lambdas, "1|1|a/b", "2|0|", "4|1|c");
  }

  @Test
  void nullPartitionValuesReadAsNullButSortFirstOnSparkAndLastOnTrino(TrinoLake lake) {
    readTheSameByBoth(lake, "partition_nulls");
    String groups =
        "SELECT region, day, count(*) FROM partition_nulls GROUP BY region, day"
            + " ORDER BY region NULLS FIRST, day NULLS FIRST";
    // Spark writes an empty partition value as null, like a missing one.
    assertBothAnswer(groups, "NULL|NULL|1", "NULL|1|1", "NULL|2|1", "eu|1|2", "us|NULL|1");
    String nulls = "SELECT count(*) FROM partition_nulls WHERE region IS NULL OR day IS NULL";
    assertBothAnswer(nulls, "4");
    String order =
        "SELECT id FROM partition_nulls WHERE region IS NULL OR region = 'us' ORDER BY region, id";
    assertThat(spark(order)).isEqualTo(rows("2", "4", "5", "3"));
    assertThat(trino(order)).isEqualTo(rows("3", "2", "4", "5"));
  }
}
