package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.metrics.ReasonCounts;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.spark.DeltaRewrite;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.LakeColumns;
import org.zonelake.quality.QualityPlan;

/**
 * Re-evaluates quarantine rows of one source with its contract and rules as they are now, exactly
 * as raw to processed evaluates raw records ({@link RawToProcessedBatch#classify}: parse, checks,
 * row-level rules, hash, key, partition), then de-duplicates the rows that now pass as raw to
 * processed does: against the processed table's keys in the event days they touch, and among
 * themselves (the first row of a key, in quarantine order, is written; the others are duplicates).
 *
 * <p>Every row gets an {@link #OUTCOME}: {@link ReplayColumns#WRITTEN}, {@link
 * ReplayColumns#DUPLICATE} or {@link ReplayColumns#FAILED}; and {@link #CHANGED}, true when its
 * quarantine row must be rewritten (recovered, or failing for reasons other than those a replay
 * recorded before). Nothing is read until the caller runs a job on the result.
 */
record ReplayEvaluation(SparkSession spark, DatasetContract contract, QualityPlan plan) {

  /** The row's outcome. */
  static final String OUTCOME = "_outcome";

  /** True when the row's quarantine row changes. */
  static final String CHANGED = "_changed";

  /** The reasons the row was quarantined for (its {@code _reasons} in quarantine). */
  static final String OLD_REASONS = "_old_reasons";

  /** The reasons' keys: the check name, or {@code quality_rule: <rule>} for a quality rule. */
  static final String OLD_KEYS = "_old_reason_keys";

  private static final String STORED = "_stored_replay_reasons";
  private static final String IN_TABLE = "_in_table";
  private static final String FIRST = "_first_of_key";

