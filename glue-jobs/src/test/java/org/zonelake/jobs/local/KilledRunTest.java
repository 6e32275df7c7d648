package org.zonelake.jobs.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.jobs.LauncherLogging;
import org.zonelake.jobs.SampleLake;

/**
 * {@code ./lake run} killed with SIGKILL ({@code kill -9}) in a JVM of its own, after the orders
 * batch wrote its processed and quarantine files and before any commit; meanwhile a second {@code
 * ./lake run} on the same lake in this JVM; then the next run. {@code ./lake run}, {@code ./lake
 * replay} and {@code ./lake maintain} stopped with Ctrl-C before their commits, then run again.
 */
class KilledRunTest {

  private static final String PROCESSED = "delta.`%s/processed/orders`";
  private static final String QUARANTINE = "delta.`%s/quarantine/orders`";

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private Path lake;

  @BeforeEach
  void lake() {
    lake = temp.resolve("lake");
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /** A raw zone holding a copy of the sample orders. */
  private Path rawOrders() {
    return SampleLake.copyRawOrders(temp.resolve("raw"));
  }

  /** {@code lake run} on a copy of the sample orders into {@code lake}, with these leases. */
  private List<String> ordersRun(String leaseSeconds) throws IOException {
    Path raw = rawOrders();
    return List.of(
        "run",
        "--raw",
        raw.toString(),
        "--lake",
        lake.toString(),
        "--lease_seconds",
        leaseSeconds,
        "--master",
        "local[2]");
  }

  /** Raw to processed on the orders of {@code temp/raw} into {@code lake}, in this JVM. */
  private void processOrders(String runId) {
    assertThat(
            SampleLake.run(
                spark,
                SampleLake.config(
                    temp.resolve("raw"),
                    lake,
                    org.zonelake.core.write.TableFormat.DELTA,
                    runId,
                    List.of("orders"))))
        .allMatch(o -> o.status() == org.zonelake.core.run.SourceOutcome.Status.SUCCEEDED);
  }

  /** The line of {@code lake runs} for the orders run of raw to processed {@code runId}. */
  private String ledgerLine(String runId) {
    return CliRun.ledger(lake.toString(), "orders", "raw-to-processed").stream()
        .filter(l -> l.contains(runId))
        .findFirst()
        .orElseThrow();
  }

  /** The run id a {@code lake run} printed. */
  private static String runIdIn(String printed) {
    return printed.replaceFirst("(?s).*\\bLake \\S+, raw \\S+, run (\\S+)\n.*", "$1");
  }

  /** The batch's files are on disk, but no commit names them: no table shows a row. */
  private void assertNothingCommitted() throws IOException {
    assertThat(parquetFiles(lake.resolve("processed/orders"))).isPositive();
    assertThat(count("SELECT count(*) FROM " + PROCESSED.formatted(lake))).isZero();
    assertThat(count("SELECT count(*) FROM " + QUARANTINE.formatted(lake))).isZero();
  }

  /**
   * Runs {@code run} again, which commits the sample orders' batch 0 exactly; returns its run id
   * and the lines of {@code lake runs} for raw to processed.
   */
  private List<String> nextRunCommitsBatch0(List<String> run) {
    CliRun next = CliRun.succeeded(run.toArray(String[]::new));
    assertThat(next.err())
        .contains(
            "orders: batch 0 committed: 3 files, 20 lines -> 10 written, 3 duplicates, 7"
                + " quarantined");
    assertThat(count("SELECT count(*) FROM " + PROCESSED.formatted(lake))).isEqualTo(10);
    assertThat(count("SELECT count(DISTINCT _record_hash) FROM " + PROCESSED.formatted(lake)))
        .isEqualTo(10);
    assertThat(count("SELECT count(*) FROM " + QUARANTINE.formatted(lake))).isEqualTo(7);
    List<String> lines = new ArrayList<>(List.of(runIdIn(next.err())));
    lines.addAll(CliRun.ledger(lake.toString(), "orders", "raw-to-processed"));
    return lines;
  }

  @Test
  void aRunKilledMidWriteLeavesNothingVisibleAndTheNextRunReconcilesExactly() throws Exception {
    List<String> run = ordersRun("3");

    Process killed = start("processed-written", run);
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readUntilPaused(killed));
    String before = output.get(5, TimeUnit.MINUTES);
    assertThat(before).contains("PAUSED processed-written orders");
    String killedRun = runIdIn(before);
    // While it waits, its heartbeat keeps its lease: the ledger shows it RUNNING, no more.
    assertThat(ledgerLine(killedRun))
        .contains(" RUNNING ")
        .doesNotContain(RunHistory.NO_LEASE)
        .doesNotContain("RUNNING?");

    // A second ./lake run on the same lake, in this JVM under the launcher's logging, while the
    // first waits in its own JVM with its batch written (its heartbeat keeps the orders lease): it
    // refuses orders naming the first run, writes nothing, and prints no stack trace.
    LauncherLogging.Logged<CliRun> second =
        LauncherLogging.capture(() -> CliRun.of(run.toArray(String[]::new)));
    assertThat(second.result().status()).as(second.result().err()).isEqualTo(1);
    assertThat(second.result().out() + second.result().err())
        .contains("Job raw-to-processed, source 'orders': run ")
        .contains(" holds the run lease until ")
        // A source another run holds is not said to be read.
        .doesNotContain("orders: reading new raw files")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    // Its curated step says why orders and the joined dataset it leads are missing from it, among
    // the other sources and joined datasets, and stderr ends with the error.
    assertThat(second.result().out())
        .containsPattern(
            "\norders +not aggregated: its raw->processed run failed; the next run that succeeds"
                + " brings its curated tables up to date\nJoined datasets\n")
        .containsPattern(
            "\norders_with_customers +not refreshed: its left source orders failed"
                + " raw->processed; the next run that succeeds refreshes it\n");
    assertThat(second.result().err())
        .endsWith(
            "\nerror: Job raw-to-processed run "
                + runIdIn(second.result().err())
                + " failed for source(s) [orders] (reasons above). Fix: correct the reported"
                + " problem and run again; failed batches committed nothing and are retried.\n");
    // The one line logged is this JVM's: the run takes the tests' session, which Spark notes.
    assertThat(second.log())
        .matches(
            "\\d\\d:\\d\\d:\\d\\d WARN SparkSession: Using an existing Spark session; only runtime"
                + " SQL configurations will take effect.\n");
    killed.destroyForcibly();
    assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(killed.exitValue()).isEqualTo(137);

    assertNothingCommitted();

    // The killed run's lease lapses after its time to live (3 s; nothing renews it any more).
    Thread.sleep(4_000);
    // Its lease lapsed: until the next run records it, the ledger shows it RUNNING with the note.
    assertThat(ledgerLine(killedRun)).contains(" RUNNING? ").endsWith("  " + RunHistory.NO_LEASE);
    List<String> next = nextRunCommitsBatch0(run);

    // The ledger shows both runs of orders: the next one SUCCEEDED, and the killed one FAILED,
    // as the next one recorded it when it took its lapsed lease over.
    String nextRun = next.get(0);
    assertThat(
            next.subList(1, next.size()).stream()
                .map(
                    l ->
                        l.contains(killedRun)
                            ? l.replaceFirst(".* FAILED .* Job ", "FAILED: Job ")
                            : l.contains(" SUCCEEDED ") ? "next SUCCEEDED" : l)
                .toList())
        .containsExactly(
            "next SUCCEEDED",
            "FAILED: Job raw-to-processed, source 'orders': run "
                + killedRun
                + " never recorded its end: it was killed, stalled beyond its lease or could not"
                + " reach the ledger when it ended, and run "
                + nextRun
                + " has taken the source over. What it committed stays committed; what it did not,"
                + " run "
                + nextRun
                + " takes again. Fix: nothing to do; if it recurs, find out what stops the job's"
                + " process.");
  }

