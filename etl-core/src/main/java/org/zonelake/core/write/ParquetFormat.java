package org.zonelake.core.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.fs.StoreFiles;

/**
 * Plain Parquet directories. There are no transactions: rows are visible as soon as they are
 * written, and a batch that fails half-way may leave files behind. A committed batch leaves a
 * marker ({@code _zonelake_commits/<appId>-<version>}), so a retried batch that had committed is
 * not appended twice. Prefer Delta where that matters.
 */
final class ParquetFormat implements TableFormat {

  private static final String MARKERS = "_zonelake_commits";

  /**
   * One lock per table directory. Hadoop's output committer stages every job writing a directory
   * under the same {@code <table>/_temporary}, and the first job to commit deletes it: two appends
   * to one table at once (the sources of a run share the quality tables) would lose each other's
   * files. The appends of this process to one directory take turns.
   */
  private static final ConcurrentMap<String, Object> WRITING = new ConcurrentHashMap<>();

  private static final String PROPERTIES = "_zonelake_properties";

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public boolean exists(SparkSession spark, String path) {
    try {
      Path table = new Path(path);
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(table)) {
        return false;
      }
      for (var status : fs.listStatus(table)) {
        String name = status.getPath().getName();
        if (!StoreFiles.hidden(name)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /** Rows are visible as they are written: a failed batch may leave files behind. */
  @Override
  public boolean transactional() {
    return false;
  }

  @Override
  public void createIfMissing(SparkSession spark, String path, TableDefinition table) {
    // A Parquet table is its files: it appears with the first rows written.
    if (!exists(spark, path)) {
      table.properties().forEach((key, value) -> setProperty(spark, path, key, value));
    }
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().option("basePath", path).parquet(path);
  }

  @Override
  public org.apache.spark.sql.types.StructType schema(SparkSession spark, String path) {
    return read(spark, path).schema();
  }

  @Override
  public java.util.Optional<String> property(SparkSession spark, String path, String key) {
    Path file = new Path(new Path(path, PROPERTIES), key);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return java.util.Optional.empty();
      }
      try (var in = fs.open(file)) {
        return java.util.Optional.of(
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  @Override
  public void setProperty(SparkSession spark, String path, String key, String value) {
    Path file = new Path(new Path(path, PROPERTIES), key);
    try (var out =
        file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, true)) {
      out.write(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /**
   * Writes the new rows beside the table, then swaps the directories (the rows may be computed from
   * the table itself, so it cannot be overwritten in place).
   */
  @Override
  public void rewrite(
      SparkSession spark, String path, Dataset<Row> rows, List<String> partitionColumns) {
    Path table = new Path(path);
    Path next = new Path(path + ".rewrite");
    Path previous = new Path(path + ".previous");
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(next, true);
      rows.write()
          .mode(SaveMode.Overwrite)
          .partitionBy(partitionColumns.toArray(String[]::new))
          .parquet(next.toString());
      for (String kept : List.of(MARKERS, PROPERTIES)) {
        if (fs.exists(new Path(table, kept))) {
          org.apache.hadoop.fs.FileUtil.copy(
              fs, new Path(table, kept), fs, new Path(next, kept), false, fs.getConf());
        }
      }
      if (!fs.rename(table, previous) || !fs.rename(next, table)) {
        throw new IOException("Cannot swap " + next + " into " + table);
      }
      fs.delete(previous, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite " + path, e);
    }
  }

  @Override
  public OptionalLong version(SparkSession spark, String path) {
    return OptionalLong.empty();
  }

  @Override
  public Append append(
      SparkSession spark, String path, List<String> partitionColumns, String appId, long version) {
    Path marker = new Path(new Path(path, MARKERS), appId + "-" + version);
    return new Append() {
      @Override
      public boolean alreadyCommitted() {
        try {
          return marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(marker);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + marker, e);
        }
      }

      @Override
      public long write(Dataset<Row> rows) {
        // Counted as the rows go by: the write is the only job over them.
        var written = spark.sparkContext().longAccumulator("rows written");
        Dataset<Row> counted =
            rows.map(
                (org.apache.spark.api.java.function.MapFunction<Row, Row>)
                    row -> {
                      written.add(1L);
                      return row;
                    },
                org.apache.spark.sql.Encoders.row(rows.schema()));
        synchronized (WRITING.computeIfAbsent(new Path(path).toString(), key -> new Object())) {
          counted
              .write()
              .mode(SaveMode.Append)
              .partitionBy(partitionColumns.toArray(String[]::new))
              .parquet(path);
        }
        return written.value();
      }

      @Override
      public OptionalLong commit() {
        try {
          FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
          fs.create(marker, true).close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write " + marker, e);
        }
        return OptionalLong.empty();
      }
    };
  }
}
