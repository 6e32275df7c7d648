package org.zonelake.quality;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The quality history of a lake: the result of every rule on every batch, and the batch metrics
 * (the metrics repository dynamic rules compare with). Two append-only tables, Delta or Parquet
 * like the processed tables, one row per rule (or metric) and batch.
 *
 * <p>Results of a batch that a {@code fail} rule stopped are kept too, marked {@code committed =
 * false}; their metrics are not part of the history later batches are compared with.
 */
public final class QualityRepository {

  /** The schema of the rule results table. */
  public static final StructType RESULTS_SCHEMA =
      StructType.fromDDL(
          "source STRING, run_id STRING, batch_id BIGINT, evaluated_at TIMESTAMP, committed"
              + " BOOLEAN, rule STRING, action STRING, file STRING, line INT, row_level BOOLEAN,"
              + " passed BOOLEAN, observed STRING, threshold STRING, rows BIGINT, failing_rows"
              + " BIGINT, message STRING");

  /** The schema of the metrics table. */
  public static final StructType METRICS_SCHEMA =
      StructType.fromDDL(
          "source STRING, run_id STRING, batch_id BIGINT, evaluated_at TIMESTAMP, committed"
              + " BOOLEAN, metric STRING, value DOUBLE");

  private final SparkSession spark;
  private final String resultsPath;
  private final String metricsPath;
  private final String format;

  /**
   * @param spark the session
   * @param resultsPath where the rule results table is (created on first write)
   * @param metricsPath where the metrics table is (created on first write)
   * @param delta true for Delta tables, false for plain Parquet
   */
  public QualityRepository(
      SparkSession spark, String resultsPath, String metricsPath, boolean delta) {
    this.spark = spark;
    this.resultsPath = resultsPath;
    this.metricsPath = metricsPath;
    this.format = delta ? "delta" : "parquet";
  }

  /**
   * The metrics of the source's committed batches, oldest first; one Spark job, none when the table
   * does not exist yet.
   */
  public MetricHistory history(String source) {
    if (!exists(metricsPath)) {
      return MetricHistory.NONE;
    }
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (Row r :
        spark
            .read()
            .format(format)
            .load(metricsPath)
            .where(col("source").equalTo(source).and(col("committed")))
            .orderBy("evaluated_at", "batch_id")
            .select("metric", "value")
            .collectAsList()) {
      values.computeIfAbsent(r.getString(0), m -> new ArrayList<>()).add(r.getDouble(1));
    }
    return metric -> values.getOrDefault(metric, List.of());
  }

  /**
   * Appends a batch's rule results and metrics.
   *
   * @param committed false when a fail rule stopped the batch
   */
  public void record(
      String source,
      String runId,
      long batchId,
      Instant evaluatedAt,
      QualityOutcome outcome,
      boolean committed) {
    Timestamp at = Timestamp.from(evaluatedAt);
    List<Row> results = new ArrayList<>();
    for (RuleResult r : outcome.batchResults()) {
      results.add(
          RowFactory.create(
              source,
              runId,
              batchId,
              at,
              committed,
              r.text(),
              r.action().fileLabel(),
              r.rule().file(),
              r.rule().line(),
              r.failingRows().isPresent(),
              r.passed(),
              r.observed(),
              r.threshold(),
              outcome.rowCount(),
              r.failingRows().isPresent() ? r.failingRows().getAsLong() : null,
              r.message()));
    }
    List<Row> metrics = new ArrayList<>();
    outcome
        .metrics()
        .forEach(
            (name, value) ->
                metrics.add(RowFactory.create(source, runId, batchId, at, committed, name, value)));
    append(results, RESULTS_SCHEMA, resultsPath);
    append(metrics, METRICS_SCHEMA, metricsPath);
  }

  private void append(List<Row> rows, StructType schema, String path) {
    if (rows.isEmpty()) {
      return;
    }
    Dataset<Row> data = spark.createDataFrame(rows, schema).coalesce(1);
    data.write().format(format).mode(SaveMode.Append).save(path);
  }

  private boolean exists(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot reach " + path, e);
    }
  }
}
