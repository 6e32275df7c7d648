package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.RawParsing;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.core.transform.RecordValidation;
import org.zonelake.core.write.PartitionValue;
import org.zonelake.core.write.ProcessedWriter;
import org.zonelake.quality.DataQuality;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.RuleResult;

/**
 * One micro-batch of raw to processed for one source: parse, check, hash, split, write quarantine,
 * de-duplicate and insert the new valid rows. The raw batch is parsed once and cached; the counts,
 * the quarantine write and the merge read the cache.
 */
final class RawToProcessedBatch {

  /** Batch statistics column: valid rows of an event day in a batch. */
  static final String VALID_ROWS = "valid_rows";

  /** Batch statistics column: the micro-batch id. */
  static final String BATCH_ID = "batch_id";

  private static final String JOB_DESCRIPTION = "spark.job.description";

  private static final String VALID = "_valid";

  /** The batch statistics rows: valid rows per event day of one batch. */
  private static final StructType VALID_PER_DAY_SCHEMA =
      new StructType()
          .add(LakeColumns.YEAR, DataTypes.IntegerType)
          .add(LakeColumns.MONTH, DataTypes.IntegerType)
          .add(LakeColumns.DAY, DataTypes.IntegerType)
          .add(VALID_ROWS, DataTypes.LongType, false)
          .add(LakeColumns.RUN_ID, DataTypes.StringType, false)
          .add(BATCH_ID, DataTypes.LongType, false);

  private final DatasetContract contract;
  private final String runId;
  private final Instant startedAt;
  private final ProcessedWriter writer;
  private final BatchSink quarantine;
  private final BatchSink statistics;
  private final BatchQuality quality;

  /** Where a batch's quarantine rows (or its per-day statistics) go. */
  interface BatchSink {
    void append(Dataset<Row> rows, long batchId);
  }

  /** The quality rules of the source: evaluated on a batch's valid rows, results recorded. */
  interface BatchQuality {
    /** Evaluates the rules on the valid rows (one Spark action). */
    QualityOutcome evaluate(Dataset<Row> validRows);

    /** Records the outcome; {@code committed} is false when a fail rule stopped the batch. */
    void record(QualityOutcome outcome, long batchId, boolean committed);
  }

  RawToProcessedBatch(
      DatasetContract contract,
      String runId,
      Instant startedAt,
      ProcessedWriter writer,
      BatchSink quarantine,
      BatchSink statistics,
      BatchQuality quality) {
    this.contract = contract;
    this.runId = runId;
    this.startedAt = startedAt;
    this.writer = writer;
    this.quarantine = quarantine;
    this.statistics = statistics;
    this.quality = quality;
  }

  /** Parses, checks and envelopes raw reader rows, before the split into valid and quarantine. */
  static Dataset<Row> classify(
      Dataset<Row> raw, DatasetContract contract, String runId, Instant startedAt) {
    return raw.transform(RawParsing.forContract(contract)::apply)
        .transform(RecordValidation.forContract(contract)::apply)
        .transform(Envelope.withRecordHash(contract)::apply)
        .transform(Envelope.withPartitionColumns()::apply)
        .transform(Envelope.withRunColumns(contract.source(), runId, startedAt)::apply);
  }

  /**
   * What one micro-batch did.
   *
   * @param counts what happened to its records
   * @param qualityScoreSum the sum of the quality scores of all records read
   * @param files the raw files it read
   * @param warnings the rules with action warn the batch did not pass
   */
  record Result(
      BatchCounts counts, double qualityScoreSum, List<String> files, List<RuleResult> warnings) {}

  /** Processes one micro-batch and returns what happened to its records. */
  Result process(Dataset<Row> raw, long batchId) {
    SparkContext context = raw.sparkSession().sparkContext();
    String description = context.getLocalProperty(JOB_DESCRIPTION);
    try {
      return process(raw, batchId, step -> describe(context, batchId, step));
    } finally {
      context.setLocalProperty(JOB_DESCRIPTION, description);
    }
  }

  /**
   * Names the Spark jobs of each step ({@code <source> batch <id>: <step>}), so the Spark UI, the
   * event log and listeners tell where a batch spends its time.
   */
  private void describe(SparkContext context, long batchId, String step) {
    context.setLocalProperty(
        JOB_DESCRIPTION, contract.source() + " batch " + batchId + ": " + step);
  }

