package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.Fingerprint;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.CuratedResult.Outcome;
import org.zonelake.model.CuratedTables;
import org.zonelake.model.LakeColumns;

/**
 * The curated rows of every source: for each, the event days whose processed, quarantine or
 * batch-statistics rows changed since the last run (from the Delta logs) are aggregated in one scan
 * of processed rows into hourly rows, and the daily rows from those; all sources' rows replace the
 * old ones in one commit per curated table, and {@code source_statistics} follows from the daily
 * rows. Each source is recorded under its lease; its state advances only after the commits. Tests
 * can stop it at each step ({@link StepHooks}): {@code curated-aggregated} and {@code
 * curated-state-written} per source, {@code <table>-committed} for {@value #CURATED}.
 */
final class SourceAggregation {

  private static final List<String> DAY_PARTITIONS =
      List.of(CuratedAggregates.SOURCE, LakeColumns.YEAR, LakeColumns.MONTH);

  /**
   * The name under which the steps of a commit for all sources are announced ({@link StepHooks}).
   */
  static final String CURATED = "curated";

  private final CuratedStep step;
  private final SparkSession spark;
  private final ProcessedToCuratedConfig config;
  private final CuratedStateStore state;
  private final CuratedTableWriter writer;

  /**
   * A source whose days were aggregated, waiting for the commits: its daily and hourly rows, read
   * from its cached hour and day aggregates until the commits.
   */
  private record Aggregated(
      CuratedScope scope,
      RunRecorder.Recording recording,
      List<DayKey> days,
      Dataset<Row> daily,
      Dataset<Row> hourly,
      List<String> warnings,
      List<Dataset<Row>> cached) {}

  /** What aggregating one source gave: its outcome, and its rows when it has days to commit. */
  private record Prepared(Outcome outcome, Optional<Aggregated> aggregated) {}

  SourceAggregation(CuratedStep step) {
    this.step = step;
    this.spark = step.spark();
    this.config = step.config();
    this.writer = step.writer();
    this.state =
        new CuratedStateStore(config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Aggregates the changed days of each source (the sources at once), then commits them all; one
   * outcome per source.
   */
  List<Outcome> refresh(List<DatasetContract> contracts) {
    Map<String, Aggregated> changed = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Prepared prepared : Concurrently.map("source", contracts, this::aggregate)) {
      String source = prepared.outcome().source();
      outcomes.put(source, prepared.outcome());
      prepared.aggregated().ifPresent(a -> changed.put(source, a));
    }
    if (!changed.isEmpty()) {
      OptionalLong version = OptionalLong.empty();
      try {
        changed.keySet().forEach(source -> StepHooks.reached("curated-aggregated", source));
        changed.values().forEach(a -> a.recording().requireLease());
        version = OptionalLong.of(commit(changed));
      } catch (Exception e) {
        changed.forEach(
            (source, a) ->
                outcomes.put(
                    source, failed(source, a.recording(), step.recorder().failure(source, e))));
      }
      // Each source ends on its own once the tables are committed: one whose end fails leaves
      // the others' ends as they are.
      if (version.isPresent()) {
        for (Map.Entry<String, Aggregated> entry : changed.entrySet()) {
          String source = entry.getKey();
          Aggregated a = entry.getValue();
          try {
            state.write(source, config.runId(), a.scope().versions());
            StepHooks.reached("curated-state-written", source);
            a.recording().finishCurated(Optional.empty(), version, a.days().size());
            step.progress()
                .printf(
                    "%s: curated %s recomputed %s%s%n",
                    source,
                    a.scope().full() ? "fully" : "incrementally",
                    a.days().isEmpty()
                        ? "(no day holds rows)"
                        : "for " + a.days().size() + " day(s)",
                    a.scope().full() && !a.scope().reason().isEmpty()
                        ? " (" + a.scope().reason() + ")"
                        : "");
            a.warnings().forEach(w -> step.recorder().listener().warning(source, w));
          } catch (Exception e) {
            outcomes.put(source, failed(source, a.recording(), step.recorder().failure(source, e)));
          }
        }
      }
    }
    changed.values().forEach(a -> a.cached().forEach(Dataset::unpersist));
    return List.copyOf(outcomes.values());
  }

  /**
   * State key: the fingerprint of the contract's measures the source's rows were computed with
   * (state written by earlier versions has none, and is taken as computed with the current ones).
   */
  static final String MEASURES = "measures";

  /** What the daily summary's measures could not hold, one warning per measure and kind. */
  private static List<String> measureWarnings(CuratedAggregates.DailySummary daily) {
    List<String> warnings = new ArrayList<>();
    daily
        .leftOut()
        .forEach(
            (measure, count) ->
                warnings.add(
                    String.format(
                        Locale.ROOT,
                        "%,d value(s) of measure '%s' left out of daily_summary's measures (NaN,"
                            + " infinite, or 10^32 or more: DECIMAL(38,6) cannot hold them); the"
                            + " rows are counted in records",
                        count,
                        measure)));
    daily
        .sumTooLarge()
        .forEach(
            (measure, days) ->
                warnings.add(
                    String.format(
                        Locale.ROOT,
                        "the sum of measure '%s' is 10^32 or more on %,d day(s), which"
                            + " DECIMAL(38,6) cannot hold: daily_summary's sum and avg of it are"
                            + " null there (its min and max are kept)",
                        measure,
                        days)));
    return warnings;
  }

  /** Takes the source's lease and aggregates its changed days, or says why it has none. */
  private Prepared aggregate(DatasetContract contract) {
    String source = contract.source();
    RunRecorder.Recording recording = null;
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      recording = step.recorder().begin(source);
      Optional<Map<String, Long>> previous = state.read(source);
      // A change of the contract's measures changes the rows of every day, not only of the days
      // whose input changed.
      CuratedScope scope =
          CuratedScope.ofSource(spark, inputs(source), previous, step.inputs())
              .withFingerprint(
                  MEASURES,
                  Fingerprint.of(String.join("\n", contract.measures())),
                  previous,
                  "its measures changed");
      if (scope.upToDate()) {
        step.progress().printf("%s: curated tables up to date%n", source);
        recording.finishCurated(Optional.empty(), OptionalLong.empty(), 0);
        return new Prepared(Outcome.upToDate(source), Optional.empty());
      }
      CuratedStep.describe(spark, "aggregate " + source);
      CuratedInputs inputs = new CuratedInputs(spark, inputs(source), scope);
      Dataset<Row> hours = CuratedAggregates.hours(contract, inputs.processed()).cache();
      cached.add(hours);
      Dataset<Row> dayRows = CuratedAggregates.days(contract, hours).cache();
      cached.add(dayRows);
      CuratedAggregates.DailySummary sourceDaily =
          CuratedAggregates.dailySummary(
              contract, dayRows, inputs.quarantine(), inputs.validPerDay());
      List<DayKey> days = scope.full() ? sourceDaily.days() : List.copyOf(scope.days());
      return new Prepared(
          new Outcome(source, days, scope.full(), Optional.empty()),
          Optional.of(
              new Aggregated(
                  scope,
                  recording,
                  days,
                  sourceDaily.rows(),
                  CuratedAggregates.hourlyMetrics(source, hours),
                  measureWarnings(sourceDaily),
                  cached)));
    } catch (Exception e) {
      // Spark's checked exceptions (AnalysisException) are thrown undeclared.
      cached.forEach(Dataset::unpersist);
      return new Prepared(
          failed(source, recording, step.recorder().failure(source, e)), Optional.empty());
    }
  }

