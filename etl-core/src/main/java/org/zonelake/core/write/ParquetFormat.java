package org.zonelake.core.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.fs.StoreFiles;

/**
 * Plain Parquet directories. There is no transaction log: an append is staged beside the table's
 * files and published at its commit by moving them into place (see {@link StagedAppend}), so a
 * batch that fails or stops before its commit leaves nothing a reader sees, and a committed batch
 * leaves a marker ({@code _zonelake_commits/<appId>-<version>}), so a retried batch that had
 * committed is not appended twice. What Parquet still lacks: a reader may see a commit half
 * published while its files move, and a table has no versions. Prefer Delta where that matters.
 */
final class ParquetFormat implements TableFormat {

  private static final String MARKERS = "_zonelake_commits";

  /** The prefix of a batch's staging directory, beside the table's partitions. */
  private static final String STAGING = "_zonelake_staging-";

  /** The suffix of a commit's intent beside the markers: the commit is moving its files. */
  private static final String PUBLISHING = ".publishing";

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

  /**
   * No: an append becomes visible file by file while its commit moves them, and a table has no
   * versions.
   */
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
    // A column a contract added is in the files written since: the table's schema merges them all.
    return spark.read().option("basePath", path).option("mergeSchema", "true").parquet(path);
  }

  @Override
  public org.apache.spark.sql.types.StructType schema(SparkSession spark, String path) {
    return read(spark, path).schema();
  }

  @Override
  public java.util.Optional<String> property(SparkSession spark, String path, String key) {
    return StoreFiles.text(
        new Path(new Path(path, PROPERTIES), key), spark.sparkContext().hadoopConfiguration());
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
      Path markers = new Path(table, MARKERS);
      if (fs.exists(markers)) {
        for (var m : fs.listStatus(markers)) {
          if (m.getPath().getName().endsWith(PUBLISHING)) {
            // Its staged files would not follow the rows into the new directory.
            throw new IllegalStateException(
                "Table "
                    + path
                    + " has a commit to finish ("
                    + m.getPath().getName()
                    + ")"
                    + ": run the job again, which finishes it, before the table is rewritten.");
          }
        }
      }
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
    return new StagedAppend(spark, new Path(path), partitionColumns, appId + "-" + version);
  }

  /**
   * An append staged under the table ({@code _zonelake_staging-<appId>-<version>}, which readers
   * skip) and published at its commit by moving its files into the table's partitions. The commit
   * first leaves an intent ({@code _zonelake_commits/<appId>-<version>.publishing}); a commit that
   * stopped while it moved files is finished by the retry's {@link #alreadyCommitted}. A batch is
   * published exactly once as long as a retry asks {@link #alreadyCommitted} before it writes
   * again, as the jobs do: writing a batch that is committed, or whose commit is pending, is
   * refused. Each append stages in its own directory, so appends to one table at once (the sources
   * of a run share the quality tables) do not meet.
   */
  private static final class StagedAppend implements Append {

    /** Files moved at once by a commit: on S3 each move is a copy and a delete. */
    private static final int MOVERS = 8;

    private final Configuration conf;
    private final SparkSession spark;
    private final Path table;
    private final List<String> partitionColumns;
    private final Path staging;
    private final Path marker;
    private final Path intent;
    private boolean written;

    StagedAppend(SparkSession spark, Path table, List<String> partitionColumns, String batch) {
      this.conf = spark.sparkContext().hadoopConfiguration();
      this.spark = spark;
      this.table = table;
      this.partitionColumns = partitionColumns;
      this.staging = new Path(table, STAGING + batch);
      this.marker = new Path(new Path(table, MARKERS), batch);
      this.intent = new Path(new Path(table, MARKERS), batch + PUBLISHING);
    }

    @Override
    public boolean alreadyCommitted() {
      try {
        FileSystem fs = table.getFileSystem(conf);
        if (fs.exists(marker)) {
          // A commit that stopped after its marker leaves its intent: nothing is left to move.
          fs.delete(intent, false);
          return true;
        }
        if (!fs.exists(intent)) {
          return false;
        }
        publish(fs, true);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot finish the commit of " + staging, e);
      }
    }

    @Override
    public long write(Dataset<Row> rows) {
      try {
        FileSystem fs = table.getFileSystem(conf);
        if (fs.exists(marker) || fs.exists(intent)) {
          throw new IllegalStateException(
              "Batch "
                  + marker.getName()
                  + " of "
                  + table
                  + " is committed or its commit is pending: a retry asks alreadyCommitted()"
                  + " before it writes the batch again.");
        }
        // What an earlier attempt of this batch staged was never published: it is written again.
        fs.delete(staging, true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot clear " + staging, e);
      }
      // Counted as the rows go by: the write is the only job over them.
      var count = spark.sparkContext().longAccumulator("rows written");
      Dataset<Row> counted =
          rows.map(
              (MapFunction<Row, Row>)
                  row -> {
                    count.add(1L);
                    return row;
                  },
              Encoders.row(rows.schema()));
      counted
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy(partitionColumns.toArray(String[]::new))
          .parquet(staging.toString());
      written = true;
      return count.value();
    }

    @Override
    public OptionalLong commit() {
      try {
        FileSystem fs = table.getFileSystem(conf);
        if (!written) {
          // Nothing written by this append: what an earlier attempt staged is not its batch.
          fs.delete(staging, true);
        }
        fs.create(intent, true).close();
        publish(fs, false);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot publish " + staging + " into " + table, e);
      }
      return OptionalLong.empty();
    }

    /**
     * Moves every staged file to its place in the table ({@value #MOVERS} at a time), then marks
     * the batch committed. When {@code recovering} an interrupted commit, a file already in place
     * (a move that copied and stopped before it deleted) is not moved again.
     */
    private void publish(FileSystem fs, boolean recovering) throws IOException {
      List<Move> moves = moves(fs);
      Set<Path> parents = new LinkedHashSet<>();
      moves.forEach(move -> parents.add(move.target().getParent()));
      for (Path parent : parents) {
        fs.mkdirs(parent);
      }
      ExecutorService movers =
          Executors.newFixedThreadPool(Math.max(1, Math.min(MOVERS, moves.size())));
      try {
        List<Future<?>> moved = new ArrayList<>();
        for (Move move : moves) {
          moved.add(movers.submit(() -> move.run(fs, recovering)));
        }
        for (Future<?> m : moved) {
          m.get();
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        throw new IOException("Cannot publish " + staging, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("Publishing " + staging + " was interrupted");
      } finally {
        movers.shutdownNow();
      }
      fs.delete(staging, true);
      fs.create(marker, true).close();
      fs.delete(intent, false);
    }

    /** The staged data files and their places in the table. */
    private List<Move> moves(FileSystem fs) throws IOException {
      if (!fs.exists(staging)) {
        return List.of();
      }
      String root = fs.makeQualified(staging).toString() + "/";
      List<Move> moves = new ArrayList<>();
      // The writer's own files (_SUCCESS, checksums) are left out; partition directories such as
      // _p=1 are read, as Spark's readers do.
      for (String file : StoreFiles.visibleFiles(staging.toString(), conf)) {
        moves.add(new Move(new Path(file), new Path(table, file.substring(root.length()))));
      }
      return moves;
    }

    /** A staged file and its place in the table. */
    private record Move(Path staged, Path target) {

      /**
       * Moves the file; when {@code recovering}, a file already in place (copied, not yet deleted)
       * only loses its staged copy.
       */
      void run(FileSystem fs, boolean recovering) {
        try {
          if (recovering && fs.exists(target)) {
            fs.delete(staged, false);
          } else if (!fs.rename(staged, target)) {
            throw new IOException("Cannot move " + staged + " to " + target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
