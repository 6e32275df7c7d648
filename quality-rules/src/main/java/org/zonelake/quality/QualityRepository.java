package org.zonelake.quality;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.write.TableFormat;
import org.zonelake.core.write.TableSchemas;

/**
 * The quality history of a lake: the result of every rule on every batch, and the batch metrics
 * (the metrics repository dynamic rules compare with). Two append-only tables, Delta or Parquet
 * like the processed tables, one row per rule (or metric) and batch. A rule that did not pass keeps
 * its evidence beside its result ({@link RuleEvidence}): failing rows and their share, sample
 * failing rows and the most frequent offending values; a rule resolved against the history keeps
 * that history, passed or not.
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
              + " BIGINT, message STRING, failing_share DOUBLE, samples ARRAY<STRUCT<record_hash:"
              + " STRING, raw_file: STRING, value: STRING>>, top_values ARRAY<STRUCT<value:"
              + " STRING, rows: BIGINT>>, history ARRAY<DOUBLE>");

  /** The schema of the metrics table. */
  public static final StructType METRICS_SCHEMA =
      StructType.fromDDL(
          "source STRING, run_id STRING, batch_id BIGINT, evaluated_at TIMESTAMP, committed"
              + " BOOLEAN, metric STRING, value DOUBLE");

  private final SparkSession spark;
  private final String resultsPath;
  private final String metricsPath;
  private final TableFormat format;
  private final java.util.Set<String> evolved = new java.util.HashSet<>();

  /**
   * @param spark the session
   * @param resultsPath where the rule results table is (created on first write)
   * @param metricsPath where the metrics table is (created on first write)
   * @param format the tables' format (that of the processed tables)
   */
  public QualityRepository(
      SparkSession spark, String resultsPath, String metricsPath, TableFormat format) {
    this.spark = spark;
    this.resultsPath = resultsPath;
    this.metricsPath = metricsPath;
    this.format = format;
  }

  /**
   * True for a rule result of the results table that did not pass against a threshold resolved from
   * the history (a dynamic rule or an anomaly check): an anomaly of the source's metrics. Told by
   * the threshold as resolved, which ends {@code from N run(s))}: every result carries it, also
   * those written before the table kept the history itself ({@code history}).
   */
  public static Column failedAgainstHistory() {
    return col("passed").equalTo(false).and(col("threshold").endsWith(HistoryOperands.FROM_RUNS));
  }

  /**
   * The metrics of the source's committed batches other than {@code batch} (a retried batch whose
   * metrics were recorded before it failed is not compared with itself), oldest first; one Spark
   * job, none when the table does not exist yet.
   */
  public MetricHistory history(String source, long batch) {
    if (!format.exists(spark, metricsPath)) {
      return MetricHistory.NONE;
    }
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (Row r :
        format
            .readWhere(spark, metricsPath, "source", source)
            .where(col("committed").and(col("batch_id").notEqual(batch)))
            .orderBy("evaluated_at", "batch_id")
            .select("metric", "value")
            .collectAsList()) {
      values.computeIfAbsent(r.getString(0), m -> new ArrayList<>()).add(r.getDouble(1));
    }
    return metric -> values.getOrDefault(metric, List.of());
  }

  /**
   * Appends a batch's rule results and metrics. The results of a committed batch are appended once
   * per source and batch, however often the batch is retried; those of a stopped batch (a fail rule
   * did not pass) once per attempt.
   *
   * @param retry true when an earlier attempt of the batch may have recorded it already
   * @param committed false when a fail rule stopped the batch
   */
  public void record(
      String source,
      String runId,
      long batchId,
      Instant evaluatedAt,
      QualityOutcome outcome,
      boolean retry,
      boolean committed) {
    Timestamp at = Timestamp.from(evaluatedAt);
    List<Row> results = new ArrayList<>();
    for (RuleResult r : outcome.batchResults()) {
      RuleEvidence evidence = r.evidence();
      OptionalLong failing = r.failingRows().isPresent() ? r.failingRows() : evidence.failingRows();
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
              failing.isPresent() ? failing.getAsLong() : null,
              r.message(),
              failing.isPresent() && outcome.rowCount() > 0
                  ? (double) failing.getAsLong() / outcome.rowCount()
                  : null,
              evidence.samples().stream()
                  .map(x -> RowFactory.create(x.recordHash(), x.rawFile(), x.value()))
                  .toList(),
              evidence.topValues().stream()
                  .map(x -> RowFactory.create(x.value(), x.rows()))
                  .toList(),
              evidence.history()));
    }
    List<Row> metrics = new ArrayList<>();
    outcome
        .metrics()
        .forEach(
            (name, value) ->
                metrics.add(RowFactory.create(source, runId, batchId, at, committed, name, value)));
    String kind = committed ? "committed" : "stopped-" + runId;
    append(
        results,
        RESULTS_SCHEMA,
        resultsPath,
        "zonelake-quality-results-" + kind + "-" + source,
        batchId,
        retry);
    append(
        metrics,
        METRICS_SCHEMA,
        metricsPath,
        "zonelake-quality-metrics-" + kind + "-" + source,
        batchId,
        retry);
  }

  private void append(
      List<Row> rows, StructType schema, String path, String appId, long batch, boolean retry) {
    if (rows.isEmpty()) {
      return;
    }
    format.createIfMissing(spark, path, schema, List.of());
    if (evolved.add(path)) {
      // A table an earlier version wrote gains the columns this version adds (the evidence).
      TableSchemas.addMissingColumns(spark, format, path, schema);
    }
    TableFormat.Append append = format.append(spark, path, List.of(), appId, batch);
    if (retry && append.alreadyCommitted()) {
      return;
    }
    append.write(spark.createDataFrame(rows, schema).coalesce(1));
    append.commit();
  }
}
