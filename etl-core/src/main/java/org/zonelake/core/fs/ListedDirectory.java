package org.zonelake.core.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.errors.LakeErrors;

/**
 * The files of one directory, as a single listing found them, on any Hadoop file system: their
 * names, and their texts read with the status the listing gave (on S3 one {@code GET} a file, and
 * no request to find it first). A job lists its contracts directory once and reads its contracts
 * and rulesets from that listing, so every declaration of a run comes from one view of the
 * directory.
 */
public final class ListedDirectory {

  private final String location;
  private final FileSystem fs;
  private final Optional<Map<String, FileStatus>> files;
  private final List<String> directories;
  private final boolean isFile;

  private ListedDirectory(
      String location,
      FileSystem fs,
      Optional<Map<String, FileStatus>> files,
      List<String> directories,
      boolean isFile) {
    this.location = location;
    this.fs = fs;
    this.files = files;
    this.directories = List.copyOf(directories);
    this.isFile = isFile;
  }

  /**
   * Lists the directory at {@code location} (one listing; none is found when there is no such
   * directory).
   *
   * @param location a directory URI or local path, kept as given for messages
   * @param conf the Hadoop configuration that reaches it
   */
  public static ListedDirectory of(String location, Configuration conf) {
    Path dir = new Path(location);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Optional<FileStatus[]> listed = StoreFiles.listIfPresent(fs, dir);
      Map<String, FileStatus> byName = new TreeMap<>();
      List<String> directories = new ArrayList<>();
      for (FileStatus status : listed.orElse(new FileStatus[0])) {
        if (status.isFile()) {
          byName.put(status.getPath().getName(), status);
        } else {
          directories.add(status.getPath().getName());
        }
      }
      // A file lists as itself.
      boolean isFile =
          byName.size() == 1
              && directories.isEmpty()
              && byName.values().iterator().next().getPath().equals(fs.makeQualified(dir));
      return new ListedDirectory(
          location,
          fs,
          listed.isPresent() && !isFile ? Optional.of(byName) : Optional.empty(),
          directories,
          isFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + location, e);
    }
  }

  /** The location, as given. */
  public String location() {
    return location;
  }

  /** Whether the location is a file, not a directory (it then lists nothing). */
  public boolean isFile() {
    return isFile;
  }

  /** The names of the directories in the directory, sorted. */
  public List<String> directories() {
    return directories.stream().sorted().toList();
  }

  /** Whether the directory was there when it was listed. */
  public boolean exists() {
    return files.isPresent();
  }

  /**
   * The names of the listed files (not directories) whose names end with {@code suffix}, sorted;
   * none without the directory. Hidden names ({@link StoreFiles#hidden}) are included: the caller
   * decides about them.
   */
  public List<String> names(String suffix) {
    return files
        .map(f -> f.keySet().stream().filter(n -> n.endsWith(suffix)).toList())
        .orElse(List.of());
  }

  /** The full path of the listed file {@code name}, as the file system names it. */
  public String path(String name) {
    return status(name).map(s -> s.getPath().toString()).orElseThrow(() -> notListed(name));
  }

  /**
   * The text (UTF-8) of the file {@code name}; empty when the listing did not find it.
   *
   * @throws UncheckedIOException when a listed file cannot be read (also when it was deleted since)
   * @throws org.zonelake.core.errors.LakeException naming the line when the file is not UTF-8
   */
  public Optional<String> text(String name) {
    Optional<FileStatus> status = status(name);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    Path path = status.get().getPath();
    try (InputStream in = StoreFiles.open(fs, status.get())) {
      return Optional.of(utf8(path, in.readAllBytes()));
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException(
          "Cannot read "
              + path
              + ", which the listing of "
              + location
              + " found: it is no longer there or cannot be opened ("
              + e.getMessage()
              + "). Fix: run again once the directory's files are in place and readable",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  private Optional<FileStatus> status(String name) {
    return files.map(f -> f.get(name));
  }

  private IllegalArgumentException notListed(String name) {
    return new IllegalArgumentException(name + " is not a file of " + location);
  }

  /** The bytes as UTF-8 text, refused where they are not UTF-8 (not replaced). */
  private static String utf8(Path path, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw LakeErrors.notUtf8Text(path.toString(), line, bytes[in.position()]);
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
