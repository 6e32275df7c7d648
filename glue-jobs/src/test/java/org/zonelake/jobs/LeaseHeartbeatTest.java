package org.zonelake.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunLease;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.local.EmbeddedLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Leases with a heartbeat against DynamoDB Local: renewals keep a long run's lease, a crashed
 * holder blocks only until the time to live, and a run that cannot renew stops before committing.
 * Time is moved with the ledger's clock instead of waited for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseHeartbeatTest {

  private static final Duration TTL = Duration.ofSeconds(120);
  private static final String JOB = "raw-to-processed";
  private static final String CURATED = "processed-to-curated";

  /** A clock the test moves. */
  private static final class MovedClock extends Clock {
    private volatile Instant now;

    MovedClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @TempDir static Path temp;

  private EmbeddedLedger embedded;

  @BeforeAll
  void open() {
    embedded = EmbeddedLedger.open(temp.resolve("ledger"));
  }

  @AfterAll
  void close() {
    embedded.close();
  }

  /** The embedded ledger with leases of this time to live; no metrics, no alerts. */
  private RunServices services(Duration leaseTtl) {
    return new RunServices(
        Optional.of(embedded.ledger()), MetricsPublisher.NONE, Alerter.NONE, leaseTtl);
  }

  private DynamoDbRunLedger ledger(Clock clock) {
    return new DynamoDbRunLedger(embedded.client(), EmbeddedLedger.TABLE, clock);
  }

  /** The latest runs of orders in {@code ledger}: run id, status and error. */
  private static List<String> ordersRuns(RunLedger ledger) {
    return ledger.latestRuns("orders", 5).stream()
        .map(r -> r.runId() + " " + r.status() + " " + r.error().orElse("-"))
        .toList();
  }

  /** A client of its own for {@code ledger}, which outlives the server. */
  private static DynamoDbClient clientOf(EmbeddedLedger ledger) {
    return AwsClients.dynamoDb(AwsSettings.local(ledger.endpoint()));
  }

  /** Raw to processed for the orders source of the sample raw copy {@code raw}. */
  private static List<SourceOutcome> runOrders(
      Path raw, Path lake, String runId, RunServices services) {
    return new RawToProcessedPlan(
            TestSpark.session(),
            SampleLake.config(raw, lake, TableFormat.DELTA, runId, List.of("orders")),
            RunListener.NONE,
            services)
        .run();
  }

  @Test
  void theHeartbeatRenewsEveryQuarterOfTheTimeToLive() {
    assertThat(LeaseKeeper.period(TTL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(LeaseKeeper.period(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRenewedLeaseOutlivesItsTimeToLive() {
    MovedClock clock = new MovedClock(Instant.parse("2026-01-01T00:00:00Z"));
    DynamoDbRunLedger ledger = ledger(clock);
    LeaseKeeper a = LeaseKeeper.takeWithoutHeartbeat(ledger, JOB, "long", "run-a", TTL, clock);
    for (int beat = 0; beat < 8; beat++) {
      clock.advance(Duration.ofSeconds(30));
      a.beat();
    }
    // Four minutes in, twice the time to live: still held, by run-a, until 2 minutes from now.
    assertThat(a.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:06:00Z"));
    assertThatThrownBy(() -> ledger.acquire(JOB, "long", "run-b", TTL))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed, source 'long': run run-a holds the run lease until"
                + " 2026-01-01T00:06:00Z");
    a.requireHeld();
    a.close();
    assertThat(ledger.acquire(JOB, "long", "run-b", TTL).runId()).isEqualTo("run-b");
  }

  @Test
  void aCrashedHolderBlocksTheNextRunOnlyUntilItsTimeToLive() {
    MovedClock clock = new MovedClock(Instant.parse("2026-01-02T00:00:00Z"));
    DynamoDbRunLedger ledger = ledger(clock);
    // Taken, then never renewed nor released: the holder crashed.
    LeaseKeeper.takeWithoutHeartbeat(ledger, JOB, "crashed", "run-a", TTL, clock);
    clock.advance(Duration.ofSeconds(119));
    assertThatThrownBy(() -> ledger.acquire(JOB, "crashed", "run-b", TTL))
        .hasMessageStartingWith(
            "Job raw-to-processed, source 'crashed': run run-a holds the run lease until"
                + " 2026-01-02T00:02:00Z");
    clock.advance(Duration.ofSeconds(2));
    RunLease next = ledger.acquire(JOB, "crashed", "run-b", TTL);
    assertThat(next.expiresAt()).isEqualTo(Instant.parse("2026-01-02T00:04:01Z"));
  }

  @Test
  void aRunThatLostItsLeaseStopsAndLeavesTheNewHolderAlone() {
    MovedClock clock = new MovedClock(Instant.parse("2026-01-03T00:00:00Z"));
    DynamoDbRunLedger ledger = ledger(clock);
    LeaseKeeper a = LeaseKeeper.takeWithoutHeartbeat(ledger, JOB, "stalled", "run-a", TTL, clock);
    clock.advance(Duration.ofSeconds(121));
    ledger.acquire(JOB, "stalled", "run-b", TTL);
    a.beat();
    assertThatThrownBy(a::requireHeld)
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed, source 'stalled': run run-a lost its run lease: Job"
                + " raw-to-processed, source 'stalled': run run-b holds the run lease until"
                + " 2026-01-03T00:04:01Z (ledger table 'zonelake-run-ledger', item"
                + " pk=LEASE#raw-to-processed#stalled, sk=LEASE")
        .hasMessageEndingWith(
            "), so run run-a did not start. The run stopped before its next commit; another"
                + " run may work on the source now. Nothing of the stopped batch was committed;"
                + " its manifest is retried by the next run. Fix: check that the run ledger is"
                + " reachable and that no run took the source over; run again.");
    a.close();
    // run-a's close gave nothing back: run-b still holds the lease.
    assertThatThrownBy(() -> ledger.acquire(JOB, "stalled", "run-c", TTL))
        .hasMessageContaining("run run-b holds the run lease");
  }

  @Test
  void aRunStalledWhileAnotherTookItsSourceOverStopsThoughTheLeaseIsFreeAgain() {
    MovedClock clock = new MovedClock(Instant.parse("2026-01-04T00:00:00Z"));
    DynamoDbRunLedger ledger = ledger(clock);
    LeaseKeeper a = LeaseKeeper.takeWithoutHeartbeat(ledger, JOB, "suspended", "run-a", TTL, clock);
    ledger.start(new RunStart("run-a", JOB, "suspended", clock.instant(), InputFiles.none()));
    LeaseKeeper quiet = LeaseKeeper.takeWithoutHeartbeat(ledger, JOB, "quiet", "run-q", TTL, clock);
    ledger.start(new RunStart("run-q", JOB, "quiet", clock.instant(), InputFiles.none()));
    // Both stall beyond their leases; run-b takes "suspended" over, records run-a as ended and
    // gives the lease back. Nobody takes "quiet".
    clock.advance(Duration.ofSeconds(121));
    RunLease b = ledger.acquire(JOB, "suspended", "run-b", TTL);
    ledger.finish(
        new RunEnd(
            "run-a",
            "suspended",
            RunStatus.FAILED,
            BatchCounts.empty(),
            OptionalLong.empty(),
            Map.of(),
            Optional.of("ended by run-b"),
            Optional.empty()));
    assertThat(ledger.release(b)).isTrue();

    // At its end too (a run with nothing more to commit): it does not count as succeeded.
    assertThat(a.lostAtEnd())
        .contains(
            "its lease lapsed at 2026-01-04T00:02:00Z and another run took the source over"
                + " meanwhile (it recorded this run as ended)");
    assertThatThrownBy(a::requireHeld)
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed, source 'suspended': run run-a lost its run lease: its lease"
                + " lapsed at 2026-01-04T00:02:00Z and another run took the source over meanwhile"
                + " (it recorded this run as ended). The run stopped before its next commit;");
    // run-a gave back the lease it had taken again: the source is free.
    assertThat(ledger.acquire(JOB, "suspended", "run-c", TTL).runId()).isEqualTo("run-c");
    // A lapsed lease nobody took is simply renewed.
    assertThat(quiet.lostAtEnd()).isEmpty();
    quiet.requireHeld();
    assertThat(quiet.expiresAt()).isEqualTo(Instant.parse("2026-01-04T00:04:01Z"));
  }

  @Test
  void aReplayKeepsTheSourcesRawLeaseBeyondItsTimeToLive() throws Exception {
    SparkSession spark = TestSpark.session();
    Path raw = SampleLake.copyRaw(temp.resolve("replay-raw"));
    Path lake = temp.resolve("replay-lake");
    RunServices services = services(TTL);
    assertThat(runOrders(raw, lake, "replay-run-1", services).get(0).status())
        .isEqualTo(SourceOutcome.Status.SUCCEEDED);
    // A lease of 2 s, renewed every second by the heartbeat: 3 s into the replay (its rows
    // logged, nothing committed yet), another run still finds the source held by the replay.
    Duration shortLease = Duration.ofSeconds(2);
    ReplayQuarantineConfig config =
        new ReplayQuarantineConfig(
            "replay-quarantine",
            "replay-1",
            ZonePaths.under(lake.toString()),
            Optional.empty(),
            new ReplaySelection(
                "orders",
                Optional.of("bad_event_time"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()),
            false);
    String[] otherRun = new String[1];
    ReplayResult replayed;
    try (AutoCloseable check =
        StepHooks.arm(
            "replay-logged",
            "orders",
            () -> {
              try {
                Thread.sleep(shortLease.plusSeconds(1).toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
              try {
                embedded.ledger().acquire(JOB, "orders", "run-y", TTL);
                otherRun[0] = "run-y took the lease";
              } catch (LakeException e) {
                otherRun[0] = e.getMessage();
              }
            })) {
      replayed =
          new ReplayQuarantinePlan(spark, config, RunListener.NONE, services(shortLease)).run();
    }
    assertThat(otherRun[0])
        .startsWith(
            "Job replay-quarantine, source 'orders': run replay-1 holds the raw-to-processed run"
                + " lease until");
    assertThat(replayed.summary().total().selected()).isEqualTo(1);
    // Given back at the end of the replay.
    RunLease next = embedded.ledger().acquire(JOB, "orders", "run-z", TTL);
    assertThat(next.runId()).isEqualTo("run-z");
    assertThat(embedded.ledger().release(next)).isTrue();
  }

  @Test
  void aBatchWhoseLeaseWasTakenOverCommitsNothingAndTheNextRunReconciles() throws Exception {
    SparkSession spark = TestSpark.session();
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    Path lake = temp.resolve("lake");
    RunServices services = services(TTL);
    // While run-1 reads, its lease lapses (a clock past its expiry, whatever the heartbeat
    // renewed) and run-x takes it over.
    MovedClock later = new MovedClock(Instant.now());
    RunLease[] intruder = new RunLease[1];
    List<SourceOutcome> first;
    try (AutoCloseable takeOver =
        StepHooks.arm(
            "quarantine-written",
            "orders",
            () -> {
              later.advance(Duration.between(later.instant(), Instant.now().plus(TTL).plus(TTL)));
              intruder[0] = ledger(later).acquire(JOB, "orders", "run-x", TTL);
            })) {
      first = runOrders(raw, lake, "run-1", services);
    }
    assertThat(first.get(0).status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(first.get(0).message().orElseThrow())
        .startsWith(
            "Job raw-to-processed, source 'orders': run run-1 lost its run lease: Job"
                + " raw-to-processed, source 'orders': run run-x holds the run lease until");
    String processed = "delta.`" + lake.resolve("processed/orders") + "`";
    String quarantine = "delta.`" + lake.resolve("quarantine/orders") + "`";
    assertThat(spark.sql("SELECT count(*) FROM " + processed).first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT count(*) FROM " + quarantine).first().getLong(0)).isZero();

    assertThat(ledger(later).release(intruder[0])).isTrue();
    List<SourceOutcome> second = runOrders(raw, lake, "run-2", services);
    BatchCounts counts = second.get(0).counts();
    assertThat(second.get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(List.of(counts.files(), counts.linesRead(), counts.written(), counts.duplicates()))
        .containsExactly(3L, 20L, 10L, 3L);
    assertThat(counts.quarantined()).isEqualTo(7);
    assertThat(spark.sql("SELECT count(*) FROM " + processed).first().getLong(0)).isEqualTo(10);
    assertThat(spark.sql("SELECT count(*) FROM " + quarantine).first().getLong(0)).isEqualTo(7);
    assertThat(
            embedded.ledger().latestRuns("orders", 5).stream()
                .map(r -> r.runId() + " " + r.status())
                .toList())
        .containsExactly("run-2 SUCCEEDED", "run-1 FAILED");

    // The curated job takes a lease per source as well: while another curated run holds orders',
    // a second one fails fast for it, naming the holder, and writes nothing; once it is given
    // back, the next curated run proceeds. The ledger lists both jobs' runs of the source.
    RunLease holder =
        embedded.ledger().acquire(CURATED, "orders", "curate-elsewhere", Duration.ofMinutes(2));
    ProcessedToCuratedConfig curated =
        SampleLake.curatedConfig(lake, "curate-1", Optional.empty(), List.of("orders"));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    CuratedResult refused = new ProcessedToCuratedPlan(spark, curated, quiet, services).run();
    assertThat(refused.sources()).hasSize(1);
    assertThat(refused.sources().get(0).error().orElseThrow())
        .startsWith(
            "Job processed-to-curated, source 'orders': run curate-elsewhere holds the run lease"
                + " until");
    assertThat(lake.resolve("curated/daily_summary")).doesNotExist();
    assertThat(embedded.ledger().release(holder)).isTrue();

    CuratedResult next =
        new ProcessedToCuratedPlan(
                spark,
                SampleLake.curatedConfig(lake, "curate-2", Optional.empty(), List.of("orders")),
                quiet,
                services)
            .run();
    assertThat(next.sources().get(0).error()).isEmpty();
    assertThat(next.sources().get(0).days()).hasSize(4);
    assertThat(
            embedded.ledger().latestRuns("orders", 5).stream()
                .map(r -> r.job() + " " + r.runId() + " " + r.status())
                .toList())
        .containsExactly(
            "processed-to-curated curate-2 SUCCEEDED",
            "raw-to-processed run-2 SUCCEEDED",
            "raw-to-processed run-1 FAILED");
  }

  @Test
  void theNextRunRecordsARunThatNeverRecordedItsEndAsFailedEvenWithoutItsLease() throws Exception {
    Path raw = SampleLake.copyRaw(temp.resolve("raw-ghost"));
    Path lake = temp.resolve("lake-ghost");
    try (EmbeddedLedger own = EmbeddedLedger.open(temp.resolve("ledger-ghost"))) {
      // Runs the ledger shows RUNNING whose leases are gone (the table's time to live deleted
      // them): one of raw to processed, one of processed to curated, for orders.
      own.ledger()
          .start(
              new RunStart(
                  "ghost",
                  JOB,
                  "orders",
                  Instant.parse("2026-01-01T00:00:00Z"),
                  InputFiles.none()));
      own.ledger()
          .start(
              new RunStart(
                  "ghost-curated",
                  "processed-to-curated",
                  "orders",
                  Instant.parse("2026-01-01T00:01:00Z"),
                  InputFiles.none()));

      List<SourceOutcome> next =
          runOrders(
              raw,
              lake,
              "run-after-ghost",
              new RunServices(Optional.of(own.ledger()), MetricsPublisher.NONE, Alerter.NONE, TTL));

      assertThat(next.get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
      // Only the run of the job whose lease the next run took is recorded as failed.
      assertThat(ordersRuns(own.ledger()))
          .containsExactly(
              "run-after-ghost SUCCEEDED -",
              "ghost-curated RUNNING -",
              "ghost FAILED Job raw-to-processed, source 'orders': run ghost never recorded its"
                  + " end: it was killed, stalled beyond its lease or could not reach the ledger"
                  + " when it ended, and run run-after-ghost has taken the source over. What it"
                  + " committed stays committed; what it did not, run run-after-ghost takes"
                  + " again. Fix: nothing to do; if it recurs, find out what stops the job's"
                  + " process.");
    }
  }

  @Test
  void aLedgerGoneAfterTheCommitsKeepsTheRunsDataAndOnlyWarns() throws Exception {
    SparkSession spark = TestSpark.session();
    Path raw = SampleLake.copyRaw(temp.resolve("raw-ledger-gone"));
    Path lake = temp.resolve("lake-ledger-gone");
    EmbeddedLedger stopping = EmbeddedLedger.open(temp.resolve("ledger-gone"));
    DynamoDbClient client = clientOf(stopping);
    List<String> warnings = new ArrayList<>();
    RunListener listener = SampleLake.warningsInto(warnings);
    List<SourceOutcome> outcomes;
    // The batch has committed every table when the ledger goes away: recording the run's end and
    // giving its lease back both fail, which must cost the committed run nothing.
    try (AutoCloseable stop = StepHooks.arm("processed-committed", "orders", stopping::close)) {
      outcomes =
          new RawToProcessedPlan(
                  spark,
                  SampleLake.config(raw, lake, TableFormat.DELTA, "run-gone", List.of("orders")),
                  listener,
                  new RunServices(
                      Optional.of(new DynamoDbRunLedger(client, EmbeddedLedger.TABLE)),
                      MetricsPublisher.NONE,
                      Alerter.NONE,
                      TTL))
              .run();
    } finally {
      client.close();
    }
    assertThat(outcomes.get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(SampleLake.figures(outcomes.get(0).counts())).containsExactly(3L, 20L, 10L, 3L, 7L);
    assertThat(
            spark
                .sql("SELECT count(*) FROM delta.`" + lake.resolve("processed/orders") + "`")
                .first()
                .getLong(0))
        .isEqualTo(10);
    // Besides the rule warnings of the sample orders (a warn ruleset), the two failures to report.
    assertThat(warnings.stream().filter(w -> !w.contains(".dqdl line ")).toList())
        .satisfiesExactly(
            w ->
                assertThat(w)
                    .startsWith(
                        "orders: run not recorded: DynamoDB table 'zonelake-run-ledger' cannot be"
                            + " reached at "
                            + stopping.endpoint()),
            w ->
                assertThat(w)
                    .startsWith(
                        "orders: run lease not given back (DynamoDB table 'zonelake-run-ledger'"
                            + " cannot be reached at "
                            + stopping.endpoint())
                    .containsPattern("\\); it lapses at \\d{4}-\\d\\d-\\d\\dT"));
  }

  @Test
  void aLedgerStoppedMidRunFailsTheBatchBeforeAnyCommitAndItsLeaseIsRecoverable() throws Exception {
    SparkSession spark = TestSpark.session();
    Path raw = SampleLake.copyRaw(temp.resolve("raw-ledger-stopped"));
    Path lake = temp.resolve("lake-ledger-stopped");
    Path data = temp.resolve("ledger-stopped");
    EmbeddedLedger stopping = EmbeddedLedger.open(data);
    // A client of its own, which outlives the server: the run sees DynamoDB Local go away.
    DynamoDbClient client = clientOf(stopping);
    RunServices services =
        new RunServices(
            Optional.of(new DynamoDbRunLedger(client, EmbeddedLedger.TABLE)),
            MetricsPublisher.NONE,
            Alerter.NONE,
            TTL);
    List<SourceOutcome> first;
    try (AutoCloseable stop = StepHooks.arm("quarantine-written", "orders", stopping::close)) {
      first = runOrders(raw, lake, "run-1", services);
    } finally {
      client.close();
    }
    assertThat(first.get(0).status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(first.get(0).message().orElseThrow())
        .isEqualTo(
            "Job raw-to-processed, source 'orders': run run-1 lost its run lease: DynamoDB table"
                + " 'zonelake-run-ledger' cannot be reached at "
                + stopping.endpoint()
                + ": no answer after 3 attempts (ConnectException: Connection refused). The run"
                + " stopped before its next commit; another run may work on the source now."
                + " Nothing of the stopped batch was committed; its manifest is retried by the"
                + " next run. Fix: check that the run ledger is reachable and that no run took the"
                + " source over; run again.");
    String processed = "delta.`" + lake.resolve("processed/orders") + "`";
    String quarantine = "delta.`" + lake.resolve("quarantine/orders") + "`";
    assertThat(spark.sql("SELECT count(*) FROM " + processed).first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT count(*) FROM " + quarantine).first().getLong(0)).isZero();

    // DynamoDB Local back on its directory: run-1's lease holds until its time to live, then the
    // next run takes it and reconciles exactly.
    try (EmbeddedLedger restarted = EmbeddedLedger.open(data)) {
      assertThatThrownBy(() -> restarted.ledger().acquire(JOB, "orders", "probe", TTL))
          .hasMessageStartingWith(
              "Job raw-to-processed, source 'orders': run run-1 holds the run lease until");
      DynamoDbRunLedger afterTtl =
          new DynamoDbRunLedger(
              restarted.client(),
              EmbeddedLedger.TABLE,
              new MovedClock(Instant.now().plus(TTL).plusSeconds(1)));
      List<SourceOutcome> second =
          runOrders(
              raw,
              lake,
              "run-2",
              new RunServices(Optional.of(afterTtl), MetricsPublisher.NONE, Alerter.NONE, TTL));
      assertThat(second.get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
      assertThat(SampleLake.figures(second.get(0).counts())).containsExactly(3L, 20L, 10L, 3L, 7L);
      assertThat(spark.sql("SELECT count(*) FROM " + processed).first().getLong(0)).isEqualTo(10);
      assertThat(spark.sql("SELECT count(*) FROM " + quarantine).first().getLong(0)).isEqualTo(7);
      // run-1 could not record its end; run-2, taking its lapsed lease over, records it.
      assertThat(ordersRuns(restarted.ledger()))
          .containsExactly(
              "run-2 SUCCEEDED -",
              "run-1 FAILED Job raw-to-processed, source 'orders': run run-1 never recorded its"
                  + " end: it was killed, stalled beyond its lease or could not reach the ledger"
                  + " when it ended, and run run-2 has taken the source over. What it committed"
                  + " stays committed; what it did not, run run-2 takes again. Fix: nothing to"
                  + " do; if it recurs, find out what stops the job's process.");
    }
  }
}
