package org.zonelake.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.manifest.ManifestLog;
import org.zonelake.core.manifest.ManifestState;
import org.zonelake.core.manifest.QuarantinedFile;
import org.zonelake.core.write.TableFormat;

/**
 * The rows of a source's file-quarantine table ({@code <quarantine>/_files/<source>}): one per raw
 * file a batch could not read at all ({@code status = quarantined}) and one per such file skipped
 * by hand ({@code status = skipped}). Appended only; a file that reads on a later run is recorded
 * in the ledger's input files of that run.
 */
public final class FileQuarantine {

  /** Status of a row: the batch could not read the file. */
  public static final String QUARANTINED = "quarantined";

  /** Status of a row: the file was skipped by hand ({@code lake skip-file}). */
  public static final String SKIPPED = "skipped";

  /** The table's columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("size", DataTypes.LongType, false)
          .add("modified", DataTypes.TimestampType)
          .add("reason", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("batch_id", DataTypes.LongType)
          .add("recorded_at", DataTypes.TimestampType, false);

  private FileQuarantine() {}

  /**
   * Skips a raw file of a source's file quarantine by hand: later runs no longer try it, and the
   * file-quarantine table records the skip (status {@code skipped}). Run it while no run works on
   * the source.
   *
   * @param path the file as the run reported it, or its local path
   * @return the file skipped
   * @throws org.zonelake.core.errors.LakeException when the file is not in the source's file
   *     quarantine, listing those that are
   */
  public static QuarantinedFile skip(
      SparkSession spark,
      LakeLayout layout,
      TableFormat format,
      String source,
      String path,
      String runId) {
    ManifestLog log =
        new ManifestLog(layout.manifests(source), spark.sparkContext().hadoopConfiguration());
    ManifestState state = log.state();
    QuarantinedFile file =
        state.pendingFiles().values().stream()
            .filter(f -> samePath(f.path(), path))
            .findFirst()
            .orElseThrow(
                () -> LakeErrors.notInFileQuarantine(source, path, state.pendingFiles().keySet()));
    String table = layout.fileQuarantine(source);
    format.createIfMissing(spark, table, SCHEMA, List.of());
    TableFormat.Append append =
        format.append(
            spark,
            table,
            List.of(),
            SourceTables.appId("file-quarantine-skip", source),
            System.currentTimeMillis());
    append.write(
        rows(
            spark,
            List.of(new QuarantinedFile(file.file(), "skipped by hand; was: " + file.reason())),
            SKIPPED,
            runId,
            null));
    append.commit();
    log.commit(state.skip(file.path()));
    return file;
  }

  /** A recorded path (a URI such as {@code file:/...}) and a path as typed name the same file. */
  private static boolean samePath(String recorded, String given) {
    if (recorded.equals(given)) {
      return true;
    }
    String recordedPath = StoreFiles.pathOf(recorded);
    String givenPath = StoreFiles.pathOf(given);
    return recordedPath.equals(givenPath)
        || recordedPath.equals(new java.io.File(given).getAbsolutePath());
  }

  /**
   * The rows for {@code files}, with one status, run and batch ({@code batch} null when not part of
   * a batch, as for a skip).
   */
  public static Dataset<Row> rows(
      SparkSession spark, List<QuarantinedFile> files, String status, String runId, Long batch) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (QuarantinedFile file : files) {
      rows.add(
          RowFactory.create(
              file.path(),
              file.file().size(),
              new Timestamp(file.file().modified()),
              file.reason(),
              status,
              runId,
              batch,
              now));
    }
    return spark.createDataFrame(rows, SCHEMA).coalesce(1);
  }
}
