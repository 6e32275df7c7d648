package org.zonelake.jobs.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.jobs.LauncherLogging;
import org.zonelake.jobs.SampleLake;

/**
 * {@code ./lake run} killed with SIGKILL ({@code kill -9}) in a JVM of its own, after the orders
 * batch wrote its processed and quarantine files and before any commit; meanwhile a second {@code
 * ./lake run} on the same lake in this JVM; then the next run.
 */
class KilledRunTest {

  private static final Path RAW_ORDERS = Path.of("..", "testdata", "raw", "orders");

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @Test
  void aRunKilledMidWriteLeavesNothingVisibleAndTheNextRunReconcilesExactly() throws Exception {
    Path raw = temp.resolve("raw");
    SampleLake.copyTree(RAW_ORDERS, raw.resolve("orders"));
    Path lake = temp.resolve("lake");
    List<String> run =
        List.of(
            "run",
            "--raw",
            raw.toString(),
            "--lake",
            lake.toString(),
            "--lease_seconds",
            "3",
            "--master",
            "local[2]");

    Process killed = start("processed-written", run);
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readUntilPaused(killed));
    String before = output.get(5, TimeUnit.MINUTES);
    assertThat(before).contains("PAUSED processed-written orders");

    // A second ./lake run on the same lake, in this JVM under the launcher's logging, while the
    // first waits in its own JVM with its batch written (its heartbeat keeps the orders lease): it
    // refuses orders naming the first run, writes nothing, and prints no stack trace.
    LauncherLogging.Logged<CliRun> second =
        LauncherLogging.capture(() -> CliRun.of(run.toArray(String[]::new)));
    assertThat(second.result().status()).as(second.result().err()).isEqualTo(1);
    assertThat(second.result().out() + second.result().err())
        .contains("Job raw-to-processed, source 'orders': run ")
        .contains(" holds the run lease until ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    // Its curated step says why orders is missing from it.
    assertThat(second.result().out())
        .containsPattern("\norders +not aggregated: its raw->processed run failed; ");
    // The one line logged is this JVM's: the run takes the tests' session, which Spark notes.
    assertThat(second.log())
        .matches(
            "\\d\\d:\\d\\d:\\d\\d WARN SparkSession: Using an existing Spark session; only runtime"
                + " SQL configurations will take effect.\n");
    killed.destroyForcibly();
    assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(killed.exitValue()).isEqualTo(137);

    // The batch's data files are on disk, but no commit names them: no table shows a row.
    String processed = "delta.`" + lake.resolve("processed/orders") + "`";
    String quarantine = "delta.`" + lake.resolve("quarantine/orders") + "`";
    assertThat(parquetFiles(lake.resolve("processed/orders"))).isPositive();
    assertThat(count("SELECT count(*) FROM " + processed)).isZero();
    assertThat(count("SELECT count(*) FROM " + quarantine)).isZero();

    // The killed run's lease lapses after its time to live (3 s; nothing renews it any more).
    Thread.sleep(4_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new LakeCli(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), "..")
            .execute(run.toArray(String[]::new));
    assertThat(status).as(err.toString(UTF_8)).isZero();
    assertThat(err.toString(UTF_8))
        .contains(
            "orders: batch 0 committed: 3 files, 20 lines -> 10 written, 3 duplicates, 7"
                + " quarantined");
    assertThat(count("SELECT count(*) FROM " + processed)).isEqualTo(10);
    assertThat(count("SELECT count(DISTINCT _record_hash) FROM " + processed)).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM " + quarantine)).isEqualTo(7);

    // The ledger shows both runs of orders: the next one SUCCEEDED, and the killed one FAILED,
    // as the next one recorded it when it took its lapsed lease over.
    ByteArrayOutputStream runs = new ByteArrayOutputStream();
    new LakeCli(new PrintStream(runs, true, UTF_8), new PrintStream(err, true, UTF_8), "..")
        .execute(new String[] {"runs", "--lake", lake.toString(), "--source", "orders"});
    String nextRun =
        err.toString(UTF_8).replaceFirst("(?s).*\\bLake \\S+, raw \\S+, run (\\S+)\n.*", "$1");
    String killedRun = before.replaceFirst("(?s).*\\bLake \\S+, raw \\S+, run (\\S+)\n.*", "$1");
    assertThat(
            runs.toString(UTF_8)
                .lines()
                .filter(l -> l.contains("raw-to-processed"))
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
                + " never recorded its end: it was killed or stalled, its lease lapsed and run "
                + nextRun
                + " took the source over. What it committed stays committed; what it did not, run "
                + nextRun
                + " takes again. Fix: nothing to do; if it recurs, find out what stops the job's"
                + " process.");
  }

