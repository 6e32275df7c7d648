package org.zonelake.core.write;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    return DeltaTable.isDeltaTable(spark, path);
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
  public org.apache.spark.sql.types.StructType schema(SparkSession spark, String path) {
    // The snapshot's metadata: Delta lists no files until the rows are scanned.
    return spark.read().format("delta").load(path).schema();
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
    return exists(spark, path)
        ? OptionalLong.of(DeltaTables.latestVersion(spark, path))
        : OptionalLong.empty();
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
