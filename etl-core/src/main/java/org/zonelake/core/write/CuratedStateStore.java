package org.zonelake.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Remembers, per source, the versions of the input tables the curated tables were last computed
 * from: one small JSON file per source under {@code <curated>/_state/}. It is written only after
 * every curated table of the source was replaced, so a failed run is simply recomputed.
 */
public final class CuratedStateStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final Configuration hadoopConf;

  /** A store under {@code <curatedRoot>/_state}. */
  public CuratedStateStore(String curatedRoot, Configuration hadoopConf) {
    this.root = curatedRoot + "/_state";
    this.hadoopConf = hadoopConf;
  }

  /** The input table versions last consumed for {@code source}, by input name; empty if never. */
  public Optional<Map<String, Long>> read(String source) {
    Path file = new Path(root, source + ".json");
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        JsonNode node = JSON.readTree(in).path("versions");
        Map<String, Long> versions = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asLong()));
        return Optional.of(versions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read curated state " + file, e);
    }
  }

  /** Records the input table versions consumed for {@code source} by the run {@code runId}. */
  public void write(String source, String runId, Map<String, Long> versions) {
    Path file = new Path(root, source + ".json");
    ObjectNode node = JSON.createObjectNode();
    node.put("source", source);
    node.put("run_id", runId);
    ObjectNode versionNode = node.putObject("versions");
    versions.forEach(versionNode::put);
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      try (OutputStream out = fs.create(file, true)) {
        out.write(
            JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(node)
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write curated state " + file, e);
    }
  }
}
