package org.zonelake.core.manifest;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the committed manifests of a source add up to, kept small: the last committed manifest, the
 * latest landing day among committed files (the watermark), and the committed files recent enough
 * to be listed again (landing day within the late-file window of the watermark, or no landing day).
 *
 * @param committed the number of the last committed manifest, -1 before the first
 * @param watermark the latest landing day of a committed file
 * @param recentFiles committed files that a listing of the late-file window may see again
 */
public record ManifestState(
    long committed, Optional<LocalDate> watermark, Set<String> recentFiles) {

  /** A source without committed manifests. */
  public static final ManifestState NONE = new ManifestState(-1, Optional.empty(), Set.of());

  /** Copies the set and checks nothing is null. */
  public ManifestState {
    Objects.requireNonNull(watermark, "watermark");
    recentFiles = Set.copyOf(recentFiles);
  }

  /**
   * The state after {@code manifest} committed: its files join the recent files, the watermark
   * moves to its latest landing day, and files that fell out of the late-file window are dropped.
   */
  public ManifestState after(Manifest manifest, int lateFileDays) {
    Optional<LocalDate> latest = watermark;
    for (RawFile file : manifest.files()) {
      Optional<LocalDate> day = file.landingDay();
      if (day.isPresent() && (latest.isEmpty() || day.get().isAfter(latest.get()))) {
        latest = day;
      }
    }
    Optional<LocalDate> from = latest.map(d -> d.minusDays(lateFileDays));
    java.util.Set<String> recent = new java.util.TreeSet<>();
    for (String path : recentFiles) {
      if (inWindow(path, from)) {
        recent.add(path);
      }
    }
    for (RawFile file : manifest.files()) {
      if (inWindow(file.path(), from)) {
        recent.add(file.path());
      }
    }
    return new ManifestState(manifest.number(), latest, recent);
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
