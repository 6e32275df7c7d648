package org.zonelake.core.read;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.spark.DeltaReads;

/**
 * The data files a Delta table gained after a given version, read from its transaction log. Used to
 * find what changed since a downstream job last ran, without scanning the table. Files a commit
 * adds without changing data ({@code dataChange: false}, as compaction writes them) are not
 * counted.
 */
public final class DeltaChanges {

  private DeltaChanges() {}

  /**
   * One added data file.
   *
   * @param path the file's absolute path, under the table's path as the caller gave it
   * @param partitionValues its partition values, by column (null for a null partition)
   */
  public record AddedFile(String path, Map<String, String> partitionValues) {}

  /**
   * The changes between two versions.
   *
   * @param latestVersion the table's version now
   * @param added the files added after the given version, up to {@code latestVersion}
   */
  public record Changes(long latestVersion, List<AddedFile> added) {

    /**
     * The rows of the added files, read as Parquet without the table's partition columns: every
     * column of an unpartitioned table, the data columns of a partitioned one.
     */
    public Dataset<Row> addedRows(SparkSession spark) {
      return spark.read().parquet(added.stream().map(AddedFile::path).toArray(String[]::new));
    }

    /**
     * True when every added file is still there: a file that compaction replaced since is deleted
     * by a later vacuum, and then its rows can no longer be read from it.
     */
    public boolean filesPresent(SparkSession spark) {
      try {
        for (AddedFile file : added) {
          Path path = new Path(file.path());
          FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
          if (!fs.exists(path)) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot look for the added files of a Delta table", e);
      }
    }
  }

  /**
   * The files added to the table at {@code tablePath} by the commits after {@code afterVersion} up
   * to and including {@code latest}; empty when one of those commits is no longer in the log.
   */
  public static Optional<Changes> between(
      SparkSession spark, String tablePath, long afterVersion, long latest) {
    if (latest <= afterVersion) {
      return Optional.of(new Changes(latest, List.of()));
    }
    // Commit files are small JSON lines: read on the driver, without a Spark job. A commit that is
    // no longer in the log is found by reading it (one request fewer per commit on S3 than asking
    // first).
    List<AddedFile> added = new ArrayList<>();
    Path table = new Path(tablePath);
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (long v = afterVersion + 1; v <= latest; v++) {
        try {
          added.addAll(DeltaReads.dataAdded(fs, table, v, AddedFile::new));
        } catch (FileNotFoundException e) {
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log of " + tablePath, e);
    }
    return Optional.of(new Changes(latest, List.copyOf(added)));
  }
}
