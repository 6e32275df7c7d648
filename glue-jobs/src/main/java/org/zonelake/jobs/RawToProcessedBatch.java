package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

/**
 * One micro-batch of raw to processed for one source: parse, check, hash, split, write quarantine,
 * de-duplicate and insert the new valid rows. The raw batch is parsed once and cached; the counts,
 * the quarantine write and the merge read the cache.
 */
final class RawToProcessedBatch {

  private final DatasetContract contract;
  private final String runId;
  private final Instant startedAt;
  private final ProcessedWriter writer;
  private final QuarantineSink quarantine;

  /** Where a batch's quarantine rows go. */
  interface QuarantineSink {
    void append(Dataset<Row> rows, long batchId);
  }

  RawToProcessedBatch(
      DatasetContract contract,
      String runId,
      Instant startedAt,
      ProcessedWriter writer,
      QuarantineSink quarantine) {
    this.contract = contract;
    this.runId = runId;
    this.startedAt = startedAt;
    this.writer = writer;
    this.quarantine = quarantine;
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

  /** Processes one micro-batch and returns what happened to its records. */
  BatchCounts process(Dataset<Row> raw, long batchId) {
    Dataset<Row> classified =
        classify(raw, contract, runId, startedAt).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row stats = classified.agg(statistics()[0], tail(statistics())).head();
      long lines = stats.getLong(0);
      long quarantined = stats.isNullAt(1) ? 0 : stats.getLong(1);
      long valid = lines - quarantined;
      Map<String, Long> reasons = new LinkedHashMap<>();
      for (int i = 0; i < ReasonCodes.ALL.size(); i++) {
        long n = stats.isNullAt(2 + i) ? 0 : stats.getLong(2 + i);
        if (n > 0) {
          reasons.put(ReasonCodes.ALL.get(i), n);
        }
      }
      int next = 2 + ReasonCodes.ALL.size();
      long malformed = stats.isNullAt(next) ? 0 : stats.getLong(next);
      List<PartitionValue> partitions = new ArrayList<>();
      for (Row p : stats.<Row>getList(next + 1)) {
        partitions.add(new PartitionValue(p.getInt(0), p.getInt(1), p.getInt(2)));
      }
      long files = stats.getList(next + 2).size();

      if (quarantined > 0) {
        quarantine.append(classified.transform(Envelope.quarantineRows()::apply), batchId);
      }
      Dataset<Row> fresh =
          classified
              .transform(Envelope.validRows(contract)::apply)
              .transform(Envelope.dropDuplicateRecords(contract)::apply);
      long written =
          writer.insertNew(
              fresh, Envelope.dedupeColumns(contract), contract.dedupesOnRecordHash(), partitions);
      return new BatchCounts(
          files, lines, malformed, quarantined - malformed, valid - written, written, reasons);
    } finally {
      classified.unpersist();
    }
  }

  private static Column[] statistics() {
    Column reasonCount = size(col(LakeColumns.REASONS));
    List<Column> columns = new ArrayList<>();
    columns.add(count(lit(1)));
    columns.add(sum(when(reasonCount.gt(0), 1).otherwise(0)));
    for (String code : ReasonCodes.ALL) {
      columns.add(sum(when(array_contains(col(LakeColumns.REASON_CODES), code), 1).otherwise(0)));
    }
    columns.add(
        sum(
            when(array_contains(col(LakeColumns.REASON_CODES), ReasonCodes.MALFORMED), 1)
                .otherwise(0)));
    columns.add(
        collect_set(
            when(
                reasonCount.equalTo(0),
                struct(col(LakeColumns.YEAR), col(LakeColumns.MONTH), col(LakeColumns.DAY)))));
    columns.add(collect_set(col(LakeColumns.RAW_FILE)));
    return columns.toArray(Column[]::new);
  }

  private static Column[] tail(Column[] columns) {
    Column[] rest = new Column[columns.length - 1];
    System.arraycopy(columns, 1, rest, 0, rest.length);
    return rest;
  }
}
