package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;

/**
 * The settings the jobs give their session reach the tasks that parse raw records when Spark runs
 * with adaptive execution (its default, and Glue's): a date only Spark 2's parser accepts is
 * quarantined as a bad event time instead of failing the batch (Spark's default policy fails the
 * query when its old parser would have read a date the new one cannot). A JSON record that repeats
 * a key keeps the key's first value, as in a small run, a field the contract does not declare too.
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

  /** Lands {@code orders} as one raw file of orders and runs raw to processed on it once. */
  private List<SourceOutcome> runOn(String... orders) throws Exception {
    Path raw = temp.resolve("raw");
    SampleLake.land(raw, "orders", LocalDate.of(2026, 11, 20), "orders.jsonl", orders);
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    return SampleLake.run(spark, SampleLake.config(raw, lake(), contracts, "run-1", 10));
  }

  private Path lake() {
    return temp.resolve("lake");
  }

  /** The rows of one of the lake's orders tables, as {@code expression} writes them, sorted. */
  private List<String> rows(String table, String expression) {
    return TestRows.sorted(TestRows.delta(lake().resolve(table)), expression);
  }

  @Test
  void aDateOnlyTheOldParserAcceptsIsQuarantinedAndARepeatedJsonKeyKeepsItsFirstValue()
      throws Exception {
    List<SourceOutcome> outcomes =
        TestSpark.withSettings(
            Map.of("spark.sql.adaptive.enabled", "true"),
            () ->
                runOn(
                    order("\"order_id\":\"o-1\"", "2026-11-20T08:00:00Z"),
                    order("\"order_id\":\"o-2\"", "2026-11-2 10:00:00"),
                    order(
                        "\"order_id\":\"o-3\",\"order_id\":\"o-4\",\"coupon\":\"A\",\"coupon\":\"B\"",
                        "2026-11-20T09:00:00Z")));

    assertThat(outcomes)
        .extracting(o -> o.source() + " " + o.status() + " " + o.message())
        .containsExactly("orders SUCCEEDED Optional.empty");
    // A repeated field the contract does not declare is kept once too, with its first value.
    assertThat(
            rows(
                "processed/orders", "concat_ws(' ', order_id, nvl(to_json(_unknown_fields), '-'))"))
        .containsExactly("o-1 -", "o-3 {\"coupon\":\"A\"}");
    assertThat(rows("quarantine/orders", "to_json(_reasons)"))
        .containsExactly(
            "[\"bad_event_time: column 'order_ts' value \\\"2026-11-2 10:00:00\\\" matches none of"
                + " the formats [yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX, yyyy-MM-dd HH:mm:ss]\"]");
  }

  /**
   * A time before the Gregorian calendar began is written as it is: Spark's default refuses to
   * write it to Parquet ("ancient datetime"), which failed the whole batch, and every later run
   * that read the file again.
   */
  @Test
  void anEventTimeBeforeTheGregorianCalendarIsProcessedNotAFailedBatch() throws Exception {
    List<SourceOutcome> outcomes =
        runOn(
            order("\"order_id\":\"o-1\"", "1500-03-01T12:00:00Z"),
            order("\"order_id\":\"o-2\"", "0001-01-01T00:00:00Z"),
            order("\"order_id\":\"o-3\"", "2026-11-20T09:00:00Z"),
            order("\"order_id\":\"o-4\"", "-0001-12-31T00:00:00Z"));

    assertThat(outcomes)
        .extracting(o -> o.source() + " " + o.status() + " " + o.message())
        .containsExactly("orders SUCCEEDED Optional.empty");
    assertThat(
            rows(
                "processed/orders",
                "concat_ws(' ', order_id, date_format(order_ts, 'yyyy-MM-dd HH:mm:ss'), year,"
                    + " month, day)"))
        .containsExactly(
            "o-1 1500-03-01 12:00:00 1500 3 1",
            "o-2 0001-01-01 00:00:00 1 1 1",
            "o-3 2026-11-20 09:00:00 2026 11 20",
            "o-4 -0001-12-31 00:00:00 -1 12 31");
    // The batch statistics count each row on its own day, the year before 1 included.
    assertThat(rows("processed/_stats/orders", "concat_ws(' ', year, month, day, valid_rows)"))
        .containsExactly("-1 12 31 1", "1 1 1 1", "1500 3 1 1", "2026 11 20 1");
  }
}