  @Test
  void aRunStoppedWithCtrlCCommitsNothingAndGivesItsLeaseBackForTheNextRun() throws Exception {
    Path raw = temp.resolve("raw");
    SampleLake.copyTree(RAW_ORDERS, raw.resolve("orders"));
    Path lake = temp.resolve("lake");
    // A lease of ten minutes: the next run can only go ahead at once if the stopped run gave its
    // lease back.
    List<String> run =
        List.of(
            "run",
            "--raw",
            raw.toString(),
            "--lake",
            lake.toString(),
            "--lease_seconds",
            "600",
            "--master",
            "local[2]");

    Process stopped = start("processed-written", run);
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stopped.getInputStream(), UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  seen.append(line).append('\n');
                  if (line.startsWith("PAUSED ")) {
                    // The batch has written its files and waits before its first commit: Ctrl-C.
                    new ProcessBuilder("kill", "-INT", Long.toString(stopped.pid()))
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
    String printed = output.get(5, TimeUnit.MINUTES);
    assertThat(stopped.waitFor(1, TimeUnit.MINUTES)).as(printed).isTrue();
    assertThat(stopped.exitValue()).as(printed).isEqualTo(130);
    String runId = printed.replaceFirst("(?s).*\\bLake \\S+, raw \\S+, run (\\S+)\n.*", "$1");
    assertThat(printed)
        .contains("PAUSED processed-written orders")
        .contains(
            "Stopping (Ctrl-C): the running batches are cancelled and nothing more is committed;"
                + " what was committed stays. Press Ctrl-C again to quit at once.")
        .contains(
            "Job raw-to-processed, source 'orders': run "
                + runId
                + " stopped by Ctrl-C. It committed nothing after the stop (what it committed"
                + " before stays) and gave its lease back. Fix: run again: the next run takes"
                + " what this run did not commit.")
        .contains(
            "No curated run: the run was stopped; the next run brings the curated tables up to"
                + " date.")
        .doesNotContain("error:")
        .doesNotContain("not aggregated")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");

    // Nothing committed: the batch's files are on disk, no table shows a row.
    String processed = "delta.`" + lake.resolve("processed/orders") + "`";
    String quarantine = "delta.`" + lake.resolve("quarantine/orders") + "`";
    assertThat(parquetFiles(lake.resolve("processed/orders"))).isPositive();
    assertThat(count("SELECT count(*) FROM " + processed)).isZero();
    assertThat(count("SELECT count(*) FROM " + quarantine)).isZero();

    // The next run goes ahead at once (the lease was given back) and commits batch 0 exactly.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new LakeCli(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), "..")
            .execute(run.toArray(String[]::new));
    assertThat(status).as(err.toString(UTF_8)).isZero();
    assertThat(err.toString(UTF_8))
        .contains(
            "orders: batch 0 committed: 3 files, 20 lines -> 10 written, 3 duplicates, 7"
                + " quarantined");
    assertThat(count("SELECT count(*) FROM " + processed)).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM " + quarantine)).isEqualTo(7);

    // The ledger: the stopped run FAILED, saying so; the next one SUCCEEDED.
    ByteArrayOutputStream runs = new ByteArrayOutputStream();
    new LakeCli(new PrintStream(runs, true, UTF_8), new PrintStream(err, true, UTF_8), "..")
        .execute(new String[] {"runs", "--lake", lake.toString(), "--source", "orders"});
    assertThat(
            runs.toString(UTF_8)
                .lines()
                .filter(l -> l.contains("raw-to-processed"))
                .map(
                    l ->
                        l.contains(runId)
                            ? "stopped " + l.contains("FAILED")
                            : "next " + l.contains("SUCCEEDED"))
                .toList())
        .containsExactly("next true", "stopped true");
  }

  /**
   * The same JVM options as this one, on this class path, running {@link PausedRun} to pause at
   * {@code step} of orders.
   */
  private static Process start(String step, List<String> lakeArguments) throws IOException {
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
    command.add("orders");
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
}
