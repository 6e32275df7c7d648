package org.zonelake.core.write;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * How the lake's tables are stored: Delta (transactional, the default) or plain partitioned
 * Parquet. Every job writes through this, so nothing else branches on the format.
 */
public interface TableFormat {

  /** Delta Lake tables, readable by Athena engine v3 (reader version 1). */
  TableFormat DELTA = new DeltaFormat();

  /** Plain Parquet directories, partitioned like the Delta tables. */
  TableFormat PARQUET = new ParquetFormat();

  /** The format's name for Spark's reader and writer ({@code delta}, {@code parquet}). */
  String name();

  /** The format of this name ({@code delta} or {@code parquet}, in any case), if there is one. */
  static Optional<TableFormat> named(String name) {
    return Stream.of(DELTA, PARQUET).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * The format of the table at {@code path}: Delta when it has a transaction log, Parquet when it
   * holds data without one; empty when there is no table there.
   */
  static Optional<TableFormat> found(SparkSession spark, String path) {
    if (DELTA.exists(spark, path)) {
      return Optional.of(DELTA);
    }
    return PARQUET.exists(spark, path) ? Optional.of(PARQUET) : Optional.empty();
  }

  /** True when transactional: appends are atomic and carry a version and a writer identity. */
  boolean transactional();

  /** True when a table exists at {@code path}. */
  boolean exists(SparkSession spark, String path);

  /**
   * Creates an empty table unless one exists (Delta only; a Parquet table appears with its data).
   */
  default void createIfMissing(
      SparkSession spark, String path, StructType schema, List<String> partitionColumns) {
    createIfMissing(spark, path, new TableDefinition(schema, partitionColumns));
  }

  /**
   * Creates an empty table as {@code table} defines it (with its {@link #property properties})
   * unless one exists.
   */
  void createIfMissing(SparkSession spark, String path, TableDefinition table);

  /** The table's rows. */
  Dataset<Row> read(SparkSession spark, String path);

  /**
   * The table's rows whose {@code column} equals {@code value}; a format may leave unread the files
   * whose statistics say they hold no such row.
   */
  default Dataset<Row> readWhere(SparkSession spark, String path, String column, String value) {
    return read(spark, path).where(functions.col(column).equalTo(value));
  }

  /** The table's columns (its schema, without reading its files' list). */
  StructType schema(SparkSession spark, String path);

  /** A property of the table (Delta: a table property), if set. */
  Optional<String> property(SparkSession spark, String path, String key);

  /** Sets a property of the table. */
  void setProperty(SparkSession spark, String path, String key, String value);

  /**
   * Replaces every row of the existing table with {@code rows} (which may be computed from the
   * table itself), keeping its partitioning; Delta does it in one commit.
   */
  void rewrite(SparkSession spark, String path, Dataset<Row> rows, List<String> partitionColumns);

  /** The table's current version, empty for formats without versions or a missing table. */
  OptionalLong version(SparkSession spark, String path);

  /**
   * Reads the existing table's log up to its latest version (Delta: {@link
   * org.zonelake.core.spark.DeltaCommit#readLog}), so that a damaged log fails here rather than in
   * the middle of a batch; nothing for a format without a log.
   */
  default void readLog(SparkSession spark, String path) {}

  /**
   * Starts an append that writer {@code appId} makes for its batch {@code version}: written with
   * {@link Append#write}, made visible by {@link Append#commit}. A retried batch the table already
   * committed is recognised ({@link Append#alreadyCommitted}) and commits nothing twice.
   */
  Append append(
      SparkSession spark, String path, List<String> partitionColumns, String appId, long version);

  /** An append in progress. */
  interface Append {

    /**
     * True when the table already holds this writer's batch. Ask it before writing a batch again:
     * for Parquet it also finishes a commit that stopped half-way (it moves files, so call it while
     * holding the run's lease).
     */
    boolean alreadyCommitted();

    /**
     * Writes rows, invisible to readers until {@link #commit}, and returns how many were written.
     * Writing again replaces what an earlier attempt of the same batch wrote and never committed.
     */
    long write(Dataset<Row> rows);

    /** Makes the written rows visible; returns the table version written, when there is one. */
    OptionalLong commit();
  }
}