  /** The quality rules the rows of a quarantine table failed, by their text, sorted. */
  static List<String> failedRules(SparkSession spark, String quarantineTable) {
    String prefix = ReasonCodes.QUALITY_RULE_PREFIX;
    return TableFormat.DELTA
        .read(spark, quarantineTable)
        .select(explode(col(LakeColumns.REASONS)).as("reason"))
        .where(col("reason").startsWith(prefix))
        .select(substring(col("reason"), prefix.length() + 1, Integer.MAX_VALUE).as("rule"))
        .distinct()
        .orderBy("rule")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** The runs that quarantined rows of a quarantine table, sorted. */
  static List<String> quarantiningRuns(SparkSession spark, String quarantineTable) {
    return TableFormat.DELTA
        .read(spark, quarantineTable)
        .select(col(LakeColumns.RUN_ID))
        .distinct()
        .orderBy(LakeColumns.RUN_ID)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /**
   * The selected open rows of a quarantine table version, with their position and quarantine day;
   * the replay columns of a table of an earlier version read as null.
   */
  static Dataset<Row> selected(
      SparkSession spark, String quarantinePath, long version, ReplaySelection selection) {
    Dataset<Row> stored = DeltaRewrite.rowsWithPositions(spark, quarantinePath, version);
    Dataset<Row> rows = AddedColumns.nulls(ReplayColumns.missingFrom(stored.schema())).to(stored);
    return CuratedAggregates.withQuarantineDay(rows).where(selection.predicate());
  }

  /**
   * Evaluates the selected rows.
   *
   * @param selected rows of {@link #selected}
   * @param processed the processed table's rows to compare with (empty: there is no table)
   */
  Dataset<Row> evaluate(Dataset<Row> selected, Optional<Dataset<Row>> processed) {
    Dataset<Row> checked =
        ReplayInput.restorePositions(
            RawToProcessedBatch.classify(
                ReplayInput.readerRows(contract, selected), contract, plan));
    // The checks are planned here, once: each query below would otherwise optimise their large
    // projection again, and push its filters into it (as many seconds as the rows take on a
    // small lake).
    Dataset<Row> classified = SparkInternals.planned(checked);
    Dataset<Row> old =
        selected.select(
            col(DeltaRewrite.FILE),
            col(DeltaRewrite.ROW),
            col(LakeColumns.REASONS).as(OLD_REASONS),
            array_distinct(transform(col(LakeColumns.REASONS), ReasonCodes::reasonKey))
                .as(OLD_KEYS),
            col(LakeColumns.REPLAY_REASONS).as(STORED));
    Dataset<Row> rows =
        classified.join(old, new String[] {DeltaRewrite.FILE, DeltaRewrite.ROW}, "inner");
    Column passes = size(col(LakeColumns.REASONS)).equalTo(0);
    if (processed.isPresent()) {
      List<DayKey> days = DayKey.distinctIn(rows.where(passes));
      if (!days.isEmpty()) {
        Dataset<Row> keys =
            processed
                .get()
                .where(DayKey.predicate(days))
                .transform(Envelope.storedDedupeKey(contract)::apply)
                .select(col(Envelope.KEY_HI), col(Envelope.KEY_LO))
                .distinct()
                .withColumn(IN_TABLE, lit(true));
        rows = rows.join(keys, new String[] {Envelope.KEY_HI, Envelope.KEY_LO}, "left");
      }
    }
    if (!List.of(rows.columns()).contains(IN_TABLE)) {
      rows = rows.withColumn(IN_TABLE, lit(false));
    }
    rows =
        rows.withColumn(
            FIRST,
            row_number()
                .over(
                    Window.partitionBy(passes, col(Envelope.KEY_HI), col(Envelope.KEY_LO))
                        .orderBy(col(DeltaRewrite.FILE), col(DeltaRewrite.ROW))));
    Column outcome =
        when(not(passes), lit(ReplayColumns.FAILED))
            .when(coalesce(col(IN_TABLE), lit(false)), lit(ReplayColumns.DUPLICATE))
            .when(col(FIRST).gt(1), lit(ReplayColumns.DUPLICATE))
            .otherwise(lit(ReplayColumns.WRITTEN));
    Column changed =
        col(OUTCOME)
            .notEqual(lit(ReplayColumns.FAILED))
            .or(not(col(LakeColumns.REASONS).eqNullSafe(col(STORED))));
    // CHANGED reads OUTCOME: two steps.
    return rows.withColumn(OUTCOME, outcome)
        .withColumn(CHANGED, changed)
        .drop(IN_TABLE, FIRST, STORED);
  }

  /**
   * What a replay of evaluated rows does, per reason the rows were quarantined for (a row with two
   * reasons counts under both) and in total, plus the ledger's counts: one aggregation job.
   */
  static ReplayResult.Summary summarize(Dataset<Row> evaluated) {
    Column written = when(col(OUTCOME).equalTo(ReplayColumns.WRITTEN), 1L).otherwise(0L);
    Column duplicate = when(col(OUTCOME).equalTo(ReplayColumns.DUPLICATE), 1L).otherwise(0L);
    Column failed = when(col(OUTCOME).equalTo(ReplayColumns.FAILED), 1L).otherwise(0L);
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(written).as("written"));
    aggregates.add(sum(duplicate).as("duplicates"));
    aggregates.add(sum(failed).as("failed"));
    aggregates.add(sum(when(col(CHANGED), 1L).otherwise(0L)).as("changed"));
    aggregates.addAll(QualityScores.aggregates());
    aggregates.addAll(ReasonCounts.aggregates(col(OUTCOME).equalTo(ReplayColumns.FAILED)));
    // Per reason and in total from one aggregation: each row once with a null key (the total),
    // then once per reason key.
    Dataset<Row> keyed =
        evaluated.withColumn(
            "_key",
            explode(
                org.apache.spark.sql.functions.concat(
                    array(lit(null).cast("string")), col(OLD_KEYS))));
    List<Row> rows =
        keyed
            .groupBy(col("_key"))
            .agg(count(lit(1)).as("selected"), aggregates.toArray(Column[]::new))
            .collectAsList();
    Map<String, ReplayResult.Line> reasons = new TreeMap<>();
    ReplayResult.Line total = new ReplayResult.Line("total", 0, 0, 0, 0);
    long changed = 0;
    QualityScores scores = QualityScores.NONE;
    Map<String, Long> byCode = Map.of();
    for (Row r : rows) {
      ReplayResult.Line line =
          new ReplayResult.Line(
              r.isNullAt(0) ? "total" : r.getString(0),
              r.getLong(1),
              r.getLong(2),
              r.getLong(3),
              r.getLong(4));
      if (r.isNullAt(0)) {
        total = line;
        changed = r.getLong(5);
        scores = QualityScores.read(r, 6);
        byCode = ReasonCounts.read(r, 6 + QualityScores.COLUMNS);
      } else {
        reasons.put(line.reason(), line);
      }
    }
    long malformed = byCode.getOrDefault(ReasonCodes.MALFORMED, 0L);
    BatchCounts counts =
        new BatchCounts(
            0,
            total.selected(),
            malformed,
            total.failed() - malformed,
            total.duplicates(),
            total.written(),
            byCode,
            0);
    return new ReplayResult.Summary(List.copyOf(reasons.values()), total, changed, counts, scores);
  }
}
