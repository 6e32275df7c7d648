package org.zonelake.core.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.spark.DeltaReads;

/** Delta tables: atomic appends in two steps, idempotent per writer and batch. */
final class DeltaFormat implements TableFormat {

  @Override
  public String name() {
    return "delta";
  }

  @Override
  public boolean transactional() {
    return true;
  }

  @Override
  public boolean exists(SparkSession spark, String path) {
    // A table is a transaction log holding a commit. The log directory is looked for with one
    // probe: one listing on S3, where Delta's isDeltaTable asks for it as a file first, and walks
    // up the parents of a path that has none. Whether it holds a commit is Delta's snapshot of
    // the log, read when the table is first opened (a damaged log fails there) and kept.
    Path log = new Path(path, "_delta_log");
    try {
      if (!log.getFileSystem(spark.sparkContext().hadoopConfiguration()).isDirectory(log)) {
        return false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look for the Delta log of " + path, e);
    }
    return DeltaLog.forTable(spark, path).tableExists();
  }

  @Override
  public void createIfMissing(SparkSession spark, String path, TableDefinition table) {
    DeltaTables.createIfMissing(
        spark, path, table.schema(), table.partitionColumns(), table.properties());
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String path) {
    return DeltaReads.latest(spark, path);
  }

  @Override
  public Dataset<Row> readWhere(SparkSession spark, String path, String column, String value) {
    return DeltaReads.latestWhere(spark, path, column, value);
  }

  @Override
  public org.apache.spark.sql.types.StructType schema(SparkSession spark, String path) {
    // The latest snapshot's metadata: one listing of the log, where resolving a read of the path
    // first looks for the log and the path again.
    return DeltaCommit.latestSchema(spark, path);
  }

  @Override
  public Optional<String> property(SparkSession spark, String path, String key) {
    return org.zonelake.core.spark.DeltaCommit.tableProperty(spark, path, key);
  }

  @Override
  public void setProperty(SparkSession spark, String path, String key, String value) {
    spark.sql(
        "ALTER TABLE delta.`"
            + path.replace("`", "``")
            + "` SET TBLPROPERTIES ('"
            + key
            + "' = '"
            + value
            + "')");
  }

  @Override
  public void rewrite(
      SparkSession spark, String path, Dataset<Row> rows, List<String> partitionColumns) {
    rows.write()
        .format("delta")
        .mode(org.apache.spark.sql.SaveMode.Overwrite)
        .partitionBy(partitionColumns.toArray(String[]::new))
        .save(path);
  }

  @Override
  public void readLog(SparkSession spark, String path) {
    org.zonelake.core.spark.DeltaCommit.readLog(spark, path);
  }

  @Override
  public OptionalLong version(SparkSession spark, String path) {
    // The log's listing says both whether there is a table and its version.
    long latest = DeltaTables.latestVersion(spark, path);
    return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
  }

  @Override
  public Append append(
      SparkSession spark, String path, List<String> partitionColumns, String appId, long version) {
    DeltaCommit commit = DeltaCommit.start(spark, path, appId, version);
    return new Append() {
      @Override
      public boolean alreadyCommitted() {
        return commit.alreadyCommitted();
      }

      @Override
      public long write(Dataset<Row> rows) {
        return commit.write(rows);
      }

      @Override
      public OptionalLong commit() {
        Optional<Long> committed = commit.commit();
        return committed.isPresent() ? OptionalLong.of(committed.get()) : OptionalLong.empty();
      }
    };
  }
}
