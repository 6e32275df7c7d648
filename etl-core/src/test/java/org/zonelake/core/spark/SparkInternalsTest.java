package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class SparkInternalsTest {

  private final SparkSession spark = TestSpark.session();

  /**
   * With adaptive execution, asking for a query's RDD runs its shuffle stages at once, on the
   * calling thread: those tasks must see the session's settings as an action's tasks do. A value
   * that only Spark 2's date parser accepts ("2026-11-2" for yyyy-MM-dd) is null under the
   * CORRECTED parser policy and an error under Spark's default policy.
   */
  @Test
  void theShuffleStagesAQueryRunsForItsRddSeeTheSessionsSettings() throws Exception {
    List<Row> rows =
        TestSpark.withSettings(
            // The shared session has the CORRECTED parser policy (as the jobs set it).
            Map.of("spark.sql.adaptive.enabled", "true"),
            () -> {
              // Parsed in the map stage of a shuffle, as the jobs parse raw records.
              Dataset<Row> parsed =
                  spark
                      .range(2)
                      .select(
                          when(col("id").equalTo(0), lit("2026-11-2 10:00:00"))
                              .otherwise(lit("2026-11-02 10:00:00"))
                              .as("value"))
                      .select(
                          col("value"),
                          call_function(
                                  "try_to_timestamp", col("value"), lit("yyyy-MM-dd HH:mm:ss"))
                              .cast("string")
                              .as("ts"))
                      .repartition(2, col("value"));
              RDD<InternalRow> rdd = SparkInternals.toRdd(parsed);
              return SparkInternals.fromRdd(spark, rdd, parsed.schema())
                  .orderBy("value")
                  .collectAsList();
            });

    assertThat(rows.toString())
        .isEqualTo("[[2026-11-02 10:00:00,2026-11-02 10:00:00], [2026-11-2 10:00:00,null]]");
  }
}
