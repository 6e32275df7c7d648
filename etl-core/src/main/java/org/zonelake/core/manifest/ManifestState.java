package org.zonelake.core.manifest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the committed manifests of a source add up to, kept small: the last committed manifest, the
 * latest landing day among committed files (the watermark), the committed files recent enough to be
 * listed again (landing day within the late-file window of the watermark, or no landing day), and
 * the files in file quarantine that later runs try again.
 *
 * @param committed the number of the last committed manifest, -1 before the first
 * @param watermark the latest landing day of a committed file
 * @param recentFiles committed files that a listing of the late-file window may see again
 * @param pendingFiles files a committed batch could not read, by path: each later run tries them
 *     again (once, before its first batch) until they read or are skipped ({@link #skip})
 * @param recentAsTaken the recent files' size and modification time when a batch took them, by path
 *     (a state an earlier version wrote has none), so that a listing can tell one that changed
 *     since
 * @param coveredFrom the first landing day from which the recent files hold every file a batch took
 *     ({@link LocalDate#MIN}: all of them): a listing from an earlier day (a wider late-file
 *     window) must find out which files of the days before it were taken
 */
public record ManifestState(
    long committed,
    Optional<LocalDate> watermark,
    Set<String> recentFiles,
    Map<String, QuarantinedFile> pendingFiles,
    Map<String, RawFile> recentAsTaken,
    LocalDate coveredFrom) {

  /** A source without committed manifests. */
  public static final ManifestState NONE =
      new ManifestState(-1, Optional.empty(), Set.of(), Map.of(), Map.of(), LocalDate.MIN);

  /** Copies the collections and checks nothing is null. */
  public ManifestState {
    Objects.requireNonNull(watermark, "watermark");
    Objects.requireNonNull(coveredFrom, "coveredFrom");
    recentFiles = Set.copyOf(recentFiles);
    pendingFiles = java.util.Collections.unmodifiableMap(new TreeMap<>(pendingFiles));
    recentAsTaken = java.util.Collections.unmodifiableMap(new TreeMap<>(recentAsTaken));
  }

  /**
   * A state that does not say which days its recent files cover (an earlier version wrote it): they
   * are taken to cover the days from the earliest landing day among them, which they do whatever
   * window they were kept for.
   */
  public ManifestState(
      long committed,
      Optional<LocalDate> watermark,
      Set<String> recentFiles,
      Map<String, QuarantinedFile> pendingFiles,
      Map<String, RawFile> recentAsTaken) {
    this(
        committed,
        watermark,
        recentFiles,
        pendingFiles,
        recentAsTaken,
        earliestLandingDay(recentFiles, watermark));
  }

  /** A state without files in file quarantine, nor sizes of the recent files. */
  public ManifestState(long committed, Optional<LocalDate> watermark, Set<String> recentFiles) {
    this(committed, watermark, recentFiles, Map.of(), Map.of());
  }

  /**
   * The earliest landing day of {@code recentFiles}; without one, all days when no file with a
   * landing day was taken (no watermark), else none ({@link LocalDate#MAX}).
   */
  private static LocalDate earliestLandingDay(
      Set<String> recentFiles, Optional<LocalDate> watermark) {
    return recentFiles.stream()
        .map(RawFile::landingDay)
        .flatMap(Optional::stream)
        .min(LocalDate::compareTo)
        .orElse(watermark.isEmpty() ? LocalDate.MIN : LocalDate.MAX);
  }

  /**
   * The state after {@code manifest} committed: the files it read join the recent files (and leave
   * the pending files if they were there), the files it quarantined become pending, the watermark
   * moves to the latest landing day of the files it read, and files that fell out of the late-file
   * window are dropped from the recent files.
   *
   * <p>The watermark moves no further than the day the manifest was written (UTC): a file whose
   * landing directory lies in the future ({@code year=9999}, a producer's wrong clock) is read, but
   * does not move the listing's first day past the files that land on the days before it, which
   * would then never be listed.
   */
  public ManifestState after(Manifest manifest, int lateFileDays) {
    LocalDate written = manifest.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
    Optional<LocalDate> latest = watermark;
    List<RawFile> read = manifest.readable();
    for (RawFile file : read) {
      Optional<LocalDate> day = file.landingDay().map(d -> d.isAfter(written) ? written : d);
      if (day.isPresent() && (latest.isEmpty() || day.get().isAfter(latest.get()))) {
        latest = day;
      }
    }
    Optional<LocalDate> from = latest.map(d -> d.minusDays(lateFileDays));
    Set<String> recent = new TreeSet<>();
    for (String path : recentFiles) {
      if (inWindow(path, from)) {
        recent.add(path);
      }
    }
    Map<String, QuarantinedFile> pending = new TreeMap<>(pendingFiles);
    Map<String, RawFile> asTaken = new TreeMap<>(recentAsTaken);
    for (RawFile file : read) {
      // A file that was in file quarantine was listed before it could be read, perhaps before it
      // was restored: what it was when read is not known.
      boolean wasPending = pending.remove(file.path()) != null;
      if (inWindow(file.path(), from)) {
        recent.add(file.path());
        if (!wasPending) {
          asTaken.put(file.path(), file);
        }
      }
    }
    asTaken.keySet().retainAll(recent);
    for (QuarantinedFile file : manifest.quarantined()) {
      pending.put(file.path(), file);
    }
    // The files taken from coveredFrom on stay recent where they are in the window.
    LocalDate covered = from.filter(f -> f.isAfter(coveredFrom)).orElse(coveredFrom);
    return new ManifestState(manifest.number(), latest, recent, pending, asTaken, covered);
  }

  /**
   * The state whose recent files cover the days from {@code from} on: {@code takenBefore} are every
   * file of the landing days from {@code from} to {@link #coveredFrom} that a batch took.
   */
  public ManifestState coveringFrom(LocalDate from, Set<String> takenBefore) {
    Set<String> recent = new TreeSet<>(recentFiles);
    recent.addAll(takenBefore);
    LocalDate covered = from.isBefore(coveredFrom) ? from : coveredFrom;
    return new ManifestState(committed, watermark, recent, pendingFiles, recentAsTaken, covered);
  }

  /**
   * The state after a pending file was skipped by hand: it is no longer tried, and counts as taken
   * while a listing may still see it.
   */
  public ManifestState skip(String path) {
    Map<String, QuarantinedFile> pending = new TreeMap<>(pendingFiles);
    pending.remove(path);
    Set<String> recent = new TreeSet<>(recentFiles);
    recent.add(path);
    return new ManifestState(committed, watermark, recent, pending, recentAsTaken, coveredFrom);
  }

  /** The files a listing must not return: the recent files and the pending ones. */
  public Set<String> taken() {
    Set<String> taken = new TreeSet<>(recentFiles);
    taken.addAll(pendingFiles.keySet());
    return taken;
  }

  /** The first landing day a listing must read: the watermark minus the late-file window. */
  public Optional<LocalDate> listFrom(int lateFileDays) {
    return watermark.map(d -> d.minusDays(lateFileDays));
  }

  private static boolean inWindow(String path, Optional<LocalDate> from) {
    Optional<LocalDate> day = RawFile.landingDay(path);
    return day.isEmpty() || from.isEmpty() || !day.get().isBefore(from.get());
  }
}
