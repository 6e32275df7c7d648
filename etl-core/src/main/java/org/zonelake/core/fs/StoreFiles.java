package org.zonelake.core.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Files named by location (a local path or a URI such as {@code s3a://bucket/key}) on whatever
 * Hadoop file system reaches them: for the parts of the jobs that look at files rather than tables.
 */
public final class StoreFiles {

  private StoreFiles() {}

  /**
   * Whether a file or directory of this name is hidden from readers: Spark (and so Delta and the
   * lake) skips names starting with {@code _} (unless they hold a {@code =}, as a partition
   * directory does) or {@code .} when it reads a directory, which is where tables keep their logs
   * and jobs their state.
   */
  public static boolean hidden(String name) {
    // Spark reads a name with "=" (a partition directory such as _p=1) even after an underscore.
    return (name.startsWith("_") && !name.contains("=")) || name.startsWith(".");
  }

  /** The location as the file system names it: with its scheme, absolute. */
  public static String qualify(String location, Configuration conf) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(conf).makeQualified(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + location, e);
    }
  }

  /** The path part of a location, without scheme and authority ({@code /raw/orders/a.json}). */
  public static String pathOf(String location) {
    return new Path(location).toUri().getPath();
  }

  /**
   * The entries of the directory {@code dir}; none when there is no such directory (one listing,
   * where asking first would cost S3 a request more).
   */
  public static FileStatus[] listOrNone(FileSystem fs, Path dir) throws IOException {
    return listIfPresent(fs, dir).orElseGet(() -> new FileStatus[0]);
  }

  /**
   * The entries of the directory {@code dir}, or empty when there is no such directory (one
   * listing, as {@link #listOrNone}), for a caller that tells a missing directory from an empty
   * one.
   */
  public static Optional<FileStatus[]> listIfPresent(FileSystem fs, Path dir) throws IOException {
    try {
      return Optional.of(fs.listStatus(dir));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Whether a file or directory is at the location. */
  public static boolean exists(String location, Configuration conf) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + location, e);
    }
  }

  /**
   * The text (UTF-8) of the file at {@code path}; empty when there is none (one open, where asking
   * first would cost S3 a request more, two for a missing file). Whatever the file system reports
   * as not found reads as no file: on a local disk also a directory, or a file the process may not
   * read.
   */
  public static Optional<String> text(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /**
   * Opens a file a listing found, with the status the listing gave: S3 then needs no request to
   * find the file before reading it, as a plain open makes.
   */
  public static FSDataInputStream open(FileSystem fs, FileStatus file) throws IOException {
    return FutureIO.awaitFuture(fs.openFile(file.getPath()).withFileStatus(file).build());
  }

  /** Opens the file at the location. */
  public static InputStream open(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    return path.getFileSystem(conf).open(path);
  }

  /**
   * The file at the location, or the files below the directory there, qualified; as Spark reads a
   * directory, files and directories below it whose names are {@link #hidden} are left out (the
   * location itself is read whatever its name, e.g. a staging directory the caller names).
   */
  public static List<String> visibleFiles(String location, Configuration conf) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(conf);
      List<String> found = new ArrayList<>();
      collect(fs, fs.getFileStatus(path), found);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + location, e);
    }
  }

  private static void collect(FileSystem fs, FileStatus status, List<String> found)
      throws IOException {
    if (status.isFile()) {
      found.add(fs.makeQualified(status.getPath()).toString());
      return;
    }
    for (FileStatus child : fs.listStatus(status.getPath())) {
      if (!hidden(child.getPath().getName())) {
        collect(fs, child, found);
      }
    }
  }
}
