package org.zonelake.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
   * @return the file skipped, or the earlier skip of it when it was skipped before (nothing is
   *     written then)
   * @throws org.zonelake.core.errors.LakeException when the file is neither in the source's file
   *     quarantine nor skipped before, listing those that are in it
   */
  public static Skip skip(
      SparkSession spark,
      LakeLayout layout,
      TableFormat format,
      String source,
      String path,
      String runId) {
    ManifestLog log =
        new ManifestLog(layout.manifests(source), spark.sparkContext().hadoopConfiguration());
    ManifestState state = log.state();
    String table = layout.fileQuarantine(source);
    Optional<QuarantinedFile> pending =
        state.pendingFiles().values().stream().filter(f -> samePath(f.path(), path)).findFirst();
    if (pending.isEmpty()) {
      return skippedBefore(spark, format, table, path)
          .orElseThrow(
              () -> LakeErrors.notInFileQuarantine(source, path, state.pendingFiles().keySet()));
    }
    QuarantinedFile file = pending.get();
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
    return new Skip(file.path(), file.reason(), Optional.empty());
  }

  /**
   * What {@link #skip} did: skipped the file now, or found it skipped before.
   *
   * @param path the file as the runs recorded it
   * @param reason why no batch could read it (when skipped before: the skip's own reason)
   * @param skippedBefore when an earlier {@code skip-file} skipped it, if one did
   */
  public record Skip(String path, String reason, Optional<Instant> skippedBefore) {}

  /** The latest earlier skip of {@code path} the file-quarantine table records, if any. */
  private static Optional<Skip> skippedBefore(
      SparkSession spark, TableFormat format, String table, String path) {
    if (!format.exists(spark, table)) {
      return Optional.empty();
    }
    return format
        .readWhere(spark, table, "status", SKIPPED)
        .select("path", "reason", "recorded_at")
        .collectAsList()
        .stream()
        .filter(row -> samePath(row.getString(0), path))
        .max(java.util.Comparator.comparing(row -> row.getTimestamp(2)))
        .map(
            row ->
                new Skip(
                    row.getString(0),
                    row.getString(1),
                    Optional.of(row.getTimestamp(2).toInstant())));
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
