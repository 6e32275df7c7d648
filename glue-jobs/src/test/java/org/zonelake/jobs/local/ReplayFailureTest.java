package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.SampleLake;

/**
 * A replay whose Spark job fails (a data file of the quarantine table gone from under its log): the
 * command fails naming the file, and the ledger records the replay as FAILED, not as a run that
 * succeeded with nothing to do.
 */
class ReplayFailureTest {

  @TempDir Path temp;

  /** Raw to processed on the orders of {@code raw} into {@code lake}, in this JVM. */
  private static void processOrders(Path raw, String lake) {
    assertThat(
            SampleLake.run(
                TestSpark.session(),
                SampleLake.config(
                    raw, Path.of(lake), TableFormat.DELTA, "run-1", List.of("orders"))))
        .allMatch(o -> o.status() == SourceOutcome.Status.SUCCEEDED);
  }

  /**
   * Processes the sample orders and two with event times written {@code yyyy/MM/dd HH:mm:ss}
   * (quarantined) into {@code lake}, then fixes the contract to accept them; returns the fixed
   * contracts' directory.
   */
  private Path slashedOrdersProcessedThenFixed(String lake) throws IOException {
    Path raw = SampleLake.copyRawOrders(temp.resolve("raw"));
    SampleLake.landSlashedOrders(raw);
    processOrders(raw, lake);
    // The fix: the contract lists the producer's format.
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    SampleLake.acceptSlashedOrderTimes(contracts);
    return contracts;
  }

  @Test
  void aReplayWhoseRowsFailARuleWithActionFailWritesNothing() throws IOException {
    String lake = temp.resolve("lake").toString();
    Path contracts = slashedOrdersProcessedThenFixed(lake);
    Path failRules = contracts.resolve("orders.fail.dqdl");
    // A rule against the history of landing batches does not gate a replay; RowCount > 5 does.
    Files.writeString(
        failRules,
        Files.readString(failRules)
            .replace("RowCount > 0,", "RowCount > 5,\n  RowCount > avg(last(3)) * 2,"));
    long processedVersion =
        DeltaTables.latestVersion(TestSpark.session(), lake + "/processed/orders");
    long quarantineVersion =
        DeltaTables.latestVersion(TestSpark.session(), lake + "/quarantine/orders");

    CliRun replay =
        CliRun.of(
            "replay", "--source", "orders", "--lake", lake, "--contracts", contracts.toString());

    assertThat(replay.status()).as(replay.out() + replay.err()).isEqualTo(1);
    assertThat(replay.err())
        .isEqualTo(
            "error: Source 'orders': the replayed rows do not pass 1 quality rule(s) with action"
                + " fail: rule 'RowCount > 5' (orders.fail.dqdl line 3, fail) did not pass:"
                + " observed 3, threshold > 5. Nothing was written and the quarantine rows stay"
                + " open. Fix: narrow the selection (--reason, --rule, --run, --from/--to) or"
                + " correct the rule.\n");
    assertThat(DeltaTables.latestVersion(TestSpark.session(), lake + "/processed/orders"))
        .isEqualTo(processedVersion);
    assertThat(DeltaTables.latestVersion(TestSpark.session(), lake + "/quarantine/orders"))
        .isEqualTo(quarantineVersion);
  }

  @Test
  void aReplayWhoseSparkJobFailsIsRecordedAsFailed() throws IOException {
    Path raw = SampleLake.copyRawOrders(temp.resolve("raw"));
    String lake = temp.resolve("lake").toString();
    processOrders(raw, lake);
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
    List<String> replays = CliRun.ledger(lake, "orders", "replay-quarantine");
    assertThat(replays).hasSize(1);
    assertThat(replays.get(0)).contains(" FAILED ").contains(missing.getFileName().toString());
  }

  @Test
  void aReplayStoppedAfterItsFirstCommitIsCompletedAndRecordedByTheNext() throws Exception {
    String lake = temp.resolve("lake").toString();
    Path contracts = slashedOrdersProcessedThenFixed(lake);
    String[] replay = {
      "replay", "--source", "orders", "--lake", lake, "--contracts", contracts.toString()
    };

    CliRun stopped;
    try (AutoCloseable stop =
        StepHooks.failAt("replay-processed-committed", "orders", "stopped after processed")) {
      stopped = CliRun.of(replay);
    }
    assertThat(stopped.status()).isEqualTo(1);
    CliRun next = CliRun.succeeded(replay);
    assertThat(next.out())
        .contains(
            "Recovered 2 row(s): 2 written to processed (version 2), 0 duplicate(s); 7 stay open;"
                + " quarantine marked (version 2).")
        .contains("which had stopped before it committed everything: 2 row(s) written");
    List<String> replays = CliRun.ledger(lake, "orders", "replay-quarantine");
    // Newest first: the replay that completed the stopped one records its rows and version.
    assertThat(replays).hasSize(2);
    assertThat(replays.get(0)).matches(".* SUCCEEDED +\\d+ +\\d+ +2 +\\d+ +0 +2 .*");
    assertThat(replays.get(1)).contains(" FAILED ").contains("stopped after processed");
  }
}
