package org.zonelake.jobs;

import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.curated.CuratedJoins;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.CuratedResult.JoinOutcome;
import org.zonelake.model.CuratedTables;

/**
 * Every joined dataset brought up to date (each by {@link JoinRefresh}, under its lease), then the
 * statistics of all of them in one {@code join_statistics} commit; the state of a dataset advances
 * only after that commit. Each outcome carries the dataset's total and unmatched rows. Tests can
 * stop it at each step ({@link StepHooks}): {@code joined-committed} and {@code
 * curated-state-written} per dataset, {@code join_statistics-committed} for {@code curated}.
 */
final class JoinedDatasetsRefresh {

  private final CuratedStep step;
  private final SparkSession spark;
  private final ProcessedToCuratedConfig config;
  private final CuratedStateStore state;
  private final CuratedTableWriter writer;
  private final JoinRefresh refresher;

  /** A dataset whose rows were written, waiting for the statistics commit. */
  private record Written(JoinRefresh.Refreshed refreshed, RunRecorder.Recording recording) {}

  JoinedDatasetsRefresh(CuratedStep step) {
    this.step = step;
    this.spark = step.spark();
    this.config = step.config();
    this.writer = step.writer();
    this.refresher = new JoinRefresh(step);
    this.state =
        CuratedStateStore.forJoinedDatasets(
            config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * What refreshing one dataset gave: its outcome, or its rows written awaiting statistics; and,
   * when it was up to date, the figures its state recorded (its totals, read with its versions).
   */
  private record Refreshed(
      String name,
      Optional<JoinOutcome> outcome,
      Optional<Written> written,
      Map<String, Long> recorded) {}

  /**
   * Warns of each joined dataset the lake holds a state of but {@code declared} no longer names (a
   * renamed or removed declaration): nothing refreshes its table and its rows in {@code
   * join_statistics} any more.
   */
  void warnOfUndeclared(List<JoinedDataset> declared) {
    java.util.Set<String> names = new java.util.HashSet<>();
    declared.forEach(j -> names.add(j.name()));
    for (String name : state.keys()) {
      if (!names.contains(name)) {
        step.recorder()
            .listener()
            .warning(
                name,
                "joined dataset '"
                    + name
                    + "' is no longer declared: its table "
                    + config.curatedTable(name)
                    + " and its rows in "
                    + CuratedTables.JOIN_STATISTICS
                    + " are no longer refreshed. Fix: declare it again (joins/"
                    + name
                    + ".json), or remove its table and its state "
                    + state.location(name));
      }
    }
  }

  /**
   * Refreshes each dataset (the datasets at once); one outcome per dataset, in declaration order.
   */
  List<JoinOutcome> refresh(List<JoinedDataset> joins) {
    Map<String, JoinOutcome> outcomes = new LinkedHashMap<>();
    Map<String, Written> written = new LinkedHashMap<>();
    Map<String, Map<String, Long>> totals = new LinkedHashMap<>();
    for (Refreshed refreshed : Concurrently.map("joined dataset", joins, this::refreshOne)) {
      outcomes.put(refreshed.name(), refreshed.outcome().orElse(null));
      refreshed.written().ifPresent(w -> written.put(refreshed.name(), w));
      if (!refreshed.recorded().isEmpty()) {
        totals.put(refreshed.name(), refreshed.recorded());
      }
    }
    if (!written.isEmpty()) {
      try {
        written.values().forEach(w -> w.recording().requireLease());
        commitStatistics(written);
        StepHooks.reached(CuratedTables.JOIN_STATISTICS + "-committed", SourceAggregation.CURATED);
        totals.putAll(queryTotals());
      } catch (Exception e) {
        written.forEach(
            (name, w) ->
                outcomes.put(name, failed(name, w.recording(), step.recorder().failure(name, e))));
        return withTotals(List.copyOf(outcomes.values()), totals, false);
      }
      // Each dataset ends on its own: one that failed (or was stopped) leaves the others' ends.
      for (Map.Entry<String, Written> w : written.entrySet()) {
        String name = w.getKey();
        try {
          outcomes.put(name, committed(name, w.getValue(), totals.getOrDefault(name, Map.of())));
        } catch (Exception e) {
          outcomes.put(
              name, failed(name, w.getValue().recording(), step.recorder().failure(name, e)));
        }
      }
    }
    return withTotals(List.copyOf(outcomes.values()), totals, !written.isEmpty());
  }

  /** Takes the dataset's lease and writes its changed days, or says why it has nothing to do. */
  private Refreshed refreshOne(JoinedDataset join) {
    String name = join.name();
    RunRecorder.Recording recording = null;
    try {
      recording = step.recorder().begin(name);
      Optional<CuratedStateStore.Entry> previous = state.entry(name);
      CuratedScope scope = refresher.scope(join, previous.map(CuratedStateStore.Entry::versions));
      if (scope.upToDate()) {
        Map<String, Long> figures = previous.map(CuratedStateStore.Entry::figures).orElse(Map.of());
        if (previous.isPresent() && !previous.get().versions().equals(scope.versions())) {
          // The inputs moved without a day to join again (right rows no left row matches, a
          // compaction): nothing to write, the versions consumed move on.
          recording.requireLease();
          state.write(name, config.runId(), scope.versions(), figures);
        }
        step.progress().printf("%s: joined dataset up to date%n", name);
        recording.finishCurated(Optional.empty(), OptionalLong.empty(), 0);
        return new Refreshed(
            name, Optional.of(JoinOutcome.upToDate(name)), Optional.empty(), figures);
      }
      CuratedStep.describe(spark, name);
      recording.requireLease();
      Written written =
          new Written(refresher.refresh(join, scope, config.curatedTable(name)), recording);
      StepHooks.reached("joined-committed", name);
      return new Refreshed(name, Optional.empty(), Optional.of(written), Map.of());
    } catch (Exception e) {
      // Spark's SparkException is checked in Java's eyes but thrown undeclared by Scala.
      return new Refreshed(
          name,
          Optional.of(failed(name, recording, step.recorder().failure(name, e))),
          Optional.empty(),
          Map.of());
    }
  }

  private void commitStatistics(Map<String, Written> written) {
    List<Row> statistics = new ArrayList<>();
    written.values().forEach(w -> statistics.addAll(w.refreshed().statistics()));
    CuratedStep.describe(spark, CuratedTables.JOIN_STATISTICS);
    step.recorder()
        .tableWritten(
            CuratedTables.JOIN_STATISTICS,
            writer.replace(
                spark.createDataFrame(statistics, CuratedJoins.STATISTICS_SCHEMA).coalesce(1),
                config.curatedTable(CuratedTables.JOIN_STATISTICS),
                List.of(CuratedJoins.DATASET),
                written.entrySet().stream()
                    .map(
                        e ->
                            e.getValue()
                                .refreshed()
                                .scope()
                                .replaced(CuratedJoins.DATASET, e.getKey()))
                    .collect(Collectors.joining(" OR "))));
  }

  private JoinOutcome committed(String name, Written w, Map<String, Long> totals) {
    CuratedScope scope = w.refreshed().scope();
    List<DayKey> days = scope.full() ? w.refreshed().days() : List.copyOf(scope.days());
    String path = config.curatedTable(name);
    // Read before the state is written: after it, the dataset is done and only its end is recorded.
    long rows = DeltaTables.rowsWrittenByLatestCommit(spark, path);
    long version = DeltaTables.latestVersion(spark, path);
    state.write(name, config.runId(), scope.versions(), totals);
    StepHooks.reached("curated-state-written", name);
    step.recorder().tableWritten(name, rows);
    w.recording().finishCurated(Optional.empty(), OptionalLong.of(version), days.size());
    step.progress()
        .printf(
            "%s: joined dataset %s recomputed %s%s%n",
            name,
            scope.full() ? "fully" : "incrementally",
            days.isEmpty() ? "(no day holds rows)" : "for " + days.size() + " day(s)",
            scope.full() ? " (" + scope.reason() + ")" : "");
    return new JoinOutcome(name, days, scope.full(), scope.reason(), -1, -1, Optional.empty());
  }

  private JoinOutcome failed(String name, RunRecorder.Recording recording, String error) {
    step.progress().printf("%s: joined dataset FAILED: %s%n", name, error);
    if (recording != null) {
      recording.finishCurated(Optional.of(error), OptionalLong.empty(), 0);
    }
    return JoinOutcome.failed(name, error);
  }

  /**
   * The outcomes with each dataset's rows and unmatched rows: as this run's commit left them, else
   * as recorded in the dataset's state by the run that last wrote it (read with its versions: a run
   * with nothing new reads no table), else summed from {@code join_statistics}, unless this run
   * already read it ({@code statisticsRead}).
   */
  private List<JoinOutcome> withTotals(
      List<JoinOutcome> outcomes, Map<String, Map<String, Long>> known, boolean statisticsRead) {
    Map<String, Map<String, Long>> totals = new LinkedHashMap<>(known);
    if (!statisticsRead
        && outcomes.stream().anyMatch(o -> o.error().isEmpty() && !totals.containsKey(o.name()))) {
      queryTotals().forEach(totals::putIfAbsent);
    }
    return outcomes.stream()
        .map(
            o -> {
              Map<String, Long> total = totals.get(o.name());
              return o.error().isPresent() || total == null
                  ? o
                  : o.withTotals(
                      total.get(CuratedJoins.RECORDS), total.get(CuratedJoins.UNMATCHED));
            })
        .toList();
  }

  /** Each dataset's rows and unmatched rows summed from {@code join_statistics}, if it exists. */
  private Map<String, Map<String, Long>> queryTotals() {
    String statistics = config.curatedTable(CuratedTables.JOIN_STATISTICS);
    Map<String, Map<String, Long>> totals = new LinkedHashMap<>();
    if (!TableFormat.DELTA.exists(spark, statistics)) {
      return totals;
    }
    TableFormat.DELTA
        .read(spark, statistics)
        .groupBy(CuratedJoins.DATASET)
        .agg(sum(CuratedJoins.RECORDS), sum(CuratedJoins.UNMATCHED))
        .collectAsList()
        .forEach(
            row ->
                totals.put(
                    row.getString(0),
                    Map.of(
                        CuratedJoins.RECORDS,
                        row.getLong(1),
                        CuratedJoins.UNMATCHED,
                        row.getLong(2))));
    return totals;
  }
}
