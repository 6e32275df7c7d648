package org.zonelake.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The exact list of raw files one run of raw to processed takes for a source, written before any
 * table is touched. Its number is the batch's identity in every table the run writes ({@code
 * txnVersion}), so a run that failed after some commits is retried with the same files and the same
 * number, and commits nothing twice.
 *
 * @param source the source
 * @param number 0 for the source's first batch, then one more per batch
 * @param runId the run that wrote the manifest
 * @param createdAt when it was written
 * @param files the files, in listing order
 */
public record Manifest(
    String source, long number, String runId, Instant createdAt, List<RawFile> files) {

  /** Copies the list and checks nothing is null. */
  public Manifest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(createdAt, "createdAt");
    files = List.copyOf(files);
  }

  /** The files' paths. */
  public List<String> paths() {
    return files.stream().map(RawFile::path).toList();
  }

  /** The files' total size in bytes. */
  public long bytes() {
    return files.stream().mapToLong(RawFile::size).sum();
  }
}
