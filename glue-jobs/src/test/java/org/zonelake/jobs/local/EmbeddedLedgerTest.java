package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.run.BatchCounts;

class EmbeddedLedgerTest {

  @TempDir Path directory;

  @Test
  void historySurvivesAStopAndRestart() {
    Instant started = Instant.parse("2025-03-01T06:00:00Z");
    try (EmbeddedLedger first = EmbeddedLedger.open(directory)) {
      assertThat(first.endpoint().getHost()).isEqualTo("127.0.0.1");
      first
          .ledger()
          .start(
              new RunStart(
                  "run-1",
                  "raw-to-processed",
                  "orders",
                  started,
                  InputFiles.inline(List.of("raw/orders/a.json"), 10)));
      first
          .ledger()
          .finish(
              new RunEnd(
                  "run-1",
                  "orders",
                  RunStatus.SUCCEEDED,
                  new BatchCounts(1, 3, 0, 1, 0, 2, Map.of("amount_positive", 1L), 0),
                  OptionalLong.of(0),
                  Map.of(),
                  Optional.empty(),
                  Optional.empty()));
    }
    assertThat(directory.resolve("shared-local-instance.db")).isRegularFile();

    try (EmbeddedLedger second = EmbeddedLedger.open(directory)) {
      List<RunRecord> runs = second.ledger().latestRuns("orders", 5);

      assertThat(runs).hasSize(1);
      RunRecord run = runs.get(0);
      assertThat(run.runId()).isEqualTo("run-1");
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.startedAt()).isEqualTo(started);
      assertThat(run.counts())
          .isEqualTo(new BatchCounts(1, 3, 0, 1, 0, 2, Map.of("amount_positive", 1L), 0));
      assertThat(run.inputFiles()).isEqualTo(InputFiles.inline(List.of("raw/orders/a.json"), 10));
    }
    assertThat(Files.exists(directory.resolve("shared-local-instance.db"))).isTrue();
  }
}
