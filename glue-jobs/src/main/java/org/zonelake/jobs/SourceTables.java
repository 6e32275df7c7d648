package org.zonelake.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.batch.BatchStatistics;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.manifest.ManifestLog;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.TableDefinition;
import org.zonelake.core.write.TableFormat;
import org.zonelake.core.write.TableSchemas;
import org.zonelake.model.LakeColumns;
import org.zonelake.quality.QualityPlan;
import org.zonelake.quality.QualityRepository;
import org.zonelake.quality.Ruleset;

/**
 * The tables raw to processed writes, in the run's format: a source's processed and quarantine
 * tables (created empty before any data lands, so readers find them), the shared quality history
 * tables, and the processed table's version for the ledger.
 */
record SourceTables(SparkSession spark, LakeLayout layout, TableFormat format) {

  /**
   * Creates the quality history tables, shared by all sources, before sources run at once: those
   * not there yet (the look that checks their format also says whether they exist).
   *
   * @throws org.zonelake.core.errors.LakeException when they are in another format than this run's
   */
  void createQualityTables() {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put(layout.qualityResults(), QualityRepository.RESULTS_SCHEMA);
    schemas.put(layout.qualityMetrics(), QualityRepository.METRICS_SCHEMA);
    for (String missing : requireFormat(List.copyOf(schemas.keySet()), false)) {
      format.createIfMissing(spark, missing, schemas.get(missing), List.of());
    }
  }

  /** Creates a source's processed and quarantine tables unless they exist. */
  void createIfMissing(DatasetContract contract) {
    String processed = layout.processedTable(contract.source());
    String quarantine = layout.quarantineTable(contract.source());
    String statistics = layout.statistics(contract.source());
    if (!format.transactional()) {
      format.createIfMissing(spark, processed, processedTable(new StructType()));
      return;
    }
    if ((format.exists(spark, processed)
        && format.exists(spark, quarantine)
        && format.exists(spark, statistics))) {
      // A quarantine table of an earlier version gains the replay columns.
      TableSchemas.addMissingColumns(spark, format, quarantine, ReplayColumns.SCHEMA);
      return;
    }
    format.createIfMissing(spark, statistics, BatchStatistics.SCHEMA, List.of());
    Dataset<Row> empty = emptyRows(contract);
    format.createIfMissing(
        spark,
        processed,
        processedTable(empty.transform(Envelope.validRows(contract)::apply).schema()));
    format.createIfMissing(
        spark, quarantine, empty.transform(Envelope.quarantineRows()::apply).schema(), List.of());
    TableSchemas.addMissingColumns(spark, format, quarantine, ReplayColumns.SCHEMA);
  }

  /** A processed table of these columns: partitioned by event day, naming its record hash. */
  private static TableDefinition processedTable(StructType schema) {
    return new TableDefinition(
        schema,
        LakeColumns.PARTITION_COLUMNS,
        java.util.Map.of(RECORD_HASH_PROPERTY, RECORD_HASH_SCHEME));
  }

  /** No rows, with every column the batch's outputs are made from. */
  private Dataset<Row> emptyRows(DatasetContract contract) {
    QualityPlan noRules =
        QualityPlan.of(Ruleset.empty(contract.source()), Instant.EPOCH, java.util.Map.of());
    return RawToProcessedBatch.classify(
            spark.createDataFrame(List.of(), RawReader.schema(contract)), contract, noRules)
        .transform(Envelope.withRunColumns(contract.source(), "", Instant.EPOCH)::apply);
  }

  /**
   * Checks, before any data is read, that the contract can still write the source's processed
   * table: a column the contract added is fine (the next processed commit adds it, nullable; older
   * rows read null), a column it removed or whose type it changed is not.
   *
   * @throws org.zonelake.core.errors.LakeException naming the column, both types, and the two ways
   *     forward
   */
  void checkSchema(DatasetContract contract) {
    String path = layout.processedTable(contract.source());
    if (!format.exists(spark, path)) {
      return;
    }
    StructType table = format.schema(spark, path);
    StructType expected =
        emptyRows(contract).transform(Envelope.validRows(contract)::apply).schema();
    java.util.Map<String, StructField> wanted = new java.util.HashMap<>();
    for (StructField field : expected.fields()) {
      wanted.put(field.name(), field);
    }
    for (StructField column : table.fields()) {
      if (LakeColumns.PROCESSED_ENVELOPE.contains(column.name())
          || LakeColumns.PARTITION_COLUMNS.contains(column.name())) {
        continue;
      }
      StructField now = wanted.get(column.name());
      if (now == null) {
        throw LakeErrors.incompatibleContractChange(
            contract.source(), path, column.name(), column.dataType().sql(), null);
      }
      if (!sameType(column.dataType(), now.dataType())) {
        throw LakeErrors.incompatibleContractChange(
            contract.source(), path, column.name(), column.dataType().sql(), now.dataType().sql());
      }
    }
  }

  /**
   * Refuses, before anything is read or written, a table of the source in another format than this
   * run's, or one whose log cannot be read.
   *
   * @throws org.zonelake.core.errors.LakeException naming the table, what is wrong and the fix
   */
  void checkFormat(DatasetContract contract) {
    String source = contract.source();
    requireFormat(
        List.of(
            layout.processedTable(source),
            layout.quarantineTable(source),
            layout.fileQuarantine(source),
            layout.statistics(source)),
        true);
  }

