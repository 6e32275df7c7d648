package org.zonelake.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.fs.JsonFiles;

/**
 * Remembers, per source, the versions of the input tables the curated tables were last computed
 * from: one small JSON file per source under {@code <curated>/_state/}. It is written only after
 * every curated table of the source was replaced, so a failed run is simply recomputed.
 */
public final class CuratedStateStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a file of the store is, in its read and write errors. */
  private static final String STATE = "curated state";

  private final String root;
  private final String keyField;
  private final Configuration hadoopConf;

  /** A store under {@code <curatedRoot>/_state}. */
  public CuratedStateStore(String curatedRoot, Configuration hadoopConf) {
    this(hadoopConf, curatedRoot + "/_state", "source");
  }

  private CuratedStateStore(Configuration hadoopConf, String directory, String keyField) {
    this.root = directory;
    this.keyField = keyField;
    this.hadoopConf = hadoopConf;
  }

  /**
   * A store for the joined datasets, under {@code <curatedRoot>/_state/joins}: one file per joined
   * dataset, kept apart from the sources' so a dataset may share a name with a source. Besides
   * table versions, a joined dataset's entry may hold 64-bit fingerprints (of its declaration, of a
   * reference table) under their own names.
   */
  public static CuratedStateStore forJoinedDatasets(String curatedRoot, Configuration hadoopConf) {
    return new CuratedStateStore(hadoopConf, curatedRoot + "/_state/joins", "dataset");
  }

  /**
   * What a run recorded for a source or joined dataset: the input table versions it consumed, by
   * input name, and figures of what it wrote (see {@link #write(String, String, Map, Map)}).
   *
   * @param versions the versions consumed
   * @param figures the figures recorded with them; empty when the run kept none
   */
  public record Entry(Map<String, Long> versions, Map<String, Long> figures) {

    /** Copies the maps, keeping their order (as the file lists them). */
    public Entry {
      versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
      figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }
  }

  /** The input table versions last consumed for {@code source}, by input name; empty if never. */
  public Optional<Map<String, Long>> read(String source) {
    return entry(source).map(Entry::versions);
  }

  /** Where the state of {@code key} (a source or joined dataset) is kept. */
  public String location(String key) {
    return new Path(root, key + ".json").toString();
  }

  /** The sources or joined datasets the store holds a state of, sorted; none before any. */
  public List<String> keys() {
    Path directory = new Path(root);
    try {
      FileSystem fs = directory.getFileSystem(hadoopConf);
      FileStatus[] files;
      try {
        // One listing (on S3 a LIST request), where asking first whether the directory exists
        // would add two requests to every run.
        files = fs.listStatus(directory);
      } catch (java.io.FileNotFoundException e) {
        return List.of();
      }
      List<String> keys = new ArrayList<>();
      for (FileStatus file : files) {
        String name = file.getPath().getName();
        if (file.isFile() && name.endsWith(".json")) {
          keys.add(name.substring(0, name.length() - ".json".length()));
        }
      }
      keys.sort(String::compareTo);
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the " + STATE + " in " + root, e);
    }
  }

  /** What the last run recorded for {@code key} (one read of its file); empty if never. */
  public Optional<Entry> entry(String key) {
    return document(key)
        .map(document -> new Entry(section(document, "versions"), section(document, "figures")));
  }

  private static Map<String, Long> section(JsonNode document, String name) {
    Map<String, Long> values = new LinkedHashMap<>();
    document
        .path(name)
        .fields()
        .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asLong()));
    return values;
  }

  /**
   * The file of {@code key}, parsed; empty if never written.
   *
   * @throws LakeException when the file is not JSON (damaged), saying how to recover
   */
  private Optional<JsonNode> document(String key) {
    return JsonFiles.read(
        new Path(location(key)),
        hadoopConf,
        "Curated state",
        "delete the file: the next run recomputes every day of "
            + key
            + " from the processed tables, as on its first run");
  }

  /** Records the input table versions consumed for {@code source} by the run {@code runId}. */
  public void write(String source, String runId, Map<String, Long> versions) {
    write(source, runId, versions, Map.of());
  }

  /**
   * Records the input table versions consumed for {@code source} by the run {@code runId}, with
   * figures of what that run wrote (such as a joined dataset's rows) that runs finding nothing new
   * report without reading a table.
   */
  public void write(
      String source, String runId, Map<String, Long> versions, Map<String, Long> figures) {
    Path file = new Path(location(source));
    ObjectNode node = JSON.createObjectNode();
    node.put(keyField, source);
    node.put("run_id", runId);
    ObjectNode versionNode = node.putObject("versions");
    versions.forEach(versionNode::put);
    if (!figures.isEmpty()) {
      ObjectNode figureNode = node.putObject("figures");
      figures.forEach(figureNode::put);
    }
    JsonFiles.write(file, hadoopConf, node, STATE);
  }
}
