package org.zonelake.core.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.util.DeltaCommitFileProvider;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.StoreFiles;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * An append to one Delta table in two steps: {@link #write} writes the data files (invisible to
 * readers), {@link #commit} makes them visible in one atomic commit that also records the writer's
 * idempotent-write identity ({@code txnAppId}, {@code txnVersion}), as Delta's own {@code
 * txnAppId}/{@code txnVersion} write options do. Between the two steps a caller can check what it
 * wrote (quality gates) and commit nothing when the check fails; files that were written but never
 * committed are not part of the table and {@code VACUUM} removes them.
 *
 * <p>A retried append with an {@code appId} and {@code version} the table already committed is
 * recognised before anything is written ({@link #alreadyCommitted}).
 */
public final class DeltaCommit {

  private final OptimisticTransaction transaction;
  private final String appId;
  private final long version;
  private final List<FileAction> files = new ArrayList<>();

  private DeltaCommit(OptimisticTransaction transaction, String appId, long version) {
    this.transaction = transaction;
    this.appId = appId;
    this.version = version;
  }

  /**
   * Starts an append to the existing Delta table at {@code path} on behalf of writer {@code appId}
   * for its batch {@code version}.
   */
  public static DeltaCommit start(SparkSession spark, String path, String appId, long version) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    return new DeltaCommit(log.startTransaction(), appId, version);
  }

  /**
   * Creates an empty Delta table at {@code path} in one commit (its protocol and metadata) unless a
   * table is already there, as {@code CREATE TABLE IF NOT EXISTS delta.`path`} does but without
   * planning a SQL command: the jobs create about twenty tables in a new lake.
   *
   * @param configuration the table properties, {@code delta.minReaderVersion} and {@code
   *     delta.minWriterVersion} included (they set the protocol and are not kept as properties)
   */
  public static void create(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> partitionColumns,
      java.util.Map<String, String> configuration) {
    OptimisticTransaction transaction =
        newTable(spark, path, schema, partitionColumns, configuration, false);
    if (transaction == null) {
      return;
    }
    transaction.commit(
        JavaConverters.asScalaBuffer(List.<Action>of()).toSeq(),
        new DeltaOperations.CreateTable(transaction.metadata(), false, false, Option.empty()));
  }

  /**
   * Creates the Delta table at {@code path} with {@code rows} as its first version, in one commit
   * (protocol, metadata and data files), unless a table is there already: then nothing is written
   * and the result is empty. Cheaper than creating the table empty and writing it: Delta computes
   * no snapshot of an empty first version.
   *
   * @param configuration as for {@link #create}
   * @param userMetadata the commit's {@code userMetadata}
   * @param overUncommittedWrite true to create the table over what a first write of it left when
   *     stopped before its commit (data files in partition directories of its columns, which the
   *     new log does not list, so no reader sees them and vacuum removes them); false to refuse any
   *     file there
   * @return the rows written, or empty when the table existed
   */
  public static java.util.OptionalLong createWith(
      SparkSession spark,
      String path,
      Dataset<Row> rows,
      List<String> partitionColumns,
      java.util.Map<String, String> configuration,
      String userMetadata,
      boolean overUncommittedWrite) {
    OptimisticTransaction transaction =
        newTable(spark, path, rows.schema(), partitionColumns, configuration, overUncommittedWrite);
    if (transaction == null) {
      return java.util.OptionalLong.empty();
    }
    List<FileAction> written = JavaConverters.seqAsJavaList(transaction.writeFiles(rows));
    long records = records(transaction, written);
    transaction.commit(
        JavaConverters.asScalaBuffer(new ArrayList<Action>(written)).toSeq(),
        new DeltaOperations.Write(
            SaveMode.Overwrite,
            Option.apply(JavaConverters.asScalaBuffer(partitionColumns).toSeq()),
            Option.empty(),
            Option.apply(userMetadata)));
    return java.util.OptionalLong.of(records);
  }

  /**
   * A transaction that creates the table at {@code path} (its metadata set, nothing committed), or
   * null when the table exists.
   */
  private static OptimisticTransaction newTable(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> partitionColumns,
      java.util.Map<String, String> configuration,
      boolean overUncommittedWrite) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    OptimisticTransaction transaction = log.startTransaction();
    if (transaction.readVersion() >= 0) {
      return null;
    }
    requireNoData(
        log.dataPath(), log.newDeltaHadoopConf(), overUncommittedWrite ? partitionColumns : null);
    Metadata metadata =
        new Metadata(
            java.util.UUID.randomUUID().toString(),
            null,
            null,
            new Format("parquet", scala.collection.immutable.Map$.MODULE$.empty()),
            schema.json(),
            JavaConverters.asScalaBuffer(partitionColumns).toSeq(),
            scala.collection.immutable.Map$.MODULE$
                .<String, String>empty()
                .$plus$plus(JavaConverters.mapAsScalaMap(configuration)),
            Option.apply(System.currentTimeMillis()));
    transaction.updateMetadataForNewTable(metadata);
    return transaction;
  }

  /**
   * The rows the written files hold, from their statistics; refused (nothing committed) when a file
   * has none, as when the session switches Delta's statistics collection off.
   */
  static long records(OptimisticTransaction transaction, List<FileAction> actions) {
    long count = 0;
    for (FileAction action : actions) {
      if (action instanceof AddFile add) {
        Option<Object> records = add.numLogicalRecords();
        if (records.isEmpty()) {
          throw LakeErrors.writeStatisticsOff(transaction.deltaLog().dataPath().toString());
        }
        count += (Long) records.get();
      }
    }
    return count;
  }

  /**
   * Refuses to create a table over files that are not part of one (as Delta's CREATE does), but for
   * an uncommitted write's files when {@code writtenPartitions} (the table's partition columns) is
   * given.
   */
  private static void requireNoData(
      org.apache.hadoop.fs.Path path,
      org.apache.hadoop.conf.Configuration hadoop,
      List<String> writtenPartitions) {
    try {
      org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)
          || (writtenPartitions != null && onlyWrittenFiles(fs, path, writtenPartitions))) {
        return;
      }
      for (org.apache.hadoop.fs.FileStatus entry : fs.listStatus(path)) {
        String name = entry.getPath().getName();
        if (!StoreFiles.hidden(name)) {
          throw new IllegalStateException(
              "Cannot create a Delta table at "
                  + path
                  + ": the directory already holds "
                  + name
                  + ", which no Delta table lists. Move those files away or point the table"
                  + " elsewhere.");
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot list " + path, e);
    }
  }

  /** The name of a data file a Delta write gives: {@code part-00000-<uuid>.c000.snappy.parquet}. */
  private static final java.util.regex.Pattern DATA_FILE =
      java.util.regex.Pattern.compile(
          "part-[0-9]+-[0-9a-f-]{36}(\\.c[0-9]+)?(\\.[a-z0-9]+)?\\.parquet");

  /**
   * Whether {@code dir} holds only a write's partition directories (one level per column of {@code
   * columns}, in order), data files below the last, and hidden files.
   */
  private static boolean onlyWrittenFiles(
      org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path dir, List<String> columns)
      throws java.io.IOException {
    for (org.apache.hadoop.fs.FileStatus entry : fs.listStatus(dir)) {
      String name = entry.getPath().getName();
      if (StoreFiles.hidden(name)) {
        continue;
      }
      boolean written =
          entry.isDirectory()
              ? !columns.isEmpty()
                  && name.startsWith(columns.get(0) + "=")
                  && onlyWrittenFiles(fs, entry.getPath(), columns.subList(1, columns.size()))
              : columns.isEmpty() && DATA_FILE.matcher(name).matches();
      if (!written) {
        return false;
      }
    }
    return true;
  }

  /**
   * The latest version of the Delta table at {@code path}, from its log (no Spark job), or -1 when
   * there is no table.
   */
  public static long latestVersion(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
  }

  /** The schema of the Delta table at {@code path} at its latest version, from its log. */
  public static StructType latestSchema(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).schema();
  }

  /** A table property of the Delta table at {@code path}, from its log (no Spark job). */
  public static Optional<String> tableProperty(SparkSession spark, String path, String key) {
    scala.Option<String> value =
        DeltaLog.forTable(spark, path)
            .update(false, Option.empty(), Option.empty())
            .metadata()
            .configuration()
            .get(key);
    return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
  }

  /**
   * The rows the latest commit of the Delta table at {@code path} wrote, as the commit counted them
   * (its {@code numOutputRows} operation metric; 0 for a commit that wrote no data files), read
   * from the commit's file on the driver: Delta's history of one commit would read it by a Spark
   * job and build a DataFrame of it.
   */
  public static long rowsWrittenByLatestCommit(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    org.apache.hadoop.fs.Path commit =
        DeltaCommitFileProvider.apply(snapshot).deltaFile(snapshot.version());
    for (String line :
        JavaConverters.seqAsJavaList(log.store().read(commit, log.newDeltaHadoopConf()))) {
      if (Action.fromJson(line) instanceof CommitInfo info) {
        Option<String> rows =
            info.operationMetrics().flatMap(metrics -> metrics.get("numOutputRows"));
        return rows.isDefined() ? Long.parseLong(rows.get()) : 0;
      }
    }
    return 0;
  }

  /**
   * Reads the log of the Delta table at {@code path} up to its latest version, so that a damaged
   * log file fails here: a small table's checkpoint and commits are replayed on the driver ({@link
   * DeltaReads#files}, as its reads replay them), any other's state is reconstructed by Delta and
   * kept with the snapshot. A small table's append does not need Delta's reconstruction (a Spark
   * query over its log, cached): only a retried batch's {@link #alreadyCommitted} check reads it.
   */
  public static void readLog(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    if (DeltaReads.files(log, snapshot).isEmpty()) {
      snapshot.transactions();
    }
  }

  /** True when the table already holds the append of {@code appId} for this or a later version. */
  public boolean alreadyCommitted() {
    return transaction.txnVersion(appId) >= version;
  }

  /**
   * Writes the rows' data files (not yet visible) and returns how many rows they hold. Columns the
   * table does not have yet are added to its schema, nullable and after its columns, in the same
   * commit (a schema merge; no protocol change, so readers of version 1 still read the table).
   * Columns of the table the rows lack are written as null.
   */
  public long write(Dataset<Row> rows) {
    Metadata metadata = transaction.metadata();
    StructType table = metadata.schema();
    StructType merged = table;
    for (StructField field : rows.schema().fields()) {
      if (!java.util.Arrays.asList(table.fieldNames()).contains(field.name())) {
        merged = merged.add(field.name(), field.dataType(), true, field.metadata());
      }
    }
    if (merged.size() > table.size()) {
      if (!files.isEmpty()) {
        throw new IllegalStateException("The schema of " + appId + " changes after a write");
      }
      transaction.updateMetadata(
          new Metadata(
              metadata.id(),
              metadata.name(),
              metadata.description(),
              metadata.format(),
              merged.json(),
              metadata.partitionColumns(),
              metadata.configuration(),
              metadata.createdTime()),
          false);
    }
    Dataset<Row> aligned = rows;
    if (!java.util.Arrays.equals(rows.schema().fieldNames(), merged.fieldNames())) {
      List<Column> columns = new ArrayList<>();
      java.util.Set<String> present = new java.util.HashSet<>(List.of(rows.schema().fieldNames()));
      for (StructField field : merged.fields()) {
        String quoted = "`" + field.name().replace("`", "``") + "`";
        columns.add(
            present.contains(field.name())
                ? functions.col(quoted)
                : functions.lit(null).cast(field.dataType()).as(field.name()));
      }
      aligned = rows.select(columns.toArray(Column[]::new));
    }
    List<FileAction> written = JavaConverters.seqAsJavaList(transaction.writeFiles(aligned));
    long records = records(transaction, written);
    files.addAll(written);
    return records;
  }

  /**
   * Commits the written files with the writer's identity and returns the table version written.
   * Callers that may be retrying check {@link #alreadyCommitted} first.
   */
  public Optional<Long> commit() {
    List<Action> actions = new ArrayList<>(files);
    actions.add(new SetTransaction(appId, version, Option.apply(System.currentTimeMillis())));
    long committed =
        transaction.commit(
            JavaConverters.asScalaBuffer(actions).toSeq(),
            new DeltaOperations.Write(
                SaveMode.Append, Option.empty(), Option.empty(), Option.empty()));
    return Optional.of(committed);
  }
}
