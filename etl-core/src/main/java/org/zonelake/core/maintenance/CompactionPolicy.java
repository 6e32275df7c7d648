package org.zonelake.core.maintenance;

import org.zonelake.model.JobCatalog;

/**
 * When a partition of a table is compacted, and into what. A data file is <em>small</em> when it
 * holds fewer than {@code smallFileBytes} bytes; a partition (the whole table, when it is not
 * partitioned) is compacted when it holds more than {@code minSmallFiles} small files, and then
 * only its small files are rewritten, into files of up to {@code targetFileBytes} bytes. Larger
 * files and partitions with few small files are left as they are.
 *
 * @param smallFileBytes files below this size are small (at least 1)
 * @param minSmallFiles a partition is compacted when it has more small files than this (at least 1)
 * @param targetFileBytes the size compaction aims at for the files it writes (at least {@code
 *     smallFileBytes})
 */
public record CompactionPolicy(long smallFileBytes, int minSmallFiles, long targetFileBytes) {

  /** One mebibyte. */
  public static final long MIB = 1024L * 1024L;

  /** Files under the job catalog's {@code --small_file_mb} (32 MiB) are small. */
  public static final long DEFAULT_SMALL_FILE_BYTES =
      JobCatalog.MAINTENANCE.defaultNumber("small_file_mb") * MIB;

  /** Partitions with more small files than {@code --min_files} (5) are compacted. */
  public static final int DEFAULT_MIN_SMALL_FILES =
      (int) JobCatalog.MAINTENANCE.defaultNumber("min_files");

  /** Compaction writes files of up to {@code --target_file_mb} (128 MiB). */
  public static final long DEFAULT_TARGET_FILE_BYTES =
      JobCatalog.MAINTENANCE.defaultNumber("target_file_mb") * MIB;

  /** The defaults: more than 5 files under 32 MiB in a partition, compacted into 128 MiB files. */
  public static final CompactionPolicy DEFAULT =
      new CompactionPolicy(
          DEFAULT_SMALL_FILE_BYTES, DEFAULT_MIN_SMALL_FILES, DEFAULT_TARGET_FILE_BYTES);

  /** Validates the fields. */
  public CompactionPolicy {
    if (smallFileBytes < 1) {
      throw new IllegalArgumentException(
          "smallFileBytes must be at least 1, was " + smallFileBytes);
    }
    if (minSmallFiles < 1) {
      throw new IllegalArgumentException("minSmallFiles must be at least 1, was " + minSmallFiles);
    }
    if (targetFileBytes < smallFileBytes) {
      throw new IllegalArgumentException(
          "targetFileBytes ("
              + targetFileBytes
              + ") must be at least smallFileBytes ("
              + smallFileBytes
              + ")");
    }
  }

  /** True when a partition with this many small files is compacted. */
  public boolean compacts(long smallFiles) {
    return smallFiles > minSmallFiles;
  }
}
