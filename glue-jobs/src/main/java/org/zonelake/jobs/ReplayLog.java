package org.zonelake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.zonelake.core.fs.NumberedJsonFiles;

/**
 * The replays of one source, beside its manifests ({@code <processed>/_replays/<source>/}): for
 * each replay that changed anything, {@code <number>.json} (the selection, the quarantine and
 * processed versions it read, the quarantine files it rewrites) and {@code rows-<number>/} (every
 * selected row with its outcome, written before any table is touched), and {@code state.json}, the
 * last replay that committed everything. A replay stopped between its commits is completed from its
 * stored rows by the next replay of the source, so its tables commit it exactly once.
 */
final class ReplayLog {

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

    /** What a dry run says of this entry when it is pending. */
    String stoppedNote() {
      return "replay "
          + number
          + " of run "
          + runId
          + " stopped before it committed everything; the next replay completes it first.";
    }
  }

  private final NumberedJsonFiles files;

  ReplayLog(String directory, Configuration conf) {
    this.files = new NumberedJsonFiles(directory, conf, "replays");
  }

  /** The last replay that committed everything, or -1. */
  long committed() {
    return files.state().map(s -> s.path("committed").asLong(-1)).orElse(-1L);
  }

  /** The replay that was started but did not commit everything, if any. */
  Optional<Entry> pending() {
    long latest = files.highest();
    return latest > committed() ? Optional.of(entry(latest)) : Optional.empty();
  }

  /** The number the next replay takes. */
  long next() {
    return Math.max(files.highest(), committed()) + 1;
  }

  /** Where the rows of a replay are stored (Parquet). */
  String rows(long number) {
    return files.location(String.format("rows-%020d", number));
  }

  /** Where the entry of a replay is. */
  String location(long number) {
    return files.documentLocation(number);
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
    ArrayNode quarantineFiles = e.putArray("quarantine_files");
    entry.quarantineFiles().forEach(quarantineFiles::add);
    files.write(entry.number(), e);
  }

  /** Records that a replay committed everything. */
  void commit(long number) {
    ObjectNode s = JSON.createObjectNode();
    s.put("committed", number);
    files.writeState(s);
  }

  private Entry entry(long number) {
    JsonNode e = files.require(number);
    List<String> quarantineFiles = new ArrayList<>();
    e.path("quarantine_files").forEach(f -> quarantineFiles.add(f.asText()));
    return new Entry(
        e.get("number").asLong(),
        e.get("run_id").asText(),
        Instant.parse(e.get("started_at").asText()),
        ReplaySelection.fromJson(e.get("selection")),
        e.get("quarantine_version").asLong(),
        e.get("processed_version").asLong(),
        quarantineFiles);
  }
}
