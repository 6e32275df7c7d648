package org.zonelake.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.fs.NumberedJsonFiles;
import org.zonelake.core.fs.StoreFiles;

/**
 * The manifests of one source and their state, as small JSON files in one directory ({@code
 * <processed>/_manifests/<source>/}): {@code <number>.json} per manifest, written before the batch
 * touches any table, and {@code state.json}, rewritten after a batch committed everything.
 */
public final class ManifestLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The suffix of a run's file list. */
  private static final String FILE_LIST = ".files";

  private final NumberedJsonFiles files;
  private final Configuration conf;

  /**
   * @param directory the source's manifest directory (created on first write)
   * @param conf the Hadoop configuration to reach it
   */
  public ManifestLog(String directory, Configuration conf) {
    this.files = new NumberedJsonFiles(new Path(directory), conf, "manifests");
    this.conf = conf;
  }

  /**
   * The committed state, or {@link ManifestState#NONE} before the first commit. A log whose state
   * file is gone but whose manifests are there (the file was deleted) has a state that covers no
   * day: a listing then looks up in the source's tables which of its files were taken.
   */
  public ManifestState state() {
    Optional<JsonNode> node = files.state();
    if (node.isEmpty()) {
      return files.highest() < 0
          ? ManifestState.NONE
          : new ManifestState(-1, Optional.empty(), Set.of(), Map.of(), Map.of(), LocalDate.MAX);
    }
    JsonNode s = node.get();
    Set<String> recent = new TreeSet<>();
    s.path("recent_files").forEach(f -> recent.add(f.asText()));
    Optional<LocalDate> watermark =
        s.hasNonNull("watermark")
            ? Optional.of(LocalDate.parse(s.get("watermark").asText()))
            : Optional.empty();
    java.util.Map<String, QuarantinedFile> pending = new java.util.TreeMap<>();
    for (JsonNode f : s.path("pending_files")) {
      QuarantinedFile file = quarantinedFile(f);
      pending.put(file.path(), file);
    }
    java.util.Map<String, RawFile> asTaken = new java.util.TreeMap<>();
    for (JsonNode f : s.path("taken_files")) {
      RawFile file = rawFile(f);
      asTaken.put(file.path(), file);
    }
    long committed = s.path("committed").asLong(-1);
    // A state an earlier version wrote does not say which days its recent files cover.
    return s.hasNonNull("covered_from")
        ? new ManifestState(
            committed,
            watermark,
            recent,
            pending,
            asTaken,
            LocalDate.parse(s.get("covered_from").asText()))
        : new ManifestState(committed, watermark, recent, pending, asTaken);
  }

  /** The highest number of a manifest written, or -1 before the first (one listing, none read). */
  public long highest() {
    return files.highest();
  }

  /** The manifest with this number. */
  public Manifest manifest(long number) {
    JsonNode m = files.require(number);
    List<RawFile> raw = new ArrayList<>();
    for (JsonNode f : m.path("files")) {
      raw.add(rawFile(f));
    }
    List<QuarantinedFile> quarantined = new ArrayList<>();
    for (JsonNode f : m.path("quarantined")) {
      quarantined.add(quarantinedFile(f));
    }
    return new Manifest(
        m.get("source").asText(),
        m.get("number").asLong(),
        m.get("run_id").asText(),
        Instant.parse(m.get("created_at").asText()),
        raw,
        quarantined);
  }

  private static RawFile rawFile(JsonNode f) {
    return new RawFile(
        f.get("path").asText(), f.path("size").asLong(), f.path("modified").asLong());
  }

  private static QuarantinedFile quarantinedFile(JsonNode f) {
    return new QuarantinedFile(rawFile(f), f.path("reason").asText());
  }

  private static ObjectNode put(ArrayNode array, RawFile file) {
    return array
        .addObject()
        .put("path", file.path())
        .put("size", file.size())
        .put("modified", file.modified());
  }

  private static void put(ArrayNode array, QuarantinedFile file) {
    put(array, file.file()).put("reason", file.reason());
  }

  /** Where the manifest with this number is (or will be). */
  public String location(long number) {
    return files.path(number).toString();
  }

  /**
   * Writes a manifest (before the batch writes anything); written again with the files it
   * quarantines before the batch commits anything.
   */
  public void write(Manifest manifest) {
    ObjectNode m = JSON.createObjectNode();
    m.put("source", manifest.source());
    m.put("number", manifest.number());
    m.put("run_id", manifest.runId());
    m.put("created_at", manifest.createdAt().toString());
    ArrayNode listed = m.putArray("files");
    manifest.files().forEach(file -> put(listed, file));
    if (!manifest.quarantined().isEmpty()) {
      ArrayNode quarantined = m.putArray("quarantined");
      manifest.quarantined().forEach(q -> put(quarantined, q));
    }
    files.write(manifest.number(), m);
  }

  /** Records the state after a batch committed everything. */
  public void commit(ManifestState state) {
    ObjectNode s = JSON.createObjectNode();
    s.put("committed", state.committed());
    state.watermark().ifPresent(w -> s.put("watermark", w.toString()));
    s.put("covered_from", state.coveredFrom().toString());
    ArrayNode recent = s.putArray("recent_files");
    state.recentFiles().forEach(recent::add);
    ArrayNode taken = s.putArray("taken_files");
    state.recentAsTaken().values().forEach(file -> put(taken, file));
    if (!state.pendingFiles().isEmpty()) {
      ArrayNode pending = s.putArray("pending_files");
      state.pendingFiles().values().forEach(q -> put(pending, q));
    }
    files.writeState(s);
  }

  /**
   * Stores the list of files a run read (one path per line) beside the manifests and returns where,
   * for a ledger item that cannot hold the list itself.
   */
  public String storeFileList(String runId, List<String> paths) {
    Path file = new Path(fileListDirectory(), runId + FILE_LIST);
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(String.join("\n", paths).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file.toString();
  }

  /** The directory of the runs' file lists ({@code runs/} beside the manifests). */
  private Path fileListDirectory() {
    return new Path(files.directory(), "runs");
  }

  /**
   * The entries of the file lists' directory ({@code runs/}) named as file lists ({@code <run
   * id>.files}), as one listing shows them; none when no list was stored.
   */
  List<FileStatus> fileLists() throws IOException {
    Path dir = fileListDirectory();
    return Arrays.stream(StoreFiles.listOrNone(dir.getFileSystem(conf), dir))
        .filter(status -> status.getPath().getName().endsWith(FILE_LIST))
        .toList();
  }

  /**
   * The manifests' entries of the directory ({@code <number>.json}), as one listing shows them;
   * none when nothing was written.
   */
  List<NumberedJsonFiles.Document> manifests() throws IOException {
    return files.documents();
  }
}
