package org.zonelake.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing new raw files reads only the landing days of the late-file window. */
class RawZoneTest {

  /** When the manifests of these tests were written: the day after the latest landing day. */
  private static final Instant WRITTEN = Instant.parse("2026-11-21T06:00:00Z");

  @TempDir Path raw;

  private final Configuration conf = new Configuration();

  private Path land(LocalDate day, String name) throws IOException {
    Path file =
        raw.resolve(
            String.format(
                "orders/year=%d/month=%d/day=%d/%s",
                day.getYear(), day.getMonthValue(), day.getDayOfMonth(), name));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{}\n");
    return file;
  }

  @Test
  void aSourceWithManyOldLandingDaysIsListedFromTheWatermarkMinusTheWindowOnly()
      throws IOException {
    LocalDate first = LocalDate.of(2025, 1, 1);
    LocalDate last = LocalDate.of(2026, 11, 20);
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      land(d, "old.jsonl");
    }
    Path late = land(LocalDate.of(2026, 11, 15), "late.jsonl");
    Path tooLate = land(LocalDate.of(2026, 11, 12), "too-late.jsonl");
    Path next = land(LocalDate.of(2026, 11, 21), "new.jsonl");
    Path undated = raw.resolve("orders/manual/extra.jsonl");
    Files.createDirectories(undated.getParent());
    Files.writeString(undated, "{}\n");

    RawZone zone = new RawZone(raw.toString(), conf);
    List<RawFile> taken =
        zone.newFiles("orders", Optional.empty(), Set.of()).files().stream()
            .filter(f -> !f.path().endsWith("new.jsonl") && !f.path().contains("late"))
            .toList();
    ManifestState state =
        ManifestState.NONE.after(new Manifest("orders", 0, "r", WRITTEN, taken), 7);

    RawZone.Listing listing = zone.newFiles("orders", state.listFrom(7), state.recentFiles());