  @Test
  void aRunStoppedWithCtrlCCommitsNothingAndGivesItsLeaseBackForTheNextRun() throws Exception {
    // A lease of ten minutes: the next run can only go ahead at once if the stopped run gave its
    // lease back.
    List<String> run = ordersRun("600");

    Stop stop = Stop.likeCtrlC();
    String printed = stop.whenPaused(start("processed-written", run));
    String by = stop.by();
    String runId = runIdIn(printed);
    assertThat(printed)
        .contains("PAUSED processed-written orders")
        .contains(stop.announcement())
        .contains(
            "Job raw-to-processed, source 'orders': run "
                + runId
                + " stopped by "
                + by
                + ". Nothing was committed after the stop. Fix: run again.")
        .contains(
            "No curated run: the run was stopped; the next run brings the curated tables up to"
                + " date.")
        .doesNotContain("error:")
        .doesNotContain("not aggregated")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");

    assertNothingCommitted();

    // The next run goes ahead at once (the lease was given back) and commits batch 0 exactly; the
    // ledger lists the stopped run as FAILED, saying so, and the next one as SUCCEEDED.
    List<String> next = nextRunCommitsBatch0(run);
    assertThat(
            next.subList(1, next.size()).stream()
                .map(
                    l ->
                        l.contains(runId)
                            ? "stopped " + l.contains(" FAILED ")
                            : "next " + l.contains(" SUCCEEDED "))
                .toList())
        .containsExactly("next true", "stopped true");
  }

