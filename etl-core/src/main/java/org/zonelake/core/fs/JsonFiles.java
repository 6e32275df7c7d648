package org.zonelake.core.fs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.errors.LakeErrors;

/** Small JSON documents kept beside the tables (manifests, logs), on any Hadoop file system. */
public final class JsonFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /**
   * The document in {@code file}, or empty when there is none.
   *
   * @param what what the file is, for messages, e.g. {@code Curated state}
   * @param fix how to recover when the file is damaged
   * @throws org.zonelake.core.errors.LakeException when the file is empty, not JSON, or no longer
   *     matches its checksum file (damaged)
   */
  public static Optional<JsonNode> read(Path file, Configuration conf, String what, String fix) {
    JsonNode document;
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      document = JSON.readTree(in);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (ChecksumException e) {
      throw LakeErrors.damagedFile(
          what,
          file.toString(),
          "its content no longer matches its checksum file (." + file.getName() + ".crc)",
          e,
          fix);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw LakeErrors.damagedJsonFile(
          what,
          file.toString(),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          e,
          fix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (document == null || document.isMissingNode() || document.isNull()) {
      throw LakeErrors.damagedFile(what, file.toString(), "it is empty", null, fix);
    }
    return Optional.of(document);
  }

  /** Writes {@code content} to {@code file}, replacing it. */
  public static void write(Path file, Configuration conf, JsonNode content) {
    replace(file, conf, content, "Cannot write " + file);
  }

  /**
   * Writes {@code content} to {@code file}, replacing it; a failure says what the file is ({@code
   * what} "curated state" fails as {@code Cannot write curated state <file>}).
   */
  public static void write(Path file, Configuration conf, JsonNode content, String what) {
    replace(file, conf, content, "Cannot write " + what + " " + file);
  }

  /**
   * Replaces the file whole or not at all: a process killed while it writes must not leave a
   * truncated manifest or state, which the next run would misread. An object store (S3) shows a new
   * object only once it is complete; elsewhere the document is written beside the file under a
   * hidden name and renamed over it.
   */
  private static void replace(Path file, Configuration conf, JsonNode content, String failure) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (isObjectStore(fs)) {
        write(fs, file, content);
        return;
      }
      Path written = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID());
      try {
        write(fs, written, content);
        if (!fs.rename(written, file)) {
          // A file system whose rename does not replace: the window without the file is short.
          fs.delete(file, false);
          if (!fs.rename(written, file)) {
            throw new IOException("cannot rename " + written + " to " + file);
          }
        }
      } finally {
        fs.delete(written, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(failure, e);
    }
  }

  private static void write(FileSystem fs, Path file, JsonNode content) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, content);
    }
  }

  /** Whether the file system stores objects, written whole on close (S3, Google Cloud Storage). */
  private static boolean isObjectStore(FileSystem fs) {
    String scheme = fs.getScheme();
    return scheme.startsWith("s3") || scheme.equals("gs");
  }
}
