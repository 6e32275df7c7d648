package org.zonelake.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the streaming checkpoint an earlier version of raw to processed kept per source (a
 * Structured Streaming file source): which raw files its committed micro-batches read. Used once,
 * to carry a lake over to manifests without reading any raw file twice.
 */
public final class StreamingCheckpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamingCheckpoint() {}

  /**
   * The files of the checkpoint's committed micro-batches, or empty when there is no checkpoint at
   * {@code directory} (or it committed nothing).
   */
  public static List<RawFile> committedFiles(String directory, Configuration conf) {
    Path checkpoint = new Path(directory);
    Path commits = new Path(checkpoint, "commits");
    Path log = new Path(new Path(checkpoint, "sources"), "0");
    List<RawFile> files = new ArrayList<>();
    try {
      FileSystem fs = checkpoint.getFileSystem(conf);
      if (!fs.exists(commits) || !fs.exists(log)) {
        return files;
      }
      long lastCommitted = -1;
      for (FileStatus status : fs.listStatus(commits)) {
        String name = status.getPath().getName();
        if (name.matches("[0-9]+")) {
          lastCommitted = Math.max(lastCommitted, Long.parseLong(name));
        }
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (FileStatus status : fs.listStatus(log)) {
        String name = status.getPath().getName();
        if (!name.matches("[0-9]+(\\.compact)?")) {
          continue;
        }
        try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(fs.open(status.getPath()), StandardCharsets.UTF_8))) {
          String line = in.readLine(); // the log's version, "v1"
          while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
              continue;
            }
            JsonNode entry = JSON.readTree(line);
            if (entry.path("batchId").asLong(Long.MAX_VALUE) <= lastCommitted
                && seen.add(entry.get("path").asText())) {
              files.add(
                  new RawFile(
                      new Path(new java.net.URI(entry.get("path").asText())).toString(),
                      0,
                      entry.path("timestamp").asLong()));
            }
          }
        } catch (java.net.URISyntaxException e) {
          throw new IOException("Unreadable path in " + status.getPath(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the streaming checkpoint " + directory, e);
    }
    return files;
  }
}
