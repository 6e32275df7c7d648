package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.transform.AddedColumns;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Rewrites chosen data files of an unpartitioned Delta table in one atomic commit, as Delta's own
 * {@code UPDATE} does, but with the rows addressed by their position: a row is identified by the
 * name of its data file and its index in it ({@link #FILE}, {@link #ROW}), which stay fixed as long
 * as the file is part of the table. The commit removes the rewritten files, adds the new ones and
 * records the writer's idempotent-write identity ({@code txnAppId}, {@code txnVersion}), so a
 * retried rewrite is recognised ({@link #alreadyCommitted}).
 *
 * <p>Blind appends by other writers (new files) do not conflict with the rewrite; another rewrite
 * of the same files does, and Delta refuses the later commit.
 */
public final class DeltaRewrite {

  /** The name of a row's data file. */
  public static final String FILE = "_delta_file";

  /** The row's index in its data file (0-based). */
  public static final String ROW = "_delta_row";

  private final SparkSession spark;
  private final String path;
  private final DeltaLog log;
  private final OptimisticTransaction transaction;
  private final String appId;
  private final long version;
  private final Map<String, AddFile> replaced = new LinkedHashMap<>();
  private final List<FileAction> written = new ArrayList<>();

  private DeltaRewrite(
      SparkSession spark,
      String path,
      DeltaLog log,
      OptimisticTransaction transaction,
      String appId,
      long version) {
    this.spark = spark;
    this.path = path;
    this.log = log;
    this.transaction = transaction;
    this.appId = appId;
    this.version = version;
  }

  /**
   * Starts a rewrite of the Delta table at {@code path} by writer {@code appId}, batch {@code
   * version}.
   */
  public static DeltaRewrite start(SparkSession spark, String path, String appId, long version) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    return new DeltaRewrite(spark, path, log, log.startTransaction(), appId, version);
  }

  /**
   * The table's rows at {@code version} with {@link #FILE} and {@link #ROW}: its data files read
   * directly (the lake's tables have no deletion vectors or column mapping), with the table's
   * schema, so a file written before a column was added reads it as null.
   */
  public static Dataset<Row> rowsWithPositions(SparkSession spark, String path, long version) {
    StructType schema =
        spark.read().format("delta").option("versionAsOf", version).load(path).schema();
    return read(spark, schema, DeltaReads.filesAt(spark, path, version));
  }

  /**
   * The version of the commit after {@code afterVersion} that recorded writer {@code appId}'s batch
   * {@code txnVersion} (of a rewrite or an append), read from the table's log.
   *
   * @throws IllegalStateException when no such commit is in the log
   */
  public static long committedVersion(
      SparkSession spark, String path, String appId, long txnVersion, long afterVersion) {
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<Action>>> changes =
        DeltaLog.forTable(spark, path).getChanges(afterVersion + 1, false);
    while (changes.hasNext()) {
      scala.Tuple2<Object, scala.collection.Seq<Action>> change = changes.next();
      for (Action action : JavaConverters.seqAsJavaList(change._2())) {
        if (action instanceof SetTransaction txn
            && txn.appId().equals(appId)
            && txn.version() == txnVersion) {
          return (Long) change._1();
        }
      }
    }
    throw new IllegalStateException(
        "No commit of " + appId + " batch " + txnVersion + " after version " + afterVersion);
  }

  /** True when the table already holds this writer's rewrite for this or a later version. */
  public boolean alreadyCommitted() {
    return transaction.txnVersion(appId) >= version;
  }

  /**
   * The current rows of the named data files, with {@link #FILE} and {@link #ROW}; these files are
   * replaced by what {@link #write} writes.
   *
   * @throws org.zonelake.core.errors.LakeException when a file is no longer part of the table
   *     (compacted or rewritten since its rows were read)
   */
  public Dataset<Row> rowsOf(Collection<String> fileNames) {
    Map<String, AddFile> byName = new LinkedHashMap<>();
    for (AddFile add : JavaConverters.seqAsJavaList(transaction.filterFiles())) {
      byName.put(new Path(add.pathAsUri()).getName(), add);
    }
    List<String> files = new ArrayList<>();
    for (String name : fileNames) {
      AddFile add = byName.get(name);
      if (add == null) {
        throw LakeErrors.tableChanged(
            path,
            "data file "
                + name
                + " is no longer part of it (compacted or rewritten since its rows were read)");
      }
      replaced.put(name, add);
      files.add(DeltaReads.absolutePath(log.dataPath(), add).toString());
    }
    return read(spark, transaction.snapshot().metadata().schema(), files);
  }

  /** Writes the replacement rows (in the table's column order) as new, not yet visible files. */
  public void write(Dataset<Row> rows) {
    written.addAll(JavaConverters.seqAsJavaList(transaction.writeFiles(rows)));
  }

  /** Removes the files of {@link #rowsOf}, adds the written ones; returns the version committed. */
  public long commit() {
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>(written);
    for (AddFile add : replaced.values()) {
      actions.add(add.removeWithTimestamp(now, true));
    }
    actions.add(new SetTransaction(appId, version, Option.apply(now)));
    return transaction.commit(
        JavaConverters.asScalaBuffer(actions).toSeq(), new DeltaOperations.Update(Option.empty()));
  }

  private static Dataset<Row> read(SparkSession spark, StructType schema, List<String> files) {
    if (files.isEmpty()) {
      StructType empty =
          schema.add(FILE, DataTypes.StringType, false).add(ROW, DataTypes.LongType, false);
      return spark.createDataFrame(List.of(), empty);
    }
    return AddedColumns.of(FILE, col("_metadata.file_name"))
        .and(ROW, col("_metadata.row_index"))
        .to(spark.read().schema(schema).parquet(files.toArray(String[]::new)));
  }
}
