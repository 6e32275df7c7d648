package org.zonelake.core.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetParser;
import org.zonelake.core.testing.Contracts;
import org.zonelake.core.testing.TestSpark;

class CuratedJoinsTest {

  private static final DatasetContract EVENTS =
      Contracts.jsonLines("events", "id STRING, k STRING, ts TIMESTAMP", "ts");

  private static final JoinedDataset LABELLED =
      JoinedDatasetParser.parse(
          "joins/labelled.json",
          """
          {"name": "labelled", "left": {"source": "events"},
           "right": {"reference": {"path": "labels.csv", "format": "csv",
                                   "schema": "k STRING, label STRING"},
                     "columns": [{"column": "label", "as": "k_label"}]},
           "keys": ["k"]}
          """,
          Map.of("events", EVENTS));

  private final SparkSession spark = TestSpark.session();

  /** Left rows: two on day 20 (both keys known), two on day 21 (a null key, an unknown key). */
  private Dataset<Row> events() {
    return spark
        .sql(
            "SELECT * FROM VALUES"
                + " ('a', 'k1', TIMESTAMP'2026-11-20 08:00:00', 'h-a', 'f1', 'r1', 2026, 11, 20),"
                + " ('b', 'k2', TIMESTAMP'2026-11-20 09:00:00', 'h-b', 'f1', 'r1', 2026, 11, 20),"
                + " ('c', NULL, TIMESTAMP'2026-11-21 10:00:00', 'h-c', 'f2', 'r2', 2026, 11, 21),"
                + " ('d', 'k9', TIMESTAMP'2026-11-21 11:00:00', 'h-d', 'f2', 'r2', 2026, 11, 21)"
                + " AS t(id, k, ts, _record_hash, _raw_file, _run_id, year, month, day)")
        .selectExpr(
            "id",
            "k",
            "ts",
            "ts AS _event_time",
            "_record_hash",
            "_raw_file",
            "_run_id",
            "year",
            "month",
            "day");
  }

  @Test
  void everyLeftRowIsKeptOnceAndFlaggedWhenItFoundNoRightRow() {
    Dataset<Row> labels =
        spark.sql(
            "SELECT * FROM VALUES ('k1', 'one'), ('k2', 'two'), ('k3', 'three') AS t(k, label)");

    Dataset<Row> joined = CuratedJoins.join(LABELLED, events(), labels);

    assertThat(joined.columns())
        .containsExactly(
            "id",
            "k",
            "ts",
            "_event_time",
            "_record_hash",
            "_raw_file",
            "_run_id",
            "k_label",
            "_matched",
            "year",
            "month",
            "day");
    assertThat(
            joined
                .orderBy("id")
                .selectExpr("concat_ws(' ', id, coalesce(k_label, '-'), _matched, day)")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("a one true 20", "b two true 20", "c - false 21", "d - false 21");
  }

  @Test
  void aJoinStatisticsRowCountsTheUnmatchedRowsOfItsDay() {
    assertThat(
            spark
                .createDataFrame(
                    List.of(
                        CuratedJoins.statistics(
                            "labelled", new DayKey(2026, 11, 20), 5, 3, "run-7")),
                    CuratedJoins.STATISTICS_SCHEMA)
                .selectExpr(
                    "concat_ws(' ', dataset, year, month, day, records, matched, unmatched,"
                        + " run_id)")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("labelled 2026 11 20 5 3 2 run-7");
  }

  @Test
  void latestPerKeyKeepsTheMostRecentRowOfEachKey() {
    Dataset<Row> customers =
        spark.sql(
            "SELECT * FROM VALUES"
                + " ('k1', 'old', TIMESTAMP'2026-11-01 00:00:00', TIMESTAMP'2026-11-02 00:00:00',"
                + " 'h1'),"
                + " ('k1', 'new', TIMESTAMP'2026-11-05 00:00:00', TIMESTAMP'2026-11-02 00:00:00',"
                + " 'h2'),"
                + " ('k2', 'only', TIMESTAMP'2026-11-01 00:00:00', TIMESTAMP'2026-11-02 00:00:00',"
                + " 'h3'),"
                + " (NULL, 'no key', TIMESTAMP'2026-11-09 00:00:00', TIMESTAMP'2026-11-09"
                + " 00:00:00', 'h4')"
                + " AS t(k, label, _event_time, _processed_at, _record_hash)");

    List<String> latest =
        CuratedJoins.latestPerKey(customers, List.of("k"))
            .orderBy("k")
            .selectExpr("concat_ws(' ', k, label)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();

    assertThat(latest).containsExactly("k1 new", "k2 only");
  }
}
