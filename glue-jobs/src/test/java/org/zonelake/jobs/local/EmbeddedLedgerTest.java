package org.zonelake.jobs.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  /** A damaged data file is named with what to do, not taken for a permission problem. */
  @Test
  void aDamagedDataFileIsNamedWithTheWayOut() throws Exception {
    java.nio.file.Files.writeString(directory.resolve("shared-local-instance.db"), "garbage");
    assertThatThrownBy(() -> EmbeddedLedger.open(directory))
        .isInstanceOf(org.zonelake.core.errors.LakeException.class)
        .hasMessageStartingWith(
            "The local run ledger in "
                + directory
                + " cannot be read: DynamoDB Local failed on its data (")
        .hasMessageEndingWith(
            "). Fix: check that the directory can be read and written; if its file"
                + " shared-local-instance.db is damaged, restore the directory from a copy, or move"
                + " it away to start a new ledger (the lake's tables keep their rows; the runs"
                + " recorded in it are no longer listed).");
  }

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

  @Test
  void dynamoDbLocalListensOnTheLoopbackAddressOnly() throws Exception {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(directory)) {
      assertThat(listeningAddresses(ledger.endpoint().getPort())).containsExactly("0100007F");
    }
  }

  /**
   * The local addresses (as the kernel's tables write them: hex, IPv4 bytes reversed; an IPv6
   * address in 32 digits) of the TCP sockets listening on {@code port}, from {@code /proc/net/tcp}
   * and {@code /proc/net/tcp6}.
   */
  private static List<String> listeningAddresses(int port) throws java.io.IOException {
    String hexPort = String.format("%04X", port);
    List<String> addresses = new java.util.ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.strip().split("\\s+");
        String[] local = fields[1].split(":");
        if (local[1].equals(hexPort) && fields[3].equals("0A")) {
          // An IPv4 address on a dual-stack socket is written as ::ffff:a.b.c.d.
          addresses.add(local[0].replaceFirst("^0{16}FFFF0{4}", ""));
        }
      }
    }
    return addresses;
  }

  @Test
  void aRequestWaitsWhileAnotherProcessHoldsTheStore() throws Exception {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(directory)) {
      Path holder = directory.resolve("Hold.java");
      Files.writeString(
          holder,
          """
          import java.nio.channels.FileChannel;
          import java.nio.file.*;
          public class Hold {
            public static void main(String[] args) throws Exception {
              try (FileChannel c = FileChannel.open(Path.of(args[0]),
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE); var l = c.lock()) {
                System.out.println("LOCKED");
                System.in.read();
              }
            }
          }
          """);
      Process other =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  holder.toString(),
                  directory.resolve(EmbeddedLedger.LOCK_FILE).toString())
              .redirectErrorStream(true)
              .start();
      BufferedReader output =
          new BufferedReader(new InputStreamReader(other.getInputStream(), UTF_8));
      assertThat(output.readLine()).isEqualTo("LOCKED");

      CompletableFuture<List<RunRecord>> runs =
          CompletableFuture.supplyAsync(() -> ledger.ledger().latestRuns("orders", 5));
      Thread.sleep(1_500);
      assertThat(runs).isNotDone();

      other.getOutputStream().close(); // the other process ends and its lock goes with it
      assertThat(other.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(runs.get(1, TimeUnit.MINUTES)).isEmpty();
    }
  }
}
