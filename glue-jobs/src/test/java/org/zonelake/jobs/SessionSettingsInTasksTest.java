package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;

/**
 * The settings the jobs give their session reach the tasks that parse raw records when Spark runs
 * with adaptive execution (its default, and Glue's): a date only Spark 2's parser accepts is
 * quarantined as a bad event time instead of failing the batch (Spark's default policy fails the
 * query when its old parser would have read a date the new one cannot). A JSON record that repeats
 * a key keeps the key's first value, as in a small run.
 */
class SessionSettingsInTasksTest {

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private static String order(String idFields, String timestamp) {
    return "{"
        + idFields
        + ",\"customer_id\":\"c-1\",\"product\":\"pen\",\"category\":\"kitchen\","
        + "\"price\":2.50,\"quantity\":1,\"country\":\"DE\",\"order_ts\":\""
        + timestamp
        + "\"}";
  }

  @Test
  void aDateOnlyTheOldParserAcceptsIsQuarantinedAndARepeatedJsonKeyKeepsItsFirstValue()
      throws Exception {
    Path raw = temp.resolve("raw");
    Path day = Files.createDirectories(raw.resolve("orders/year=2026/month=11/day=20"));
    Files.writeString(
        day.resolve("orders.jsonl"),
        String.join(
            "\n",
            order("\"order_id\":\"o-1\"", "2026-11-20T08:00:00Z"),
            order("\"order_id\":\"o-2\"", "2026-11-2 10:00:00"),
            order("\"order_id\":\"o-3\",\"order_id\":\"o-4\"", "2026-11-20T09:00:00Z"),
            ""));
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    Path lake = temp.resolve("lake");

    List<SourceOutcome> outcomes =
        TestSpark.withSettings(
            Map.of("spark.sql.adaptive.enabled", "true"),
            () -> SampleLake.run(spark, SampleLake.config(raw, lake, contracts, "run-1", 10)));

    assertThat(outcomes)
        .extracting(o -> o.source() + " " + o.status() + " " + o.message())
        .containsExactly("orders SUCCEEDED Optional.empty");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("processed/orders").toString())
                .orderBy("order_id")
                .select("order_id")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("o-1", "o-3");
    List<Row> quarantined =
        spark
            .read()
            .format("delta")
            .load(lake.resolve("quarantine/orders").toString())
            .select("_reasons")
            .collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).getList(0))
        .containsExactly(
            "bad_event_time: column 'order_ts' value \"2026-11-2 10:00:00\" matches none of the"
                + " formats [yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX, yyyy-MM-dd HH:mm:ss]");
  }

  /**
   * A time before the Gregorian calendar began is written as it is: Spark's default refuses to
   * write it to Parquet ("ancient datetime"), which failed the whole batch, and every later run
   * that read the file again.
   */
  @Test
  void anEventTimeBeforeTheGregorianCalendarIsProcessedNotAFailedBatch() throws Exception {
    Path raw = temp.resolve("raw");
    Path day = Files.createDirectories(raw.resolve("orders/year=2026/month=11/day=20"));
    Files.writeString(
        day.resolve("orders.jsonl"),
        String.join(
            "\n",
            order("\"order_id\":\"o-1\"", "1500-03-01T12:00:00Z"),
            order("\"order_id\":\"o-2\"", "0001-01-01T00:00:00Z"),
            order("\"order_id\":\"o-3\"", "2026-11-20T09:00:00Z"),
            order("\"order_id\":\"o-4\"", "-0001-12-31T00:00:00Z"),
            ""));
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    Path lake = temp.resolve("lake");

    List<SourceOutcome> outcomes =
        SampleLake.run(spark, SampleLake.config(raw, lake, contracts, "run-1", 10));

    assertThat(outcomes)
        .extracting(o -> o.source() + " " + o.status() + " " + o.message())
        .containsExactly("orders SUCCEEDED Optional.empty");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("processed/orders").toString())
                .orderBy("order_id")
                .selectExpr(
                    "concat_ws(' ', order_id, date_format(order_ts, 'yyyy-MM-dd HH:mm:ss'), year,"
                        + " month, day)")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(
            "o-1 1500-03-01 12:00:00 1500 3 1",
            "o-2 0001-01-01 00:00:00 1 1 1",
            "o-3 2026-11-20 09:00:00 2026 11 20",
            "o-4 -0001-12-31 00:00:00 -1 12 31");
    // The batch statistics count each row on its own day, the year before 1 included.
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("processed/_stats/orders").toString())
                .orderBy("year", "month", "day")
                .selectExpr("concat_ws(' ', year, month, day, valid_rows)")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("-1 12 31 1", "1 1 1 1", "1500 3 1 1", "2026 11 20 1");
  }
}
