package org.zonelake.core.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.fs.NumberedJsonFiles;

/**
 * Removes what a source's manifest directory no longer needs once it is older than a retention:
 * manifests of batches before the last committed one, and the per-run file lists ({@code runs/<run
 * id>.files}). It never removes {@code state.json}, the last committed manifest, any manifest after
 * it (written but not committed yet: the next run retries it with exactly its files), or anything
 * of a source that has committed nothing yet.
 */
public final class ManifestRetention {

  private ManifestRetention() {}

  /**
   * What a cleanup removed and kept.
   *
   * @param committed the last committed manifest's number (-1: none, nothing was removed)
   * @param manifestsRemoved committed manifests older than the retention, removed
   * @param manifestsKept manifests left in place
   * @param fileListsRemoved per-run file lists older than the retention, removed
   * @param fileListsKept per-run file lists left in place
   * @param bytesRemoved the size of everything removed
   */
  public record Cleanup(
      long committed,
      int manifestsRemoved,
      int manifestsKept,
      int fileListsRemoved,
      int fileListsKept,
      long bytesRemoved) {}

  /**
   * Cleans the manifest directory of one source.
   *
   * @param directory the source's manifest directory ({@code <processed>/_manifests/<source>})
   * @param conf the Hadoop configuration to reach it
   * @param cutoff files last modified before this instant are older than the retention
   */
  public static Cleanup clean(String directory, Configuration conf, Instant cutoff) {
    ManifestLog log = new ManifestLog(directory, conf);
    long committed = log.state().committed();
    int manifestsRemoved = 0;
    int manifestsKept = 0;
    int listsRemoved = 0;
    int listsKept = 0;
    long bytes = 0;
    try {
      FileSystem fs = new Path(directory).getFileSystem(conf);
      for (NumberedJsonFiles.Document manifest : log.manifests()) {
        FileStatus file = manifest.status();
        if (!file.isFile()) {
          continue;
        }
        if (manifest.number() < committed
            && old(file, cutoff)
            && fs.delete(file.getPath(), false)) {
          manifestsRemoved++;
          bytes += file.getLen();
        } else {
          manifestsKept++;
        }
      }
      for (FileStatus file : log.fileLists()) {
        if (!file.isFile()) {
          continue;
        }
        if (committed >= 0 && old(file, cutoff) && fs.delete(file.getPath(), false)) {
          listsRemoved++;
          bytes += file.getLen();
        } else {
          listsKept++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean the manifests in " + directory, e);
    }
    return new Cleanup(committed, manifestsRemoved, manifestsKept, listsRemoved, listsKept, bytes);
  }

  private static boolean old(FileStatus file, Instant cutoff) {
    return file.getModificationTime() < cutoff.toEpochMilli();
  }
}
