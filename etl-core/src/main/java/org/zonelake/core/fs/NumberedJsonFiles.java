package org.zonelake.core.fs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of numbered JSON documents, {@code <number>.json} (the number zero-padded to twenty
 * digits), beside one {@code state.json}: the layout of the manifest and replay logs.
 *
 * @param directory the directory (created on first write)
 * @param conf the Hadoop configuration to reach it
 * @param kind what the documents are, for errors ("manifests", "replays")
 */
public record NumberedJsonFiles(Path directory, Configuration conf, String kind) {

  private static final String STATE = "state.json";

  /**
   * @param directory the directory's URI or local path (created on first write)
   * @param conf the Hadoop configuration to reach it
   * @param kind what the documents are, for errors ("manifests", "replays")
   */
  public NumberedJsonFiles(String directory, Configuration conf, String kind) {
    this(new Path(directory), conf, kind);
  }

  /**
   * The location of the entry {@code name} of the directory (a file or a directory beside the
   * documents).
   */
  public String location(String name) {
    return new Path(directory, name).toString();
  }

  /** Where the document with this number is (or will be). */
  public Path path(long number) {
    return new Path(directory, String.format("%020d.json", number));
  }

  /** Where the document with this number is (or will be), as a location string. */
  public String documentLocation(long number) {
    return path(number).toString();
  }

  /**
   * An entry of the directory named as a numbered document, as the directory's listing shows it.
   *
   * @param number the number in its name
   * @param status its status (whether it is a file, its size, when it was last modified)
   */
  public record Document(long number, FileStatus status) {}

  /** The highest number of a document in the directory, or -1 when it holds none. */
  public long highest() {
    try {
      return documents().stream().mapToLong(Document::number).max().orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the " + kind + " in " + directory, e);
    }
  }

  /**
   * The entries of the directory named {@code <number>.json}, in the listing's order; none when
   * there is no directory (one listing).
   */
  public List<Document> documents() throws IOException {
    FileSystem fs = directory.getFileSystem(conf);
    List<Document> documents = new ArrayList<>();
    for (FileStatus status : StoreFiles.listOrNone(fs, directory)) {
      String name = status.getPath().getName();
      if (name.matches("[0-9]+\\.json")) {
        documents.add(new Document(Long.parseLong(name.substring(0, name.length() - 5)), status));
      }
    }
    return documents;
  }

  /** How to recover a damaged document of the directory. */
  private static final String DAMAGED_FIX =
      "restore the file from a copy; the README section 'Damaged state files' says what each of"
          + " these files holds and what a run does without it";

  /**
   * The document with this number, or empty when there is none.
   *
   * @throws org.zonelake.core.errors.LakeException naming the file when it is empty or not JSON
   */
  public Optional<JsonNode> read(long number) {
    return JsonFiles.read(path(number), conf, "File", DAMAGED_FIX);
  }

  /**
   * The document with this number, which the directory's state says exists.
   *
   * @throws IllegalStateException naming the document when it is not there
   */
  public JsonNode require(long number) {
    return read(number)
        .orElseThrow(
            () ->
                new IllegalStateException("Of the " + kind + ", " + path(number) + " is missing"));
  }

  /** Writes the document with this number, replacing it. */
  public void write(long number, JsonNode content) {
    JsonFiles.write(path(number), conf, content);
  }

  /**
   * The state document, or empty before it is first written.
   *
   * @throws org.zonelake.core.errors.LakeException naming the file when it is empty or not JSON
   */
  public Optional<JsonNode> state() {
    return JsonFiles.read(new Path(directory, STATE), conf, "File", DAMAGED_FIX);
  }

  /** Replaces the state document. */
  public void writeState(JsonNode content) {
    JsonFiles.write(new Path(directory, STATE), conf, content);
  }
}
