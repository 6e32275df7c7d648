package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.LakeColumns;

/**
 * A lake written by an earlier version — each source read by a Structured Streaming file source
 * with its checkpoint, processed tables keyed by SHA-256 record hashes (64 hex digits), no
 * manifests — is carried over on its first run, in both table formats: no raw file is read twice,
 * the table's hashes become this version's, and a record that lands again is a duplicate.
 */
class EarlierVersionLakeTest {

  private static final List<String> ORDERS = List.of("orders");
  private static final String NEW_ORDER =
      "{\"order_id\":\"o-2001\",\"customer_id\":\"c-009\",\"product\":\"Kettle\",\"category\":"
          + "\"kitchen\",\"price\":45.00,\"quantity\":1,\"country\":\"NL\","
          + "\"order_ts\":\"2026-11-23T08:00:00Z\"}";
  private static final String REPEATED_ORDER =
      "{\"order_id\":\"o-1001\",\"customer_id\":\"c-001\",\"product\":\"Espresso machine\","
          + "\"category\":\"kitchen\",\"price\":249.99,\"quantity\":1,\"country\":\"DE\","
          + "\"order_ts\":\"2026-11-20T08:15:00Z\"}";

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  @Test
  void aDeltaLakeOfStreamingCheckpointsIsCarriedOverOnItsFirstRun() throws Exception {
    carriedOver(TableFormat.DELTA);
  }

  @Test
  void aParquetLakeOfStreamingCheckpointsIsCarriedOverOnItsFirstRun() throws Exception {
    carriedOver(TableFormat.PARQUET);
  }

  private void carriedOver(TableFormat format) throws Exception {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, format, "run-1", ORDERS));
    String orders = lake.resolve("processed/orders").toString();
    long rowsBefore = format.read(spark, orders).count();
    Set<String> thisVersions = hashes(format, orders);
    asAnEarlierVersionWroteIt(raw, lake, format);
    assertThat(hashLengths(format, orders)).containsExactly(64);

    Path landed = raw.resolve("orders/year=2026/month=11/day=23/orders-0004.jsonl");
    Files.createDirectories(landed.getParent());
    Files.writeString(landed, NEW_ORDER + "\n" + REPEATED_ORDER + "\n", StandardCharsets.UTF_8);
    List<String> warnings = new ArrayList<>();
    RunListener listener = SampleLake.warningsInto(warnings);
    List<SourceOutcome> first =
        new RawToProcessedPlan(
                spark, SampleLake.config(raw, lake, format, "run-2", ORDERS), listener)
            .run();

    // Only the new file is read: its repeated order is a duplicate of the carried-over table.
    assertThat(first).extracting(SourceOutcome::counts).containsExactly(counts(1, 2, 1, 1));
    assertThat(warnings)
        .containsExactly(
            "orders: processed table carried over to this version's record hashes (rewritten"
                + " once)");
    assertThat(format.read(spark, orders).count()).isEqualTo(rowsBefore + 1);
    assertThat(format.property(spark, orders, SourceTables.RECORD_HASH_PROPERTY))
        .contains(SourceTables.RECORD_HASH_SCHEME);

    // The carried-over rows have the hashes this version gave them before they were made SHA-256.
    assertThat(hashes(format, orders)).hasSize((int) rowsBefore + 1).containsAll(thisVersions);

    List<SourceOutcome> second =
        SampleLake.run(spark, SampleLake.config(raw, lake, format, "run-3", ORDERS));
    assertThat(second).extracting(SourceOutcome::counts).containsExactly(BatchCounts.empty());
    assertThat(warnings).hasSize(1);
  }

  /**
   * Makes the lake what an earlier version left: the orders table rewritten with SHA-256 record
   * hashes by a plain write (no table property, no idempotent-write identity), nothing else of the
   * lake, and a streaming checkpoint that committed every raw orders file.
   */
  private void asAnEarlierVersionWroteIt(Path raw, Path lake, TableFormat format)
      throws IOException, TimeoutException, StreamingQueryException {
    Path orders = lake.resolve("processed/orders");
    Path earlier = temp.resolve("earlier-orders");
    Dataset<Row> rows =
        format
            .read(spark, orders.toString())
            .withColumn(LakeColumns.RECORD_HASH, sha2(col(LakeColumns.RECORD_HASH), 256));
    rows.write()
        .format(format.name())
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(LakeColumns.PARTITION_COLUMNS.toArray(String[]::new))
        .save(earlier.toString());
    Utils.deleteRecursively(lake.toFile());
    Files.createDirectories(orders.getParent());
    Files.move(earlier, orders);

    LakeLayout layout = LakeLayout.under(lake.toString(), raw.toString());
    spark
        .readStream()
        .format("text")
        .load(raw.resolve("orders").toString() + "/year=*/month=*/day=*")
        .writeStream()
        .format("noop")
        .option("checkpointLocation", layout.checkpoint("orders"))
        .trigger(Trigger.AvailableNow())
        .start()
        .awaitTermination();
  }

  private List<Integer> hashLengths(TableFormat format, String table) {
    return format
        .read(spark, table)
        .selectExpr("length(" + LakeColumns.RECORD_HASH + ") AS n")
        .distinct()
        .as(org.apache.spark.sql.Encoders.INT())
        .collectAsList();
  }

  private Set<String> hashes(TableFormat format, String table) {
    return new TreeSet<>(
        format
            .read(spark, table)
            .select(LakeColumns.RECORD_HASH)
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
  }

  private static BatchCounts counts(long files, long lines, long written, long duplicates) {
    return new BatchCounts(files, lines, 0, 0, duplicates, written, Map.of(), 0);
  }
}