  /**
   * {@code ./lake replay} stopped with Ctrl-C after it logged what it replays, before its commits:
   * nothing of it is committed, its lease is given back, and the next replay completes it.
   */
  @Test
  void aReplayStoppedWithCtrlCCommitsNothingAndTheNextReplayCompletesIt() throws Exception {
    SampleLake.landSlashedOrders(rawOrders());
    processOrders("run-1");
    // The fix: the contract lists the producer's format.
    Path contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    SampleLake.acceptSlashedOrderTimes(contracts);
    List<String> replay =
        List.of(
            "replay",
            "--source",
            "orders",
            "--lake",
            lake.toString(),
            "--contracts",
            contracts.toString(),
            "--master",
            "local[2]");

    Stop stop = Stop.likeCtrlC();
    String printed = stop.whenPaused(start("replay-logged", replay));

    assertThat(printed)
        .contains("PAUSED replay-logged orders")
        .contains(stop.announcement())
        .containsPattern(
            "Job replay-quarantine, source 'orders': run \\S+ stopped by "
                + stop.by()
                + "\\. Nothing was committed after the stop\\. Fix: run again\\.")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(count("SELECT count(*) FROM " + PROCESSED.formatted(lake))).isEqualTo(10);
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + QUARANTINE.formatted(lake)
                    + " WHERE _replayed_at IS NULL"))
        .isEqualTo(9);

    // The next replay goes ahead at once (the lease was given back) and completes the stopped one.
    CliRun next = CliRun.succeeded(replay.toArray(String[]::new));
    assertThat(next.out())
        .contains(
            "Recovered 2 row(s): 2 written to processed (version 2), 0 duplicate(s); 7 stay open;"
                + " quarantine marked (version 2).");
    assertThat(count("SELECT count(*) FROM " + PROCESSED.formatted(lake))).isEqualTo(12);
    List<String> replays = CliRun.ledger(lake.toString(), "orders", "replay-quarantine");
    assertThat(replays).hasSize(2);
    assertThat(replays.get(0)).contains(" SUCCEEDED ");
    assertThat(replays.get(1)).contains(" FAILED ").contains("stopped by " + stop.by());
  }

  /**
   * {@code ./lake maintain} stopped with Ctrl-C after it surveyed the orders table, before it
   * compacts it: the table is left as it was, the command says why, and the next one compacts it.
   */
  @Test
  void aMaintenanceStoppedWithCtrlCLeavesTheTableAsItWasAndTheNextCompactsIt() throws Exception {
    // Two raw to processed runs in this JVM (the tables maintenance works on; no curated step).
    rawOrders();
    processOrders("run-1");
    // A second file for the orders of 20 November: two files in that partition to compact.
    SampleLake.land(
        temp.resolve("raw"),
        "orders",
        LocalDate.of(2026, 11, 23),
        "orders-0004.jsonl",
        "{\"order_id\":\"o-2001\",\"customer_id\":\"c-009\",\"product\":\"Kettle\","
            + "\"category\":\"kitchen\",\"price\":45.00,\"quantity\":1,\"country\":\"NL\","
            + "\"order_ts\":\"2026-11-20T12:00:00Z\"}");
    processOrders("run-2");
    Path orders = lake.resolve("processed/orders");
    Path november20 = orders.resolve("year=2026/month=11/day=20");
    long version = version(orders);
    assertThat(parquetFiles(november20)).isEqualTo(2);
    List<String> maintain =
        List.of("maintain", "--lake", lake.toString(), "--min_files", "1", "--master", "local[2]");

    Stop stop = Stop.likeCtrlC();
    String printed = stop.whenPaused(start("maintenance-surveyed", "processed/orders", maintain));

    assertThat(printed)
        .contains("PAUSED maintenance-surveyed processed/orders")
        .contains(stop.announcement())
        .containsPattern(
            "processed/orders: FAILED, Job maintenance, source 'processed/orders': run \\S+"
                + " stopped by "
                + stop.by()
                + "\\. Nothing was committed after the stop\\. Fix: run again\\.")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(version(orders)).isEqualTo(version);
    assertThat(parquetFiles(november20)).isEqualTo(2);

    CliRun next = CliRun.succeeded(maintain.toArray(String[]::new));
    assertThat(next.err()).contains("processed/orders: 5 -> 4 files, 1 partition(s) compacted");
    assertThat(version(orders)).isEqualTo(version + 1);
    assertThat(count("SELECT count(*) FROM " + PROCESSED.formatted(lake))).isEqualTo(11);
  }

  private long version(Path table) {
    return io.delta.tables.DeltaTable.forPath(spark, table.toString())
        .history(1)
        .first()
        .<Long>getAs("version");
  }

  /** Whether this process (and so the runs it starts) ignores SIGINT (Linux's process status). */
  private static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 2L) != 0;
      }
    }
    return false;
  }

  /**
   * The same JVM options as this one, on this class path, running {@link PausedRun} to pause at
   * {@code step} of orders.
   */
  private static Process start(String step, List<String> lakeArguments) throws IOException {
    return start(step, "orders", lakeArguments);
  }

  /** The same, pausing at {@code step} of {@code name} (a source, or a table of maintenance). */
  private static Process start(String step, String name, List<String> lakeArguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens")
          || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || option.startsWith("-XX:TieredStopAtLevel")
          || option.startsWith("-XX:ReservedCodeCacheSize")
          || option.startsWith("-Djdk.reflect")) {
        command.add(option);
      }
    }
    command.add("-Xmx1g");
    command.add("-XX:+UseParallelGC");
    command.add("-Duser.timezone=UTC");
    command.add(
        "-D"
            + EmbeddedLedger.CLASSPATH_PROPERTY
            + "="
            + System.getProperty(EmbeddedLedger.CLASSPATH_PROPERTY));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PausedRun.class.getName());
    command.add(step);
    command.add(name);
    command.addAll(lakeArguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** The process's output up to and including the line that says it paused (or its end). */
  private static String readUntilPaused(Process process) {
    StringBuilder seen = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        seen.append(line).append('\n');
        if (line.startsWith("PAUSED ")) {
          return seen.toString();
        }
      }
      return seen.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  /**
   * Ctrl-C as a test can send it: SIGINT, unless this process ignores it (a build started as a
   * background job, {@code mvn verify &}, passes SIGINT on ignored, and a JVM cannot handle an
   * ignored SIGINT); then {@code kill} (SIGTERM), which the runner handles the same way with its
   * own name and exit status.
   */
  private record Stop(String signal, String by, int status) {

    static Stop likeCtrlC() throws IOException {
      return sigintIgnored() ? new Stop("-TERM", "SIGTERM", 143) : new Stop("-INT", "Ctrl-C", 130);
    }

    /** What the stopped command prints when the stop reaches it. */
    String announcement() {
      return "Stopping ("
          + by
          + "): the running Spark jobs are cancelled and nothing more is committed; what was"
          + " committed stays. Press Ctrl-C again to quit at once.";
    }

    /**
     * Sends the signal to {@code process} when it says it paused, and returns all it printed once
     * it ended (with this stop's exit status).
     */
    String whenPaused(Process process) throws Exception {
      StringBuffer seen = new StringBuffer();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                  for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    seen.append(line).append('\n');
                    if (line.startsWith("PAUSED ")) {
                      // Paused before its next commit: Ctrl-C.
                      new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                          .inheritIO()
                          .start()
                          .waitFor();
                    }
                  }
                  return seen.toString();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      String printed;
      try {
        printed = output.get(5, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        // Say where the stopped command was, then end it: the test fails with what it printed.
        process.destroyForcibly();
        throw new AssertionError(
            "The stopped command did not end in 5 minutes; it printed:\n" + seen, e);
      }
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(printed).isTrue();
      assertThat(process.exitValue()).as(printed).isEqualTo(status);
      return printed;
    }
  }
}
