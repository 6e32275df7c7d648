package org.zonelake.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void aSourceWithoutManifestsHasNone() {
    assertThat(log().highest()).isEqualTo(-1);
    assertThat(log().state()).isEqualTo(ManifestState.NONE);
  }
}
