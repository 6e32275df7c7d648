package org.zonelake.jobs;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.layout.LakeLayout;
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
  private final LakeLayout layout;
  private final TableFormat format;
  private final QualityRepository repository;
  private final String runId;

  /**
   * The quality of {@code contract}'s batches in the run {@code config} describes, from {@code
   * now}.
   */
  SourceQuality(
      SparkSession spark,
      DatasetContract contract,
      Ruleset ruleset,
      RawToProcessedConfig config,
      Instant now) {
    this.spark = spark;
    this.contract = contract;
    this.layout = config.layout();
    this.format = config.format();
    this.repository =
        new QualityRepository(spark, layout.qualityResults(), layout.qualityMetrics(), format);
    this.runId = config.runId();
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

  /** The processed tables of the sources the ruleset's ReferentialIntegrity rules name. */
  private Map<String, Dataset<Row>> references() {
    return references(spark, plan, format, layout::processedTable);
  }

  /**
   * The processed tables of the sources {@code plan}'s ReferentialIntegrity rules name, those that
   * exist, by source.
   *
   * @param table where a source's processed table is
   */
  static Map<String, Dataset<Row>> references(
      SparkSession spark, QualityPlan plan, TableFormat format, Function<String, String> table) {
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : plan.referenceNames()) {
      String path = table.apply(name);
      if (format.exists(spark, path)) {
        references.put(name, format.read(spark, path));
      }
    }
    return references;
  }
}
