package org.zonelake.jobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.quality.DataQuality;
import org.zonelake.quality.MetricHistory;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.QualityRepository;
import org.zonelake.quality.Ruleset;

/**
 * The quality rules of one source in a run: evaluates a batch's valid rows against the source's
 * ruleset (with the metrics history for dynamic rules and the processed tables of other sources as
 * reference datasets) and records the results in the quality repository.
 */
final class SourceQuality implements RawToProcessedBatch.BatchQuality {

  private final SparkSession spark;
  private final DatasetContract contract;
  private final Ruleset ruleset;
  private final LakeLayout layout;
  private final boolean delta;
  private final QualityRepository repository;
  private final String runId;

  SourceQuality(
      SparkSession spark,
      DatasetContract contract,
      Ruleset ruleset,
      LakeLayout layout,
      boolean delta,
      String runId) {
    this.spark = spark;
    this.contract = contract;
    this.ruleset = ruleset;
    this.layout = layout;
    this.delta = delta;
    this.repository =
        new QualityRepository(spark, layout.qualityResults(), layout.qualityMetrics(), delta);
    this.runId = runId;
  }

  @Override
  public QualityOutcome evaluate(Dataset<Row> validRows) {
    MetricHistory history =
        ruleset.hasDynamicRules() ? repository.history(contract.source()) : MetricHistory.NONE;
    return DataQuality.evaluate(
        validRows,
        ruleset,
        references(),
        Instant.now(),
        history,
        DataQuality.standardMetrics(
            java.util.Arrays.stream(contract.schema().fields()).map(StructField::name).toList(),
            contract.measures()));
  }

  @Override
  public void record(QualityOutcome outcome, long batchId, boolean committed) {
    repository.record(contract.source(), runId, batchId, Instant.now(), outcome, committed);
  }

  /** The processed tables of the sources the ruleset's ReferentialIntegrity rules name. */
  private Map<String, Dataset<Row>> references() {
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : ruleset.referenceNames()) {
      String path = layout.processedTable(name);
      if (exists(path)) {
        references.put(name, spark.read().format(delta ? "delta" : "parquet").load(path));
      }
    }
    return references;
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
