package org.zonelake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.fs.JsonFiles;

/**
 * The replays of one source, beside its manifests ({@code <processed>/_replays/<source>/}): for
 * each replay that changed anything, {@code <number>.json} (the selection, the quarantine and
 * processed versions it read, the quarantine files it rewrites) and {@code rows-<number>/} (every
 * selected row with its outcome, written before any table is touched), and {@code state.json}, the
 * last replay that committed everything. A replay stopped between its commits is completed from its
 * stored rows by the next replay of the source, so its tables commit it exactly once.
 */
final class ReplayLog {

  private static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One replay.
   *
   * @param number its number (the idempotent-write version of its commits)
   * @param runId the run that started it
   * @param startedAt when
   * @param selection which rows it took
   * @param quarantineVersion the quarantine table version it read them from
   * @param processedVersion the processed table version it compared them with (-1: no table)
   * @param quarantineFiles the quarantine data files holding rows it changes
   */
  record Entry(
      long number,
      String runId,
      Instant startedAt,
      ReplaySelection selection,
      long quarantineVersion,
      long processedVersion,
      List<String> quarantineFiles) {

    /** Copies the list. */
    Entry {
      quarantineFiles = List.copyOf(quarantineFiles);
    }
  }

  private final Path directory;
  private final Configuration conf;

  ReplayLog(String directory, Configuration conf) {
    this.directory = new Path(directory);
    this.conf = conf;
  }

  /** The replay log directory of a source. */
  static String directory(String processedRoot, String source) {
    return processedRoot + "/_replays/" + source;
  }

  /** The last replay that committed everything, or -1. */
  long committed() {
    return read(new Path(directory, STATE)).map(s -> s.path("committed").asLong(-1)).orElse(-1L);
  }

  /** The replay that was started but did not commit everything, if any. */
  Optional<Entry> pending() {
    long latest = latest();
    return latest > committed() ? Optional.of(entry(latest)) : Optional.empty();
  }

  /** The number the next replay takes. */
  long next() {
    return Math.max(latest(), committed()) + 1;
  }

  /** Where the rows of a replay are stored (Parquet). */
  String rows(long number) {
    return new Path(directory, String.format("rows-%020d", number)).toString();
  }

  /** Where the entry of a replay is. */
  String location(long number) {
    return entryPath(number).toString();
  }

  /** Writes an entry, before the replay writes anything else. */
  void write(Entry entry) {
    ObjectNode e = JSON.createObjectNode();
    e.put("number", entry.number());
    e.put("run_id", entry.runId());
    e.put("started_at", entry.startedAt().toString());
    e.set("selection", entry.selection().toJson());
    e.put("quarantine_version", entry.quarantineVersion());
    e.put("processed_version", entry.processedVersion());
    e.put("rows", rows(entry.number()));
    ArrayNode files = e.putArray("quarantine_files");
    entry.quarantineFiles().forEach(files::add);
    write(entryPath(entry.number()), e);
  }

  /** Records that a replay committed everything. */
  void commit(long number) {
    ObjectNode s = JSON.createObjectNode();
    s.put("committed", number);
    write(new Path(directory, STATE), s);
  }

  private Entry entry(long number) {
    Path file = entryPath(number);
    JsonNode e =
        read(file).orElseThrow(() -> new IllegalStateException("Replay " + file + " is missing"));
    List<String> files = new ArrayList<>();
    e.path("quarantine_files").forEach(f -> files.add(f.asText()));
    return new Entry(
        e.get("number").asLong(),
        e.get("run_id").asText(),
        Instant.parse(e.get("started_at").asText()),
        ReplaySelection.fromJson(e.get("selection")),
        e.get("quarantine_version").asLong(),
        e.get("processed_version").asLong(),
        files);
  }

  private long latest() {
    try {
      FileSystem fs = directory.getFileSystem(conf);
      if (!fs.exists(directory)) {
        return -1;
      }
      long highest = -1;
      for (FileStatus status : fs.listStatus(directory)) {
        String name = status.getPath().getName();
        if (name.matches("[0-9]+\\.json")) {
          highest = Math.max(highest, Long.parseLong(name.substring(0, name.length() - 5)));
        }
      }
      return highest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the replays in " + directory, e);
    }
  }

  private Path entryPath(long number) {
    return new Path(directory, String.format("%020d.json", number));
  }

  private Optional<JsonNode> read(Path file) {
    return JsonFiles.read(file, conf);
  }

  private void write(Path file, JsonNode content) {
    JsonFiles.write(file, conf, content);
  }
}
