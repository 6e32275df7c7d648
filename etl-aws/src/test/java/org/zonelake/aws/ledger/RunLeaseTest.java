package org.zonelake.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zonelake.aws.testing.LocalDynamoDb;
import org.zonelake.aws.testing.MutableClock;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.RunLease;

class RunLeaseTest {

  private static final String TABLE = "zonelake-run-ledger";
  private static final String JOB = "raw-to-processed";

  private static LocalDynamoDb dynamo;

  @BeforeAll
  static void startDynamoDb() {
    dynamo = new LocalDynamoDb();
    DynamoDbRunLedger.createTable(dynamo.client(), TABLE);
  }

  @AfterAll
  static void stopDynamoDb() {
    dynamo.close();
  }

  @Test
  void twoConcurrentRunsGetOneLease() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T06:00:00Z"));
    DynamoDbRunLedger ledger = new DynamoDbRunLedger(dynamo.client(), TABLE, clock);
    CountDownLatch ready = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<RunLease>> results = new ArrayList<>();
    try {
      for (String runId : List.of("run-a", "run-b")) {
        Callable<RunLease> acquire =
            () -> {
              ready.countDown();
              ready.await();
              return ledger.acquire(JOB, "orders", runId, Duration.ofMinutes(30));
            };
        results.add(pool.submit(acquire));
      }
      List<RunLease> won = new ArrayList<>();
      List<Throwable> lost = new ArrayList<>();
      for (Future<RunLease> result : results) {
        try {
          won.add(result.get());
        } catch (ExecutionException e) {
          lost.add(e.getCause());
        }
      }

      assertThat(won).hasSize(1);
      assertThat(lost).hasSize(1);
      RunLease winner = won.get(0);
      String loser = winner.runId().equals("run-a") ? "run-b" : "run-a";
      assertThat(winner.expiresAt()).isEqualTo(Instant.parse("2025-03-01T06:30:00Z"));
      assertThat(lost.get(0))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "Job raw-to-processed, source 'orders': run "
                  + winner.runId()
                  + " holds the run lease until 2025-03-01T06:30:00Z (ledger table"
                  + " 'zonelake-run-ledger', item pk=LEASE#raw-to-processed#orders, sk=LEASE), so"
                  + " run "
                  + loser
                  + " did not start. Fix: wait for that run to finish; if it crashed, its lease"
                  + " expires at that time and the next run proceeds.");
      assertThat(ledger.release(winner)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  /** A run refused because a replay holds its source's lease is told that a replay does. */
  @Test
  void aLeaseAReplayHoldsIsNamedAsTheReplays() {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    DynamoDbRunLedger ledger = new DynamoDbRunLedger(dynamo.client(), TABLE, clock);
    ledger.acquire(JOB, "replayed", "replay-1", Duration.ofMinutes(10));
    ledger.start(
        new org.zonelake.core.ledger.RunStart(
            "replay-1",
            "replay-quarantine",
            "replayed",
            clock.instant(),
            org.zonelake.core.ledger.InputFiles.none()));

    assertThatThrownBy(() -> ledger.acquire(JOB, "replayed", "run-2", Duration.ofMinutes(10)))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job replay-quarantine, source 'replayed': run replay-1 holds the raw-to-processed run"
                + " lease until 2025-03-01T08:10:00Z (ledger table 'zonelake-run-ledger', item"
                + " pk=LEASE#raw-to-processed#replayed, sk=LEASE), so run run-2 did not start.");
  }

  @Test
  void aCrashedRunsLeaseLapsesAfterItsTtl() {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T07:00:00Z"));
    DynamoDbRunLedger ledger = new DynamoDbRunLedger(dynamo.client(), TABLE, clock);
    RunLease crashed = ledger.acquire(JOB, "customers", "run-crashed", Duration.ofSeconds(1));
    assertThat(crashed.expiresAt()).isEqualTo(Instant.parse("2025-03-01T07:00:01Z"));
    assertThat(ledger.lease(JOB, "customers")).contains(crashed);
    assertThat(ledger.lease(JOB, "nobody")).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> ledger.acquire(JOB, "customers", "run-next", Duration.ofSeconds(1)))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed, source 'customers': run run-crashed holds the run lease until"
                + " 2025-03-01T07:00:01Z");

    clock.advance(Duration.ofSeconds(1));
    RunLease next = ledger.acquire(JOB, "customers", "run-next", Duration.ofSeconds(60));
    assertThat(next)
        .isEqualTo(
            new RunLease(JOB, "customers", "run-next", Instant.parse("2025-03-01T07:01:02Z")));
    // The crashed run cannot release what is no longer its lease.
    assertThat(ledger.release(crashed)).isFalse();
    assertThat(ledger.release(next)).isTrue();
    assertThat(ledger.lease(JOB, "customers")).isEmpty();
    assertThat(ledger.acquire(JOB, "customers", "run-third", Duration.ofSeconds(60)).runId())
        .isEqualTo("run-third");
  }

  @Test
  void theHolderMayExtendItsLeaseAndOtherSourcesAreIndependent() {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    DynamoDbRunLedger ledger = new DynamoDbRunLedger(dynamo.client(), TABLE, clock);
    ledger.acquire(JOB, "web_logs", "run-1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(5));

    assertThat(ledger.acquire(JOB, "web_logs", "run-1", Duration.ofSeconds(10)).expiresAt())
        .isEqualTo(Instant.parse("2025-03-01T08:00:15Z"));
    assertThat(ledger.acquire(JOB, "sensor_readings", "run-2", Duration.ofSeconds(10)).runId())
        .isEqualTo("run-2");
    assertThat(ledger.acquire("processed-to-curated", "web_logs", "run-3", Duration.ofSeconds(10)))
        .isEqualTo(
            new RunLease(
                "processed-to-curated",
                "web_logs",
                "run-3",
                Instant.parse("2025-03-01T08:00:15Z")));
  }
}