  private Result process(Dataset<Row> raw, long batchId, Consumer<String> step) {
    step.accept("parse, check and evaluate quality rules");
    Dataset<Row> classified =
        classify(raw, contract, runId, startedAt).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Quality rules first: a fail outcome stops the batch before anything is written.
      QualityOutcome outcome =
          quality.evaluate(classified.where(size(col(LakeColumns.REASONS)).equalTo(0)));
      if (!outcome.failures().isEmpty()) {
        quality.record(outcome, batchId, false);
        outcome.requirePassed(contract.source());
      }
      Dataset<Row> checked =
          outcome
              .rows()
              .transform(DataQuality.intoEnvelope(RecordValidation.checkCount(contract))::apply)
              .unionByName(classified.where(size(col(LakeColumns.REASONS)).gt(0)));
      step.accept("count");
      // One pass over the batch for every count: per validity and event day, the records, the
      // reasons, the files and the quality scores; the valid groups are the partitions the
      // MERGE touches and (kept per batch) what the curated job needs to count duplicates.
      List<Row> groups =
          checked
              .groupBy(
                  size(col(LakeColumns.REASONS)).equalTo(0).as(VALID),
                  col(LakeColumns.YEAR),
                  col(LakeColumns.MONTH),
                  col(LakeColumns.DAY))
              .agg(statistics()[0], tail(statistics()))
              .collectAsList();
      long lines = 0;
      long quarantined = 0;
      long malformed = 0;
      double qualitySum = 0;
      Map<String, Long> reasons = new LinkedHashMap<>();
      Set<String> files = new LinkedHashSet<>();
      List<PartitionValue> partitions = new ArrayList<>();
      List<Row> validDays = new ArrayList<>();
      for (Row g : groups) {
        long n = g.getLong(4);
        lines += n;
        if (g.getBoolean(0)) {
          partitions.add(new PartitionValue(g.getInt(1), g.getInt(2), g.getInt(3)));
          validDays.add(RowFactory.create(g.get(1), g.get(2), g.get(3), n, runId, batchId));
        } else {
          quarantined += n;
        }
        for (int i = 0; i < ReasonCodes.ALL.size(); i++) {
          long r = g.getLong(5 + i);
          if (r > 0) {
            reasons.merge(ReasonCodes.ALL.get(i), r, Long::sum);
          }
        }
        int next = 5 + ReasonCodes.ALL.size();
        malformed += g.getLong(next);
        files.addAll(g.<String>getList(next + 1));
        qualitySum += g.isNullAt(next + 2) ? 0 : g.getDouble(next + 2);
      }
      long valid = lines - quarantined;
      Dataset<Row> validPerDay =
          classified.sparkSession().createDataFrame(validDays, VALID_PER_DAY_SCHEMA);

      step.accept("append quarantine");
      if (quarantined > 0) {
        quarantine.append(checked.transform(Envelope.quarantineRows()::apply), batchId);
      }
      Dataset<Row> fresh =
          checked
              .transform(Envelope.validRows(contract)::apply)
              .transform(Envelope.dropDuplicateRecords(contract)::apply);
      step.accept("de-duplicate and merge");
      long written =
          writer.insertNew(
              fresh, Envelope.dedupeColumns(contract), contract.dedupesOnRecordHash(), partitions);
      step.accept("append batch statistics");
      if (!partitions.isEmpty()) {
        statistics.append(validPerDay, batchId);
      }
      quality.record(outcome, batchId, true);
      BatchCounts counts =
          new BatchCounts(
              files.size(),
              lines,
              malformed,
              quarantined - malformed,
              valid - written,
              written,
              reasons);
      return new Result(counts, qualitySum, List.copyOf(files), outcome.warnings());
    } finally {
      classified.unpersist();
    }
  }

  private static Column[] statistics() {
    List<Column> columns = new ArrayList<>();
    columns.add(count(lit(1)));
    for (String code : ReasonCodes.ALL) {
      columns.add(sum(when(array_contains(col(LakeColumns.REASON_CODES), code), 1).otherwise(0)));
    }
    columns.add(
        sum(
            when(array_contains(col(LakeColumns.REASON_CODES), ReasonCodes.MALFORMED), 1)
                .otherwise(0)));
    columns.add(collect_set(col(LakeColumns.RAW_FILE)));
    columns.add(sum(col(LakeColumns.QUALITY_SCORE)));
    return columns.toArray(Column[]::new);
  }

  private static Column[] tail(Column[] columns) {
    Column[] rest = new Column[columns.length - 1];
    System.arraycopy(columns, 1, rest, 0, rest.length);
    return rest;
  }
}
