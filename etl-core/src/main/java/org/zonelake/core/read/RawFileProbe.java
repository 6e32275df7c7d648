package org.zonelake.core.read;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.manifest.QuarantinedFile;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.model.ErrorMessage;

/**
 * Finds the raw files that cannot be read at all: missing (deleted after the listing), not allowed
 * to be opened, compressed files whose stream is corrupt or truncated, and CSV files whose header
 * does not name the contract's columns (Spark's reader fails the whole batch on such a file; see
 * {@link CsvHeader}). Each file is read to its end through the same decompression Spark uses
 * ({@code .gz} by Hadoop's codec for its suffix), so a file the probe passes is one Spark can read.
 * Probing reads the files once more; raw to processed only probes after a batch's read failed, and
 * for files in file quarantine before they are tried again.
 *
 * <p>A failure of the store itself (S3 answering {@code 503 SlowDown} or {@code 500} beyond the
 * retries, a connection that broke or timed out) says nothing about the file: the probe throws it
 * as a {@link LakeException} instead of reporting the file, so the batch fails and is read again by
 * the next run rather than quarantining a good file.
 */
public final class RawFileProbe {

  private static final int BUFFER = 64 * 1024;

  /** The longest first line a probe keeps for the header check. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private final Configuration conf;
  private final CompressionCodecFactory codecs;
  private final Function<String, Optional<String>> header;

  /**
   * A probe of whether files read at all, whatever their content.
   *
   * @param conf the Hadoop configuration to reach the files
   */
  public RawFileProbe(Configuration conf) {
    this(conf, line -> Optional.empty());
  }

  private RawFileProbe(Configuration conf, Function<String, Optional<String>> header) {
    this.conf = conf;
    this.codecs = new CompressionCodecFactory(conf);
    this.header = header;
  }

  /**
   * A probe of a source's raw files: they must read, and a CSV source's files must have the header
   * its contract names (compared as the session compares column names, by {@code
   * spark.sql.caseSensitive}).
   */
  public static RawFileProbe of(SparkSession spark, DatasetContract contract) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (!(contract.format() instanceof RawFormat.Csv csv)) {
      return new RawFileProbe(conf);
    }
    boolean caseSensitive =
        Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
    return new RawFileProbe(
        conf, line -> CsvHeader.mismatch(line, csv, contract.columnNames(), caseSensitive));
  }

  /**
   * Why the file cannot be read, or empty when it reads to its end.
   *
   * @param path the file's path or URI
   * @throws LakeException when the store failed rather than the file
   */
  public Optional<String> problem(String path) {
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(conf);
      CompressionCodec codec = codecs.getCodec(file);
      byte[] buffer = new byte[BUFFER];
      ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
      boolean lineEnded = false;
      try (InputStream raw = fs.open(file);
          InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
        // Read to the end: a corrupt or truncated stream fails on the way.
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          for (int i = 0; i < n && !lineEnded; i++) {
            lineEnded = buffer[i] == '\n' || firstLine.size() >= MAX_HEADER_BYTES;
            if (!lineEnded) {
              firstLine.write(buffer[i]);
            }
          }
        }
      }
      // An empty file has no header, and Spark reads no record from it.
      return firstLine.size() == 0 && !lineEnded
          ? Optional.empty()
          : header.apply(firstLine.toString(StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      // The local file system says "not found" for a file it may not open, or a directory.
      return Optional.of(
          stillThere(file)
              ? "cannot be opened: " + ErrorMessage.detail(e)
              : "file not found (deleted after it was listed)");
    } catch (org.apache.hadoop.security.AccessControlException
        | java.nio.file.AccessDeniedException e) {
      return Optional.of("access denied: " + ErrorMessage.detail(e));
    } catch (IOException | RuntimeException e) {
      if (isStoreFailure(e)) {
        throw LakeErrors.rawFileStoreFailed(path, e);
      }
      String kind = codecs.getCodec(file) == null ? "cannot be read" : "corrupt compressed stream";
      return Optional.of(kind + ": " + ErrorMessage.detail(e));
    }
  }

  private boolean stillThere(Path file) {
    try {
      return file.getFileSystem(conf).exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code failure} comes from the store or the network rather than from the file's bytes:
   * an S3A or AWS SDK exception, a broken or refused connection, a time-out.
   */
  static boolean isStoreFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (type.startsWith("org.apache.hadoop.fs.s3a.")
          || type.startsWith("com.amazonaws.")
          || type.startsWith("software.amazon.awssdk.")
          || t instanceof java.net.SocketException
          || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** The files among {@code files} that cannot be read, each with its reason, in their order. */
  public List<QuarantinedFile> unreadable(List<RawFile> files) {
    List<QuarantinedFile> bad = new ArrayList<>();
    for (RawFile file : files) {
      problem(file.path()).ifPresent(reason -> bad.add(new QuarantinedFile(file, reason)));
    }
    return bad;
  }
}
