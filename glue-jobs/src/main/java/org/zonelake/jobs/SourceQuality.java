package org.zonelake.jobs;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.write.TableFormat;
import org.zonelake.quality.DataQuality;
import org.zonelake.quality.MetricHistory;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.QualityPlan;
import org.zonelake.quality.QualityRepository;
import org.zonelake.quality.Ruleset;

/**
 * The quality rules of one source in a run: compiled once, decided per batch (with the metrics
 * history for dynamic rules and the processed tables of other sources as reference datasets), and
 * recorded in the quality repository.
 */
final class SourceQuality implements RawToProcessedBatch.BatchQuality {

  private final SparkSession spark;
  private final DatasetContract contract;
  private final QualityPlan plan;
  private final ZonePaths zones;
  private final TableFormat format;
  private final QualityRepository repository;
  private final String runId;

  /**
   * The quality of {@code contract}'s batches in run {@code runId} from {@code now}, with the
   * quality repository and the reference tables of {@code zones} in {@code format}.
   */
  SourceQuality(
      SparkSession spark,
      DatasetContract contract,
      Ruleset ruleset,
      ZonePaths zones,
      TableFormat format,
      String runId,
      Instant now) {
    this.spark = spark;
    this.contract = contract;
    this.zones = zones;
    this.format = format;
    this.repository =
        new QualityRepository(spark, zones.qualityResults(), zones.qualityMetrics(), format);
    this.runId = runId;
    this.plan = runPlan(contract, ruleset, now);
  }

  /**
   * The source's compiled rules as a run starting at {@code now} evaluates them, with the standard
   * metrics of its columns and measures. The replay of quarantined rows evaluates them the same
   * way.
   */
  static QualityPlan runPlan(DatasetContract contract, Ruleset ruleset, Instant now) {
    return QualityPlan.of(
        ruleset,
        now,
        DataQuality.standardMetrics(
            Arrays.stream(contract.schema().fields()).map(StructField::name).toList(),
            contract.measures()));
  }

  @Override
  public QualityPlan plan() {
    return plan;
  }

  @Override
  public QualityOutcome decide(Row aggregates, Dataset<Row> checkedRows, long batch) {
    MetricHistory history =
        plan.needsHistory() ? repository.history(contract.source(), batch) : MetricHistory.NONE;
    return plan.decide(aggregates, checkedRows, references(), history);
  }

  @Override
  public void record(QualityOutcome outcome, long batch, boolean retry, boolean committed) {
    repository.record(contract.source(), runId, batch, Instant.now(), outcome, retry, committed);
  }

  /**
   * The processed tables of the sources the ruleset's ReferentialIntegrity rules name, those that
   * exist, by source.
   */
  private Map<String, Dataset<Row>> references() {
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : plan.referenceNames()) {
      String path = zones.processedTable(name);
      if (format.exists(spark, path)) {
        references.put(name, format.read(spark, path));
      }
    }
    return references;
  }
}
