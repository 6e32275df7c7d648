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
 *     <p>A file of the batch that cannot be read at all is recorded in {@code quarantined} (the
 *     manifest is written again, before any table is committed), so a retried batch leaves out
 *     exactly the same files.
 * @param files the files, in listing order (the quarantined ones included)
 * @param quarantined the files of {@code files} the batch leaves out because they cannot be read
 */
public record Manifest(
    String source,
    long number,
    String runId,
    Instant createdAt,
    List<RawFile> files,
    List<QuarantinedFile> quarantined) {

  /** Copies the lists and checks nothing is null. */
  public Manifest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(createdAt, "createdAt");
    files = List.copyOf(files);
    quarantined = List.copyOf(quarantined);
  }

  /** A manifest none of whose files is quarantined. */
  public Manifest(
      String source, long number, String runId, Instant createdAt, List<RawFile> files) {
    this(source, number, runId, createdAt, files, List.of());
  }

  /** The same manifest with {@code more} files quarantined besides those it quarantines already. */
  public Manifest withQuarantined(List<QuarantinedFile> more) {
    List<QuarantinedFile> all = new java.util.ArrayList<>(quarantined);
    all.addAll(more);
    return new Manifest(source, number, runId, createdAt, files, all);
  }

  /** The files the batch reads: every file not quarantined. */
  public List<RawFile> readable() {
    java.util.Set<String> left = new java.util.HashSet<>();
    quarantined.forEach(q -> left.add(q.path()));
    return files.stream().filter(f -> !left.contains(f.path())).toList();
  }

  /** The paths of the files the batch reads (every file not quarantined). */
  public List<String> paths() {
    return readable().stream().map(RawFile::path).toList();
  }

  /** The files' total size in bytes. */
  public long bytes() {
    return files.stream().mapToLong(RawFile::size).sum();
  }
}
