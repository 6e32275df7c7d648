package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.batch.BatchStatistics;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.spark.DeltaRewrite;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.StagedRows;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.LakeColumns;

/**
 * Commits a logged replay from its stored rows: processed (the rows that now pass), the batch
 * statistics (so curated recomputes the days it touched), then quarantine (the replay's marks on
 * the rows it changed), each once, with the replay's number as idempotent-write version, so a
 * replay stopped between those commits is completed by the next one.
 */
record ReplayCommit(
    SparkSession spark,
    ReplayQuarantineConfig config,
    DatasetContract contract,
    ReplayLog log,
    ReplayGate gate,
    Instant startedAt) {

  /**
   * What completing a logged replay did.
   *
   * @param summary the replayed rows by outcome
   * @param processedVersion the processed version this completion committed (empty: none)
   * @param quarantineVersion the quarantine version this completion committed (empty: none)
   * @param warnings the quality warnings on the replayed rows
   * @param inputs the quarantine files the replay rewrote, for the ledger
   */
  record Completed(
      ReplayResult.Summary summary,
      OptionalLong processedVersion,
      OptionalLong quarantineVersion,
      List<String> warnings,
      InputFiles inputs) {

    /** What a replay says of completing {@code entry}, an earlier replay that had stopped. */
    String note(ReplayLog.Entry entry) {
      return "completed replay "
          + entry.number()
          + " of run "
          + entry.runId()
          + " ("
          + entry.selection().describe()
          + "), which had stopped before it committed everything: "
          + summary.total().written()
          + " row(s) written, "
          + summary.total().duplicates()
          + " duplicate(s).";
    }
  }

  /** Commits processed, statistics and quarantine for the logged replay, each unless it did. */
  Completed complete(ReplayLog.Entry entry) {
    String source = contract.source();
    long number = entry.number();
    Dataset<Row> rows = StagedRows.read(spark, log.rows(number));
    ReplayResult.Summary summary = ReplayEvaluation.summarize(rows);
    List<String> warnings = gate.check(rows);
    List<Row> perDay = candidatesPerDay(rows, entry);
    OptionalLong processedVersion = OptionalLong.empty();
    if (summary.total().written() > 0) {
      processedVersion = OptionalLong.of(commitProcessed(rows, entry, perDay.size()));
    }
    StepHooks.reached("replay-processed-committed", source);
    if (!perDay.isEmpty()) {
      commitStatistics(perDay, number);
    }
    StepHooks.reached("replay-statistics-committed", source);
    OptionalLong quarantineVersion = OptionalLong.empty();
    DeltaRewrite rewrite =
        DeltaRewrite.start(
            spark,
            config.quarantineTable(),
            SourceTables.appId("replay-quarantine", source),
            number);
    if (!rewrite.alreadyCommitted()) {
      long holding = processedVersion.orElse(entry.processedVersion());
      rewrite.write(
          marked(rewrite.rowsOf(entry.quarantineFiles()), rows, holding)
              .coalesce(Math.max(1, entry.quarantineFiles().size())));
      quarantineVersion = OptionalLong.of(rewrite.commit());
    }
    StepHooks.reached("replay-quarantine-committed", source);
    log.commit(number);
    InputFiles inputs =
        InputFiles.stored(entry.quarantineFiles().size(), 0, log.location(entry.number()));
    return new Completed(summary, processedVersion, quarantineVersion, warnings, inputs);
  }

  /** Appends the rows that now pass to processed, or finds the version that already did. */
  private long commitProcessed(Dataset<Row> rows, ReplayLog.Entry entry, int days) {
    String source = contract.source();
    String appId = SourceTables.appId("replay-processed", source);
    TableFormat.Append processed =
        TableFormat.DELTA.append(
            spark, config.processedTable(), LakeColumns.PARTITION_COLUMNS, appId, entry.number());
    if (processed.alreadyCommitted()) {
      return DeltaRewrite.committedVersion(
          spark, config.processedTable(), appId, entry.number(), entry.processedVersion());
    }
    Dataset<Row> written =
        rows.where(col(ReplayEvaluation.OUTCOME).equalTo(ReplayColumns.WRITTEN))
            .transform(Envelope.withRunColumns(source, config.runId(), startedAt)::apply)
            .transform(Envelope.validRows(contract)::apply);
    processed.write(
        written.repartition(
            Math.max(1, days),
            col(LakeColumns.YEAR),
            col(LakeColumns.MONTH),
            col(LakeColumns.DAY)));
    return processed.commit().getAsLong();
  }

  /** Appends the batch statistics rows of the replay, unless it did. */
  private void commitStatistics(List<Row> perDay, long number) {
    TableFormat.DELTA.createIfMissing(
        spark, config.statistics(), BatchStatistics.SCHEMA, List.of());
    TableFormat.Append statistics =
        TableFormat.DELTA.append(
            spark,
            config.statistics(),
            List.of(),
            SourceTables.appId("replay-statistics", contract.source()),
            number);
    if (!statistics.alreadyCommitted()) {
      statistics.write(spark.createDataFrame(perDay, BatchStatistics.SCHEMA).coalesce(1));
      statistics.commit();
    }
  }

  /** Batch statistics rows: the rows that now pass, per event day. */
  private List<Row> candidatesPerDay(Dataset<Row> rows, ReplayLog.Entry entry) {
    List<Row> perDay = new ArrayList<>();
    for (Row d :
        rows.where(col(ReplayEvaluation.OUTCOME).notEqual(ReplayColumns.FAILED))
            .groupBy(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY)
            .agg(count(lit(1)))
            .orderBy(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY)
            .collectAsList()) {
      perDay.add(
          RowFactory.create(
              d.getInt(0), d.getInt(1), d.getInt(2), d.getLong(3), config.runId(), entry.number()));
    }
    return perDay;
  }

  /** The quarantine files' rows with the replay's marks on the rows it changed. */
  private Dataset<Row> marked(Dataset<Row> current, Dataset<Row> rows, long holdingVersion) {
    String m = "_m";
    Dataset<Row> marks =
        rows.where(col(ReplayEvaluation.CHANGED))
            .select(
                col(DeltaRewrite.FILE).as(m + DeltaRewrite.FILE),
                col(DeltaRewrite.ROW).as(m + DeltaRewrite.ROW),
                col(ReplayEvaluation.OUTCOME).as(m + "outcome"),
                col(LakeColumns.REASONS).as(m + "reasons"),
                col(LakeColumns.REASON_CODES).as(m + "codes"));
    Dataset<Row> joined =
        current.join(
            marks,
            col(DeltaRewrite.FILE)
                .equalTo(col(m + DeltaRewrite.FILE))
                .and(col(DeltaRewrite.ROW).equalTo(col(m + DeltaRewrite.ROW))),
            "left");
    Column matched = col(m + "outcome").isNotNull();
    Column recovered = matched.and(col(m + "outcome").notEqual(ReplayColumns.FAILED));
    Column empty = array().cast("array<string>");
    Map<String, Column> replay = new LinkedHashMap<>();
    replay.put(
        LakeColumns.REPLAYED_AT,
        when(recovered, lit(Timestamp.from(startedAt))).otherwise(col(LakeColumns.REPLAYED_AT)));
    replay.put(
        LakeColumns.REPLAY_RUN_ID,
        when(matched, lit(config.runId())).otherwise(col(LakeColumns.REPLAY_RUN_ID)));
    replay.put(
        LakeColumns.REPLAY_OUTCOME,
        when(matched, col(m + "outcome")).otherwise(col(LakeColumns.REPLAY_OUTCOME)));
    replay.put(
        LakeColumns.REPLAY_PROCESSED_VERSION,
        when(recovered, lit(holdingVersion)).otherwise(col(LakeColumns.REPLAY_PROCESSED_VERSION)));
    replay.put(
        LakeColumns.REPLAY_REASONS,
        when(recovered, empty)
            .when(matched, col(m + "reasons"))
            .otherwise(col(LakeColumns.REPLAY_REASONS)));
    replay.put(
        LakeColumns.REPLAY_REASON_CODES,
        when(recovered, empty)
            .when(matched, col(m + "codes"))
            .otherwise(col(LakeColumns.REPLAY_REASON_CODES)));
    StructType schema = current.drop(DeltaRewrite.FILE, DeltaRewrite.ROW).schema();
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value = replay.getOrDefault(field.name(), col(field.name()));
      columns.add(value.cast(field.dataType()).as(field.name()));
    }
    return joined.select(columns.toArray(Column[]::new));
  }
}
