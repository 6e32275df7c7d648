package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.jobs.SampleLake;

/**
 * A replay whose Spark job fails (a data file of the quarantine table gone from under its log): the
 * command fails naming the file, and the ledger records the replay as FAILED, not as a run that
 * succeeded with nothing to do.
 */
class ReplayFailureTest {

  @TempDir Path temp;

  @Test
  void aReplayWhoseSparkJobFailsIsRecordedAsFailed() throws IOException {
    Path raw = temp.resolve("raw");
    SampleLake.copyTree(Path.of("..", "testdata", "raw", "orders"), raw.resolve("orders"));
    String lake = temp.resolve("lake").toString();
    assertThat(CliRun.of("run", "--raw", raw.toString(), "--lake", lake).status()).isZero();
    Path missing;
    try (Stream<Path> files = Files.walk(Path.of(lake, "quarantine", "orders"))) {
      missing = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(missing);

    CliRun replay = CliRun.of("replay", "--source", "orders", "--lake", lake);

    assertThat(replay.status()).as(replay.out() + replay.err()).isEqualTo(1);
    assertThat(replay.err())
        .startsWith("error: Source 'orders' failed: ")
        .contains(missing.getFileName().toString());
    CliRun runs = CliRun.of("runs", "--lake", lake, "--source", "orders");
    List<String> replays = runs.out().lines().filter(l -> l.contains("replay-quarantine")).toList();
    assertThat(replays).hasSize(1);
    assertThat(replays.get(0)).contains(" FAILED ").contains(missing.getFileName().toString());
  }
}
