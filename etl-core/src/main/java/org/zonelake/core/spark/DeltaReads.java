package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.CheckpointProvider;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaLogFileIndex;
import org.apache.spark.sql.delta.LogSegment;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.Action$;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.InMemoryLogReplay;
import org.apache.spark.sql.delta.actions.SingleAction;
import org.apache.spark.sql.delta.actions.SingleAction$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.zonelake.core.errors.UnreadableLogFile;
import org.zonelake.core.fs.StoreFiles;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Reads Delta tables, at their latest version or at a given one.
 *
 * <p>A small table — at most {@link #MAX_COMMITS} commits since its latest checkpoint (or since
 * version 0, before its first), and a checkpoint of at most {@link #MAX_CHECKPOINT_BYTES} — is read
 * from the data files its log names: Delta's own log replay ({@link InMemoryLogReplay}, on the
 * driver) of the checkpoint's files and the commits after it gives the table's files at the
 * version, and Delta's reader for a fixed list of files ({@link DeltaLog#createDataFrame}, the one
 * its streaming source uses) reads them. Any other table is read as {@code
 * spark.read().format("delta")} reads it. The rows are the same either way; what the small path
 * saves is Delta's choice of files for every scan: a reconstruction of the table's state and a
 * Spark query over it per table and version, which on a small table costs more than its rows (a
 * quarter of a small run's driver time went there). A checkpoint's Parquet files are read on the
 * driver too, record by record. Partition filters still select files; files are not skipped by
 * their column statistics, which a table of a few files has little use for.
 */
public final class DeltaReads {

  /**
   * The most commits after the latest checkpoint a small table's read replays on the driver (Delta
   * checkpoints every ten unless a table sets {@code delta.checkpointInterval} higher; beyond this,
   * Delta's scan reads the log in parallel).
   */
  static final int MAX_COMMITS = 20;

  /**
   * The largest checkpoint a small table's read takes to the driver: about twenty thousand files'
   * entries (some 450 bytes each with their statistics). A larger table is read by Delta's scan,
   * which rebuilds its state in parallel.
   */
  static final long MAX_CHECKPOINT_BYTES = 8L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The length to which Delta's statistics cut strings (its default). */
  static final int STATS_PREFIX = 32;

  private DeltaReads() {}

  /** The rows of the Delta table at {@code path}, at its latest version. */
  public static Dataset<Row> latest(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    return small(log, snapshot).orElseGet(() -> spark.read().format("delta").load(path));
  }

  /**
   * The rows of the Delta table at {@code path} whose string {@code column} equals {@code value},
   * at its latest version. Of a small table, the files whose statistics (the column's least and
   * greatest value) leave out {@code value} are not read, as Delta's own scan of a larger table
   * skips them: a table every run appends a file to, for one source at a time, is then read for one
   * source without reading the others' files.
   */
  public static Dataset<Row> latestWhere(
      SparkSession spark, String path, String column, String value) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    return small(log, snapshot, file -> mayHold(file, column, value))
        .orElseGet(() -> spark.read().format("delta").load(path))
        .where(col(column).equalTo(value));
  }

  /**
   * False only when the file's statistics show that no row of it has {@code value} in {@code
   * column}: its least and greatest values are both there, whole (Delta cuts a string of {@value
   * #STATS_PREFIX} characters or more to a prefix), and {@code value} is outside them in Spark's
   * order of strings (by their UTF-8 bytes).
   */
  static boolean mayHold(AddFile file, String column, String value) {
    String stats = file.stats();
    if (stats == null || stats.isEmpty()) {
      return true;
    }
    try {
      JsonNode node = JSON.readTree(stats);
      JsonNode min = node.path("minValues").path(column);
      JsonNode max = node.path("maxValues").path(column);
      if (!min.isTextual()
          || !max.isTextual()
          || min.asText().length() >= STATS_PREFIX
          || max.asText().length() >= STATS_PREFIX) {
        return true;
      }
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      return Arrays.compareUnsigned(min.asText().getBytes(StandardCharsets.UTF_8), v) <= 0
          && Arrays.compareUnsigned(v, max.asText().getBytes(StandardCharsets.UTF_8)) <= 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** The rows of the Delta table at {@code path} as of {@code version}. */
  public static Dataset<Row> at(SparkSession spark, String path, long version) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Optional<Dataset<Row>> small = Optional.empty();
    // A version the log is known to have needs no new listing of the log.
    if (version >= 0
        && (version <= log.unsafeVolatileSnapshot().version()
            || version <= log.update(false, Option.empty(), Option.empty()).version())) {
      small = small(log, log.getSnapshotAt(version, Option.empty(), Option.empty()));
    }
    return small.orElseGet(
        () -> spark.read().format("delta").option("versionAsOf", version).load(path));
  }

  /**
   * The absolute paths of the data files of the Delta table at {@code path} as of {@code version}:
   * for a small table from its log, else from Delta's scan of the table.
   */
  public static List<String> filesAt(SparkSession spark, String path, long version) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    return files(log, log.getSnapshotAt(version, Option.empty(), Option.empty()))
        .map(
            adds -> adds.stream().map(add -> absolutePath(log.dataPath(), add).toString()).toList())
        .orElseGet(
            () ->
                List.of(
                    spark
                        .read()
                        .format("delta")
                        .option("versionAsOf", version)
                        .load(path)
                        .inputFiles()));
  }

  /** The snapshot's rows read from the files its log names, when it is small; else empty. */
  private static Optional<Dataset<Row>> small(DeltaLog log, Snapshot snapshot) {
    return small(log, snapshot, file -> true);
  }

  /**
   * The snapshot's rows read from those of the files its log names that {@code read} keeps, when it
   * is small; else empty.
   */
  private static Optional<Dataset<Row>> small(
      DeltaLog log, Snapshot snapshot, Predicate<AddFile> read) {
    return files(log, snapshot)
        .map(
            files ->
                log.createDataFrame(
                    snapshot,
                    JavaConverters.asScalaBuffer(files.stream().filter(read).toList()).toSeq(),
                    false,
                    Option.apply("batch")));
  }

  /**
   * The data files of a small snapshot, by Delta's log replay of its checkpoint and the commits
   * after it; empty when the snapshot is not small (no table, a checkpoint larger than {@link
   * #MAX_CHECKPOINT_BYTES}, a commit no longer in the log, more than {@link #MAX_COMMITS} commits
   * after the checkpoint) or a file has a deletion vector (left to Delta's own scan).
   */
  static Optional<List<AddFile>> files(DeltaLog log, Snapshot snapshot) {
    return files(log, snapshot, MAX_COMMITS, MAX_CHECKPOINT_BYTES);
  }

  /** {@link #files(DeltaLog, Snapshot)} with other limits. */
  static Optional<List<AddFile>> files(
      DeltaLog log, Snapshot snapshot, int maxCommits, long maxCheckpointBytes) {
    LogSegment segment = snapshot.logSegment();
    long checkpoint = segment.checkpointProvider().version();
    List<FileStatus> commits = JavaConverters.seqAsJavaList(segment.deltas());
    if (snapshot.version() < 0
        || commits.size() != snapshot.version() - checkpoint
        || commits.size() > maxCommits) {
      return Optional.empty();
    }
    InMemoryLogReplay replay = new InMemoryLogReplay(0L, Option.empty());
    Configuration conf = log.newDeltaHadoopConf();
    if (checkpoint >= 0) {
      CheckpointProvider provider = snapshot.checkpointProvider();
      List<DeltaLogFileIndex> parts =
          JavaConverters.seqAsJavaList(provider.allActionsFileIndexes());
      if (provider.effectiveCheckpointSizeInBytes() > maxCheckpointBytes || parts.isEmpty()) {
        return Optional.empty();
      }
      replay.append(
          checkpoint, JavaConverters.asScalaIterator(checkpointFiles(log, parts, conf).iterator()));
    }
    long version = checkpoint + 1;
    for (FileStatus commit : commits) {
      List<Action> actions = commitActions(commit, conf);
      replay.append(version++, JavaConverters.asScalaIterator(actions.iterator()));
    }
    List<AddFile> files = JavaConverters.seqAsJavaList(replay.allFiles());
    if (files.stream().anyMatch(f -> f.deletionVector() != null)) {
      return Optional.empty();
    }
    return Optional.of(files);
  }

  /**
   * The actions of a commit file, opened with the status the log's listing gave: S3 then needs no
   * request to find the file before reading it, as a plain open makes.
   */
  private static List<Action> commitActions(FileStatus commit, Configuration conf) {
    Path path = commit.getPath();
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (FSDataInputStream in = StoreFiles.open(fs, commit)) {
        return actions(path, in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log file " + path, e);
    }
  }

  /**
   * The data files that commit {@code version} of the Delta table at {@code table} adds with a
   * change of data: its {@code add} actions whose {@code dataChange} is true, which leaves out the
   * files compaction adds for rows already in the table. The commit file is opened by its name,
   * with no listing of the log and no request to find it first (one request fewer per commit on S3
   * than asking whether it exists).
   *
   * @param fs the file system of the table
   * @param table the table's directory; the files' paths are resolved against it as given ({@link
   *     #absolutePath})
   * @param version the commit's version
   * @param file makes the caller's value of a file's absolute path and its partition values (by
   *     column; the value of a null partition is null)
   * @return the files in the commit's order
   * @throws FileNotFoundException when the commit is not in the log (not written yet, or removed by
   *     the log's cleanup)
   * @throws IOException when the commit cannot be read
   * @throws UnreadableLogFile when a line of the commit is not an action
   */
  public static <T> List<T> dataAdded(
      FileSystem fs, Path table, long version, BiFunction<String, Map<String, String>, T> file)
      throws IOException {
    Path commit = new Path(new Path(table, "_delta_log"), String.format("%020d.json", version));
    List<Action> actions;
    try (InputStream in = fs.open(commit)) {
      actions = actions(commit, in);
    }
    List<T> added = new ArrayList<>();
    for (Action action : actions) {
      if (action instanceof AddFile add && add.dataChange()) {
        Map<String, String> partitions =
            new LinkedHashMap<>(JavaConverters.mapAsJavaMap(add.partitionValues()));
        added.add(
            file.apply(
                absolutePath(table, add).toString(), Collections.unmodifiableMap(partitions)));
      }
    }
    return added;
  }

  /**
   * The absolute path of the data file an {@code add} action names, resolved as Delta resolves it:
   * the action's path is a URI (a space in a name is {@code %20}, a {@code +} is itself), relative
   * to the table's directory unless it is absolute. An absolute path without a scheme keeps the
   * table's file system.
   */
  static Path absolutePath(Path table, AddFile add) {
    return new Path(table, new Path(add.pathAsUri()));
  }

  /**
   * The actions of a commit file's JSON lines (empty lines skipped), parsed as Delta parses them.
   *
   * @throws UnreadableLogFile naming {@code file} when a line is not an action
   */
  private static List<Action> actions(Path file, InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<Action> actions = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        actions.add(Action.fromJson(line));
      } catch (Exception e) {
        // Jackson's exceptions are checked, and thrown undeclared through Scala.
        throw new UnreadableLogFile(file.toUri().toString(), e);
      }
    }
    return actions;
  }

  /**
   * The files a checkpoint's parts list (their {@code add} actions), read on the driver with
   * Parquet's record reader: a small checkpoint costs less to read there than to plan and run a
   * Spark query over. A checkpoint not in Parquet (a JSON part of a checkpoint of Delta's second
   * format) is read by one Spark query.
   */
  private static List<Action> checkpointFiles(
      DeltaLog log, List<DeltaLogFileIndex> parts, Configuration conf) {
    if (parts.stream().anyMatch(part -> !(part.format() instanceof ParquetFileFormat))) {
      return checkpointFilesByQuery(log, parts);
    }
    List<Action> adds = new ArrayList<>();
    for (DeltaLogFileIndex part : parts) {
      for (FileStatus file : part.files()) {
        try (ParquetReader<Group> reader = new CheckpointReader(file, conf).build()) {
          for (Group row = reader.read(); row != null; row = reader.read()) {
            if (row.getFieldRepetitionCount("add") > 0) {
              adds.add(Action.fromJson(addJson(row.getGroup("add", 0)).toString()));
            }
          }
        } catch (IOException | RuntimeException e) {
          // Jackson's and Parquet's exceptions, some thrown undeclared through Scala.
          throw new UnreadableLogFile(file.getPath().toUri().toString(), e);
        }
      }
    }
    return adds;
  }

  /** A reader of a checkpoint file's records with the replay's Hadoop configuration. */
  private static final class CheckpointReader extends ParquetReader.Builder<Group> {

    /**
     * Reads the file through its status: the builder of a path makes a Hadoop configuration of its
     * own, which parses Hadoop's default resources again for every file read.
     */
    CheckpointReader(FileStatus file, Configuration conf) throws IOException {
      super(HadoopInputFile.fromStatus(file, conf));
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }

  /** A checkpoint's {@code add} record as the JSON of the action in a commit file. */
  private static ObjectNode addJson(Group add) {
    ObjectNode action = JSON.createObjectNode();
    copy(add, action.putObject("add"));
    return action;
  }

  /**
   * Copies a record's fields to JSON: numbers, booleans and strings as they are, a map as an
   * object, a struct (a deletion vector's descriptor) field by field. The checkpoint's typed copies
   * of partition values and statistics ({@code *_parsed}) are left out, as commit files have none.
   */
  private static void copy(Group record, ObjectNode json) {
    for (Type field : record.getType().getFields()) {
      String name = field.getName();
      if (record.getFieldRepetitionCount(name) == 0 || name.endsWith("_parsed")) {
        continue;
      }
      if (field.isPrimitive()) {
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
          case INT64 -> json.put(name, record.getLong(name, 0));
          case INT32 -> json.put(name, record.getInteger(name, 0));
          case BOOLEAN -> json.put(name, record.getBoolean(name, 0));
          default -> json.put(name, record.getString(name, 0));
        }
      } else if (field.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
        ObjectNode map = json.putObject(name);
        Group entries = record.getGroup(name, 0);
        for (int i = 0; i < entries.getFieldRepetitionCount(0); i++) {
          Group entry = entries.getGroup(0, i);
          map.put(
              entry.getString("key", 0),
              entry.getFieldRepetitionCount("value") > 0 ? entry.getString("value", 0) : null);
        }
      } else {
        copy(record.getGroup(name, 0), json.putObject(name));
      }
    }
  }

  /** The files a checkpoint's parts list (their {@code add} actions), read by one Spark query. */
  private static List<Action> checkpointFilesByQuery(DeltaLog log, List<DeltaLogFileIndex> parts) {
    Dataset<Row> actions =
        parts.stream()
            .map(part -> log.loadIndex(part, Action$.MODULE$.logSchema()))
            .reduce(Dataset::unionAll)
            .orElseThrow();
    return actions
        .where("add IS NOT NULL")
        .as(SingleAction$.MODULE$.encoder())
        .collectAsList()
        .stream()
        .<Action>map(SingleAction::add)
        .toList();
  }
}