    assertThat(state.watermark()).contains(last);
    assertThat(listing.files())
        .extracting(RawFile::path)
        .containsExactly("file:" + late, "file:" + next);
    assertThat(listing.files()).noneMatch(f -> f.path().equals("file:" + tooLate));
    // orders, year=2026, month=11, days 13 to 21 and manual: not the 690 days before.
    assertThat(listing.directoriesListed()).isEqualTo(1 + 1 + 1 + 9 + 1);
  }

  /**
   * The state says from which landing day its recent files hold every file taken: the window's
   * first day once a batch committed, the earliest recent file's day in a state an earlier version
   * wrote, and the day a wider window looked up the files taken before.
   */
  @Test
  void theRecentFilesCoverTheWindowTheyWereKeptFor() {
    RawFile old = new RawFile("file:/raw/orders/year=2026/month=11/day=2/a.jsonl", 2, 1);
    RawFile recent = new RawFile("file:/raw/orders/year=2026/month=11/day=20/b.jsonl", 2, 1);
    RawFile undated = new RawFile("file:/raw/orders/manual/c.jsonl", 2, 1);

    assertThat(ManifestState.NONE.coveredFrom()).isEqualTo(LocalDate.MIN);
    ManifestState first =
        ManifestState.NONE.after(new Manifest("orders", 0, "r", WRITTEN, List.of(old)), 7);
    assertThat(first.coveredFrom()).isEqualTo(LocalDate.of(2026, 10, 26));
    ManifestState second =
        first.after(new Manifest("orders", 1, "r", WRITTEN, List.of(recent, undated)), 7);
    // The file of 2 November left the window of 13 November on: the state covers that window.
    assertThat(second.recentFiles()).containsExactlyInAnyOrder(recent.path(), undated.path());
    assertThat(second.coveredFrom()).isEqualTo(LocalDate.of(2026, 11, 13));
    // A wider window does not by itself cover more than the files kept.
    assertThat(second.after(new Manifest("orders", 2, "r", WRITTEN, List.of()), 30).coveredFrom())
        .isEqualTo(LocalDate.of(2026, 11, 13));
    assertThat(
            new ManifestState(1, second.watermark(), second.recentFiles(), Map.of(), Map.of())
                .coveredFrom())
        .isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(new ManifestState(1, Optional.empty(), Set.of(undated.path())).coveredFrom())
        .isEqualTo(LocalDate.MIN);
    assertThat(new ManifestState(1, second.watermark(), Set.of(undated.path())).coveredFrom())
        .isEqualTo(LocalDate.MAX);

    ManifestState wider = second.coveringFrom(LocalDate.of(2026, 10, 21), Set.of(old.path()));
    assertThat(wider.coveredFrom()).isEqualTo(LocalDate.of(2026, 10, 21));
    assertThat(wider.taken()).containsExactlyInAnyOrder(old.path(), recent.path(), undated.path());
    assertThat(wider.after(new Manifest("orders", 2, "r", WRITTEN, List.of()), 30).recentFiles())
        .contains(old.path());
  }

  /**
   * Files and directories named with a leading {@code _} or {@code .} are hidden, as Hadoop and
   * Spark hide them: uploads in progress, checksums, markers.
   */
  @Test
  void hiddenFilesAndDirectoriesAreNotListed() throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 21);
    Path landed = land(day, "orders-0001.jsonl");
    for (String hidden :
        List.of(
            "_tmp.jsonl",
            ".orders-0001.jsonl.crc",
            "_SUCCESS",
            "_staging/a.jsonl",
            ".up/b.jsonl")) {
      land(day, hidden);
    }
    Path hiddenSource = raw.resolve("orders/_copies/year=2026/month=11/day=21/c.jsonl");
    Files.createDirectories(hiddenSource.getParent());
    Files.writeString(hiddenSource, "{}\n");

    RawZone.Listing listing =
        new RawZone(raw.toString(), conf).newFiles("orders", Optional.empty(), Set.of());

    assertThat(listing.files()).extracting(RawFile::path).containsExactly("file:" + landed);
  }

  @Test
  void filesAtTheRootAreStrayNotSources() throws IOException {
    land(LocalDate.of(2026, 11, 21), "orders-0001.jsonl");
    Files.writeString(raw.resolve("stray.jsonl"), "{}\n");
    Files.writeString(raw.resolve("_SUCCESS"), "");

    RawZone.Contents root = new RawZone(raw.toString(), conf).contents();

    assertThat(root.sources()).containsExactly("orders");
    assertThat(root.strayFiles()).containsExactly("stray.jsonl");
  }

  @Test
  void stateKeepsOnlyCommittedFilesOfTheWindowAndUndatedOnes() {
    Manifest manifest =
        new Manifest(
            "orders",
            4,
            "r",
            WRITTEN,
            List.of(
                new RawFile("s3://b/raw/orders/year=2026/month=11/day=20/a.json", 1, 0),
                new RawFile("s3://b/raw/orders/year=2026/month=11/day=1/b.json", 1, 0),
                new RawFile("s3://b/raw/orders/loose.json", 1, 0)));

    ManifestState state = ManifestState.NONE.after(manifest, 7);

    assertThat(state.committed()).isEqualTo(4);
    assertThat(state.watermark()).contains(LocalDate.of(2026, 11, 20));
    assertThat(state.listFrom(7)).contains(LocalDate.of(2026, 11, 13));
    assertThat(state.recentFiles())
        .containsExactlyInAnyOrder(
            "s3://b/raw/orders/year=2026/month=11/day=20/a.json", "s3://b/raw/orders/loose.json");
  }

  /**
   * A file whose landing directory lies in the future is read, but moves the watermark no further
   * than the day its manifest was written: the files landing on the days before it are still
   * listed.
   */
  @Test
  void aLandingDayInTheFutureDoesNotHideTheDaysBeforeIt() throws IOException {
    Path today = land(LocalDate.of(2026, 11, 21), "today.jsonl");
    Path future = land(LocalDate.of(9999, 12, 31), "future.jsonl");
    RawZone zone = new RawZone(raw.toString(), conf);
    ManifestState state =
        ManifestState.NONE.after(
            new Manifest(
                "orders",
                0,
                "r",
                WRITTEN,
                zone.newFiles("orders", Optional.empty(), Set.of()).files()),
            7);

    assertThat(state.watermark()).contains(LocalDate.of(2026, 11, 21));
    assertThat(state.recentFiles()).containsExactlyInAnyOrder("file:" + today, "file:" + future);
    Path next = land(LocalDate.of(2026, 11, 22), "next.jsonl");
    assertThat(zone.newFiles("orders", state.listFrom(7), state.taken()).files())
        .extracting(RawFile::path)
        .containsExactly("file:" + next);
  }

  /**
   * A taken file whose size or modification time is no longer what the batch took is named by the
   * listing, and still not listed as new; the state keeps what each recent file was when taken.
   */
  @Test
  void aTakenFileThatChangedSinceIsNamedNotListedAgain() throws IOException {
    Path grown = land(LocalDate.of(2026, 11, 20), "grown.jsonl");
    Path touched = land(LocalDate.of(2026, 11, 20), "touched.jsonl");
    Path same = land(LocalDate.of(2026, 11, 20), "same.jsonl");
    RawZone zone = new RawZone(raw.toString(), conf);
    List<RawFile> taken = zone.newFiles("orders", Optional.empty(), Set.of()).files();
    ManifestState state =
        ManifestState.NONE.after(new Manifest("orders", 0, "r", WRITTEN, taken), 7);
    assertThat(state.recentAsTaken().values()).containsExactlyElementsOf(taken);

    Files.writeString(grown, "{}\n{}\n");
    Files.setLastModifiedTime(
        touched,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(touched).toMillis() + 60_000));
    RawZone.Listing listing =
        zone.newFiles("orders", state.listFrom(7), state.taken(), state.recentAsTaken());

    assertThat(listing.files()).isEmpty();
    assertThat(listing.changed())
        .extracting(c -> c.now().path() + " " + c.taken().size() + "->" + c.now().size())
        .containsExactly("file:" + grown + " 3->6", "file:" + touched + " 3->3");
    assertThat(listing.changed()).noneMatch(c -> c.now().path().equals("file:" + same));
  }

  @Test
  void aRawFilesPathNamesItsSourceAndLandingDay() {
    String path = "s3a://lake/raw/web_logs/year=2026/month=11/day=2/access-1.log";
    assertThat(RawFile.source(path)).contains("web_logs");
    assertThat(RawFile.landingDay(path)).contains(LocalDate.of(2026, 11, 2));
    assertThat(RawFile.source("file:/lake/raw/orders/landing.jsonl")).isEmpty();
  }

  @Test
  void aDirectoryWhoseNameCannotBeASourcesIsGivenANameTheContractsAccept() {
    RawZone zone = new RawZone("s3a://lake-raw/", conf);
    String long64 = "Web-" + "x".repeat(60);

    assertThat(RawZone.suggestedName("Pay-Ments")).isEqualTo("pay_ments");
    assertThat(RawZone.suggestedName("2026 exports")).isEqualTo("s_2026_exports");
    assertThat(RawZone.suggestedName(long64)).isEqualTo("web_" + "x".repeat(59)).hasSize(63);
    assertThat(zone.noContractNote("Pay-Ments"))
        .isEqualTo(
            "no contract for raw directory s3a://lake-raw/Pay-Ments; 'Pay-Ments' cannot be a"
                + " source's name (lower-case letters, digits and '_'): rename the directory,"
                + " e.g. to 'pay_ments', and add that name's contract. Its files stay in raw for a"
                + " later run");
    assertThat(zone.noContractNote("clicks"))
        .isEqualTo(
            "no contract for raw directory s3a://lake-raw/clicks; add clicks.json to the"
                + " contracts. Its files stay in raw for a later run");
  }
}
