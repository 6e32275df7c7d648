package org.zonelake.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.local.EmbeddedLedger;

/**
 * Processed to curated stopped at each of its steps in turn, every run retrying what the run before
 * it left: before the first commit, after each curated table's commit, after a joined dataset's
 * rows, after {@code join_statistics}, after a state was written (before the ledger records the
 * end). Between the stops every curated table holds either nothing yet or exactly the rows of a run
 * that never stopped (each commit is whole: no table shows part of a run); the run after the last
 * stop leaves exactly those rows; and the ledger lists each stopped run as FAILED and the runs
 * after it as SUCCEEDED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CuratedCrashTest {

  private static final List<String> TABLES =
      List.of(
          "daily_summary",
          "hourly_metrics",
          "source_statistics",
          "orders_with_customers",
          "join_statistics");
  private static final String JOIN = "orders_with_customers";

  /**
   * The steps each run stops at (step, and the source, dataset or "curated" it is announced for).
   */
  private static final List<List<String>> STOPS =
      List.of(
          List.of("curated-aggregated/orders", "joined-committed/" + JOIN),
          List.of("daily_summary-committed/curated", "join_statistics-committed/curated"),
          List.of("hourly_metrics-committed/curated", "curated-state-written/" + JOIN),
          List.of("source_statistics-committed/curated"),
          List.of("curated-state-written/orders"),
          List.of());

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private EmbeddedLedger ledger;
  private Path lake;
  private final Map<String, List<String>> reference = new LinkedHashMap<>();
  private final List<CuratedResult> results = new ArrayList<>();
  private final List<Map<String, String>> tablesAfterEachStop = new ArrayList<>();

  @BeforeAll
  void stopAtEveryStepThenFinish() throws Exception {
    Path raw = SampleLake.copyRaw(temp.resolve("raw"));
    lake = temp.resolve("lake");
    SampleLake.run(
        spark,
        SampleLake.config(raw, lake, TableFormat.DELTA, "run-1", List.of("orders", "customers")));
    Path untouched = SampleLake.copyTree(lake, temp.resolve("reference"));
    SampleLake.curate(
        spark,
        SampleLake.curatedConfig(untouched, "reference", Optional.empty(), List.of("orders")));
    for (String table : TABLES) {
      reference.put(table, rows(untouched, table));
    }

    ledger = EmbeddedLedger.open(temp.resolve("ledger"));
    RunServices services = services(ledger);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    for (int run = 0; run < STOPS.size(); run++) {
      List<AutoCloseable> armed = new ArrayList<>();
      for (String stop : STOPS.get(run)) {
        String[] step = stop.split("/");
        armed.add(StepHooks.failAt(step[0], step[1], "stopped at " + stop));
      }
      try {
        results.add(
            new ProcessedToCuratedPlan(
                    spark,
                    SampleLake.curatedConfig(
                        lake, "curate-" + (run + 1), Optional.empty(), List.of("orders")),
                    quiet,
                    services)
                .run());
      } finally {
        for (AutoCloseable hook : armed) {
          hook.close();
        }
      }
      tablesAfterEachStop.add(tableStates());
    }
  }

  /** {@code ledger}, leases of 120 s; no metrics, no alerts. */
  private static RunServices services(EmbeddedLedger ledger) {
    return new RunServices(
        Optional.of(ledger.ledger()), MetricsPublisher.NONE, Alerter.NONE, Duration.ofSeconds(120));
  }

  @AfterAll
  void closeTheLedger() {
    if (ledger != null) {
      ledger.close();
    }
  }

  /** A curated table's rows as sorted JSON lines, without the columns naming the curated run. */
  private List<String> rows(Path root, String table) {
    return TestRows.sortedJson(
        TestRows.delta(root.resolve("curated").resolve(table)).drop("last_run_id", "run_id"));
  }

  /** Each table: "none" (not there yet), "whole" (the reference rows) or what else it holds. */
  private Map<String, String> tableStates() {
    Map<String, String> states = new LinkedHashMap<>();
    for (String table : TABLES) {
      Path path = lake.resolve("curated").resolve(table);
      if (!Files.exists(path.resolve("_delta_log"))) {
        states.put(table, "none");
      } else {
        List<String> rows = rows(lake, table);
        states.put(table, rows.equals(reference.get(table)) ? "whole" : rows.toString());
      }
    }
    return states;
  }

  private String outcome(int run) {
    CuratedResult result = results.get(run);
    CuratedResult.Outcome orders = result.sources().get(0);
    CuratedResult.JoinOutcome join = result.joins().get(0);
    return "orders "
        + orders.error().map(CuratedCrashTest::stop).orElse(orders.days().size() + " days")
        + ", "
        + JOIN
        + " "
        + join.error().map(CuratedCrashTest::stop).orElse(join.days().size() + " days");
  }

  private static String stop(String error) {
    return error.substring(error.indexOf("stopped at "));
  }

  @Test
  void eachRunStopsWhereItWasToldAndTheLastCompletes() {
    assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(this::outcome).toList())
        .containsExactly(
            "orders stopped at curated-aggregated/orders,"
                + " orders_with_customers stopped at joined-committed/orders_with_customers",
            "orders stopped at daily_summary-committed/curated,"
                + " orders_with_customers stopped at join_statistics-committed/curated",
            "orders stopped at hourly_metrics-committed/curated,"
                + " orders_with_customers stopped at"
                + " curated-state-written/orders_with_customers",
            // The dataset's state was written before the stop: it is up to date.
            "orders stopped at source_statistics-committed/curated, orders_with_customers 0 days",
            "orders stopped at curated-state-written/orders, orders_with_customers 0 days",
            // The state of orders was written before the stop: nothing is left to do.
            "orders 0 days, orders_with_customers 0 days");
  }

  @Test
  void betweenTheStopsEveryTableHoldsNothingOrTheWholeRun() {
    assertThat(tablesAfterEachStop.stream().flatMap(states -> states.values().stream()).toList())
        .isSubsetOf("none", "whole");
    assertThat(tablesAfterEachStop.get(0))
        .containsEntry("daily_summary", "none")
        .containsEntry("join_statistics", "none")
        .containsEntry(JOIN, "whole");
    assertThat(tablesAfterEachStop.get(1)).containsEntry("source_statistics", "none");
  }

  @Test
  void afterTheLastRunEveryTableEqualsARunThatNeverStopped() {
    assertThat(tablesAfterEachStop.get(STOPS.size() - 1))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "daily_summary",
                "whole",
                "hourly_metrics",
                "whole",
                "source_statistics",
                "whole",
                JOIN,
                "whole",
                "join_statistics",
                "whole"));
    assertThat(reference.get("daily_summary")).hasSize(4);
    assertThat(reference.get(JOIN)).hasSize(10);
  }

  @Test
  void theLedgerListsEveryStoppedRunAsFailed() {
    assertThat(
            ledger.ledger().latestRuns("orders", 10).stream()
                .map(r -> r.runId() + " " + r.status())
                .toList())
        .containsExactly(
            "curate-6 SUCCEEDED",
            "curate-5 FAILED",
            "curate-4 FAILED",
            "curate-3 FAILED",
            "curate-2 FAILED",
            "curate-1 FAILED");
    assertThat(
            ledger.ledger().latestRuns(JOIN, 10).stream()
                .map(r -> r.runId() + " " + r.status())
                .toList())
        .containsExactly(
            "curate-6 SUCCEEDED",
            "curate-5 SUCCEEDED",
            "curate-4 SUCCEEDED",
            "curate-3 FAILED",
            "curate-2 FAILED",
            "curate-1 FAILED");
  }

  @Test
  void aSourceOrDatasetThatFailsAtItsEndLeavesTheOthersEndsAlone() throws Exception {
    Path raw = SampleLake.copyRaw(temp.resolve("raw-ends"));
    Path ends = temp.resolve("lake-ends");
    SampleLake.run(
        spark,
        SampleLake.config(
            raw,
            ends,
            TableFormat.DELTA,
            "ends-1",
            List.of("customers", "orders", "sensor_readings")));
    // A ledger of its own: the other tests read the runs of orders in the class's.
    try (EmbeddedLedger own = EmbeddedLedger.open(temp.resolve("ledger-ends"))) {
      endsAlone(ends, own);
    }
  }

  private void endsAlone(Path ends, EmbeddedLedger ledger) throws Exception {
    RunServices services = services(ledger);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    // Each fails after the ones before it in its loop ended: customers, then orders; then
    // orders_with_customers, then sensor_readings_with_devices.
    CuratedResult result;
    try (AutoCloseable source =
            StepHooks.failAt("curated-state-written", "orders", "orders stopped at its end");
        AutoCloseable dataset =
            StepHooks.failAt(
                "curated-state-written",
                "sensor_readings_with_devices",
                "dataset stopped at its end")) {
      result =
          new ProcessedToCuratedPlan(
                  spark,
                  SampleLake.curatedConfig(
                      ends,
                      "ends-curated",
                      Optional.empty(),
                      List.of("customers", "orders", "sensor_readings")),
                  quiet,
                  services)
              .run();
    }
    Map<String, String> outcomes = new LinkedHashMap<>();
    result.sources().forEach(o -> outcomes.put(o.source(), o.error().orElse("ok")));
    result.joins().forEach(j -> outcomes.put(j.name(), j.error().orElse("ok")));
    assertThat(outcomes)
        .containsExactly(
            Map.entry("customers", "ok"),
            Map.entry("orders", "orders stopped at its end"),
            Map.entry("sensor_readings", "ok"),
            Map.entry("orders_with_customers", "ok"),
            Map.entry("sensor_readings_with_devices", "dataset stopped at its end"));
    Map<String, String> recorded = new LinkedHashMap<>();
    for (String name : outcomes.keySet()) {
      ledger.ledger().latestRuns(name, 20).stream()
          .filter(r -> r.runId().equals("ends-curated"))
          .forEach(r -> recorded.put(name, r.status().name()));
    }
    assertThat(recorded)
        .containsExactly(
            Map.entry("customers", "SUCCEEDED"),
            Map.entry("orders", "FAILED"),
            Map.entry("sensor_readings", "SUCCEEDED"),
            Map.entry("orders_with_customers", "SUCCEEDED"),
            Map.entry("sensor_readings_with_devices", "FAILED"));
  }
}