  /** Refuses a table of {@code paths} in another format; returns those that hold no table. */
  private List<String> requireFormat(List<String> paths, boolean readLog) {
    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      Optional<TableFormat> found = readableFormat(path, readLog);
      if (found.isPresent() && found.get() != format) {
        throw LakeErrors.tableFormatMismatch(path, found.get().name(), format.name());
      }
      if (found.isEmpty()) {
        missing.add(path);
      }
    }
    return missing;
  }

  /**
   * The format of the table at {@code path}, if there is one (finding a Delta table loads its
   * snapshot), after reading, when asked, its log: a damaged log is named here, before anything is
   * written, not by the first query that reads it.
   */
  private Optional<TableFormat> readableFormat(String path, boolean readLog) {
    try {
      Optional<TableFormat> found = TableFormat.found(spark, path);
      if (readLog && found.isPresent() && found.get() == format) {
        format.readLog(spark, path);
      }
      return found;
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared.
      throw LakeErrors.unreadableTable(path, e);
    }
  }

  private static boolean sameType(DataType a, DataType b) {
    // The SQL form leaves nullability out.
    return a.sql().equals(b.sql());
  }

  /** The table property naming the scheme of a processed table's {@code _record_hash}. */
  static final String RECORD_HASH_PROPERTY = "zonelake.recordHash";

  /** The record hash scheme of this version: {@link Envelope#withRecordHash}. */
  static final String RECORD_HASH_SCHEME = "xxh64x2-v1";

  /**
   * Carries a processed table written by an earlier version (SHA-256 record hashes, 64 hex digits)
   * over to this version's record hash, once: every row's {@code _record_hash} is computed again
   * from its columns and the table rewritten in one commit, so records that land again are still
   * recognised as duplicates. A table already on this scheme (or new) is left alone.
   *
   * @return true when the table was rewritten
   */
  boolean migrateRecordHashes(DatasetContract contract) {
    String path = layout.processedTable(contract.source());
    if (!format.exists(spark, path)
        || format.property(spark, path, RECORD_HASH_PROPERTY).isPresent()) {
      return false;
    }
    Dataset<Row> rows = format.read(spark, path);
    boolean old = !rows.where("length(" + LakeColumns.RECORD_HASH + ") <> 32").isEmpty();
    if (old) {
      format.rewrite(
          spark,
          path,
          rows.transform(Envelope.withRecordHash(contract)::apply),
          LakeColumns.PARTITION_COLUMNS);
    }
    format.setProperty(spark, path, RECORD_HASH_PROPERTY, RECORD_HASH_SCHEME);
    return old;
  }

  /** The identity of a source's appends to one of its tables ({@code txnAppId}). */
  static String appId(String table, String source) {
    return "zonelake-" + table + "-" + source;
  }

  /** True when the source's processed table committed the batch with this manifest number. */
  boolean processedCommitted(String source, long number) {
    String path = layout.processedTable(source);
    // A Parquet table whose batches wrote no row has no data file, only their commit markers.
    return (!format.transactional() || format.exists(spark, path))
        && format
            .append(spark, path, LakeColumns.PARTITION_COLUMNS, appId("processed", source), number)
            .alreadyCommitted();
  }

  /**
   * Which of the raw files {@code paths} batches of the source took before, as its tables name
   * them: a processed or quarantine row read from it, or its file-quarantine row. One Spark job.
   */
  Set<String> takenBefore(String source, List<String> paths) {
    Object[] values = paths.toArray();
    List<Dataset<Row>> named = new ArrayList<>();
    for (Map.Entry<String, String> table :
        Map.of(
                layout.processedTable(source), LakeColumns.RAW_FILE,
                layout.quarantineTable(source), LakeColumns.RAW_FILE,
                layout.fileQuarantine(source), "path")
            .entrySet()) {
      if (format.exists(spark, table.getKey())) {
        named.add(
            format
                .read(spark, table.getKey())
                .select(functions.col(table.getValue()).as("path"))
                .where(functions.col("path").isin(values)));
      }
    }
    Set<String> taken = new TreeSet<>();
    named.stream()
        .reduce(Dataset::union)
        .ifPresent(rows -> rows.distinct().collectAsList().forEach(r -> taken.add(r.getString(0))));
    return taken;
  }

  /** The processed table's current version (empty for Parquet). */
  OptionalLong processedVersion(String source) {
    return format.version(spark, layout.processedTable(source));
  }

  /**
   * The raw files a run read, for the ledger: inline when the list is small, else stored beside the
   * source's manifests and pointed to.
   */
  InputFiles inputFiles(String source, String runId, List<RawFile> files) {
    ManifestLog log =
        new ManifestLog(layout.manifests(source), spark.sparkContext().hadoopConfiguration());
    List<String> paths = files.stream().map(RawFile::path).toList();
    long bytes = files.stream().mapToLong(RawFile::size).sum();
    InputFiles inline = InputFiles.inline(paths, bytes);
    return inline.fitsInline()
        ? inline
        : InputFiles.stored(paths.size(), bytes, log.storeFileList(runId, paths));
  }
}
