package org.zonelake.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.zonelake.core.errors.LakeException;

/** A manifest and a committed state read back as they were written. */
class ManifestLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DAY = "raw/orders/year=2026/month=11/day=20/";

  @TempDir Path directory;

  private final RawFile first = new RawFile(DAY + "a.json", 120, 1_763_600_000_000L);
  private final RawFile second = new RawFile(DAY + "b.json.gz", 64, 1_763_600_100_000L);
  private final QuarantinedFile unreadable = new QuarantinedFile(second, "truncated gzip stream");

  private ManifestLog log() {
    return new ManifestLog(directory.toString(), new Configuration());
  }

  @Test
  void aManifestWithAQuarantinedFileReadsBackEqual() throws IOException {
    Manifest manifest =
        new Manifest(
            "orders",
            0,
            "run-1",
            Instant.parse("2026-11-21T06:00:00Z"),
            List.of(first, second),
            List.of(unreadable));

    log().write(manifest);

    assertThat(log().highest()).isZero();
    assertThat(log().manifest(0)).isEqualTo(manifest);
    assertThat(JSON.readTree(Path.of(log().location(0)).toFile()))
        .isEqualTo(
            JSON.readTree(
                ("{'source': 'orders', 'number': 0, 'run_id': 'run-1',"
                        + " 'created_at': '2026-11-21T06:00:00Z',"
                        + " 'files': [{'path': '%sa.json', 'size': 120, 'modified': 1763600000000},"
                        + " {'path': '%sb.json.gz', 'size': 64, 'modified': 1763600100000}],"
                        + " 'quarantined': [{'path': '%sb.json.gz', 'size': 64,"
                        + " 'modified': 1763600100000, 'reason': 'truncated gzip stream'}]}")
                    .formatted(DAY, DAY, DAY)
                    .replace('\'', '"')));
  }

  @Test
  void aCommittedStateReadsBackWithItsPendingAndTakenFiles() {
    ManifestState state =
        new ManifestState(
            3,
            Optional.of(LocalDate.of(2026, 11, 20)),
            Set.of(first.path()),
            Map.of(second.path(), unreadable),
            Map.of(first.path(), first));

    log().commit(state);

    assertThat(log().state()).isEqualTo(state);
    assertThat(state.coveredFrom()).isEqualTo(LocalDate.of(2026, 11, 20));
    ManifestState wider = state.coveringFrom(LocalDate.MIN, Set.of());
    log().commit(wider);
    assertThat(log().state()).isEqualTo(wider);
    assertThat(log().state().coveredFrom()).isEqualTo(LocalDate.MIN);
  }

  /**
   * A state file deleted after batches were taken covers no day, so that a listing looks its files
   * up in the tables; an empty or garbled one is refused, naming it.
   */
  @Test
  void aDeletedStateCoversNoDayAndADamagedOneIsNamed() throws IOException {
    log()
        .write(
            new Manifest(
                "orders", 0, "run-1", Instant.parse("2026-11-21T06:00:00Z"), List.of(first)));
    log().commit(new ManifestState(0, Optional.empty(), Set.of(first.path()), Map.of(), Map.of()));
    Path state = directory.resolve("state.json");

    java.nio.file.Files.writeString(state, "");
    assertThatThrownBy(() -> log().state())
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "File "
                + state
                + " cannot be read: it is empty. Fix: restore the file from a copy; the README"
                + " section 'Damaged state files' says what each of these files holds and what a"
                + " run does without it.");
    java.nio.file.Files.writeString(state, "{\"committed\": 0,\n garbage");
    assertThatThrownBy(() -> log().state())
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "File "
                + state
                + " cannot be read: its content no longer matches its checksum file"
                + " (.state.json.crc).");
    java.nio.file.Files.delete(directory.resolve(".state.json.crc"));
    assertThatThrownBy(() -> log().state())
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "File " + state + " cannot be read: it is not valid JSON (line 2, column 3).");

    java.nio.file.Files.delete(state);
    assertThat(log().state())
        .isEqualTo(
            new ManifestState(-1, Optional.empty(), Set.of(), Map.of(), Map.of(), LocalDate.MAX));
  }

  @Test
  void aSourceWithoutManifestsHasNone() {
    assertThat(log().highest()).isEqualTo(-1);
    assertThat(log().state()).isEqualTo(ManifestState.NONE);
  }
}