  /**
   * Replaces the changed rows of {@code daily_summary} and {@code hourly_metrics}, then {@code
   * source_statistics}; returns the version of {@code daily_summary} written.
   */
  private long commit(Map<String, Aggregated> changed) {
    String replaced =
        changed.entrySet().stream()
            .map(e -> e.getValue().scope().replaced(CuratedAggregates.SOURCE, e.getKey()))
            .collect(Collectors.joining(" OR "));
    String dailyPath = config.curatedTable(CuratedTables.DAILY_SUMMARY);
    Concurrently.both(
        "curated table",
        () -> replace(CuratedTables.DAILY_SUMMARY, union(changed, Aggregated::daily), replaced),
        () -> replace(CuratedTables.HOURLY_METRICS, union(changed, Aggregated::hourly), replaced));
    CuratedStep.describe(spark, CuratedTables.SOURCE_STATISTICS);
    Object[] sources = changed.keySet().toArray();
    Dataset<Row> summary =
        TableFormat.DELTA.read(spark, dailyPath).where(col(CuratedAggregates.SOURCE).isin(sources));
    step.recorder()
        .tableWritten(
            CuratedTables.SOURCE_STATISTICS,
            writer.replace(
                CuratedAggregates.sourceStatistics(summary).coalesce(1),
                config.curatedTable(CuratedTables.SOURCE_STATISTICS),
                List.of(CuratedAggregates.SOURCE),
                changed.keySet().stream()
                    .map(s -> "'" + s + "'")
                    .collect(Collectors.joining(", ", "source IN (", ")"))));
    StepHooks.reached(CuratedTables.SOURCE_STATISTICS + "-committed", CURATED);
    return DeltaTables.latestVersion(spark, dailyPath);
  }

  private Outcome failed(String source, RunRecorder.Recording recording, String error) {
    step.progress().printf("%s: curated FAILED: %s%n", source, error);
    if (recording != null) {
      recording.finishCurated(Optional.of(error), OptionalLong.empty(), 0);
    }
    return Outcome.failed(source, error);
  }

  /**
   * Replaces the {@code replaced} rows of a curated table partitioned by source and day. The rows
   * are few (one per source and day or hour), so one task writes them: one file per table partition
   * and commit, however many partitions the sources' aggregates came in.
   */
  private void replace(String table, Dataset<Row> rows, String replaced) {
    CuratedStep.describe(spark, table);
    step.recorder()
        .tableWritten(
            table,
            writer.replace(rows.coalesce(1), config.curatedTable(table), DAY_PARTITIONS, replaced));
    StepHooks.reached(table + "-committed", CURATED);
  }

  private static Dataset<Row> union(
      Map<String, Aggregated> changed, Function<Aggregated, Dataset<Row>> part) {
    return changed.values().stream().map(part).reduce(Dataset::unionByName).orElseThrow();
  }

  private Map<CuratedScope.Input, String> inputs(String source) {
    Map<CuratedScope.Input, String> inputs = new EnumMap<>(CuratedScope.Input.class);
    inputs.put(CuratedScope.Input.PROCESSED, step.processedTable(source));
    inputs.put(CuratedScope.Input.QUARANTINE, config.zones().quarantineTable(source));
    inputs.put(CuratedScope.Input.STATISTICS, config.zones().statistics(source));
    return inputs;
  }
}
