package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetLoader;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.TableFormat;
import org.zonelake.quality.ShippedContracts;

/**
 * Processed to curated. For every source it finds the event days whose processed, quarantine or
 * batch-statistics rows changed since the last run (from the Delta logs) and aggregates exactly
 * those days in one scan of processed rows into hourly and daily rows; all sources' rows replace
 * the old ones in one commit per curated table, and {@code source_statistics} follows from the
 * daily rows. Then every joined dataset declared beside the contracts is brought up to date (see
 * {@link JoinRefresh}), with one {@code join_statistics} commit for all of them. A run with nothing
 * new writes nothing; late data corrects the day it belongs to.
 */
public final class ProcessedToCuratedPlan {

  /** The daily summary table. */
  public static final String DAILY_SUMMARY = "daily_summary";

  /** The hourly metrics table. */
  public static final String HOURLY_METRICS = "hourly_metrics";

  /** The source statistics table. */
  public static final String SOURCE_STATISTICS = "source_statistics";

  /** Matched and unmatched rows per joined dataset and event day. */
  public static final String JOIN_STATISTICS = "join_statistics";

  private static final List<String> DAY_PARTITIONS = List.of("source", "year", "month");

  private final SparkSession spark;
  private final ProcessedToCuratedConfig config;
  private final PrintStream progress;

  /**
   * What a run did for one source.
   *
   * @param source the source
   * @param days the event days recomputed (empty: nothing changed)
   * @param fullRecompute true when every day was recomputed (first run, or an expired log)
   * @param error why the source failed, if it did
   */
  public record Outcome(
      String source, List<DayKey> days, boolean fullRecompute, Optional<String> error) {}

  /**
   * What a run did for one joined dataset.
   *
   * @param name the joined dataset
   * @param days the event days recomputed (empty: nothing changed)
   * @param fullRecompute true when every day was recomputed
   * @param reason why every day was recomputed ("first run", "customers changed", ...); empty when
   *     only the left source's changed days were
   * @param records rows of the whole dataset after the run (-1 when it failed or was up to date)
   * @param unmatched rows of the whole dataset without a right-side row (-1 likewise)
   * @param error why the dataset failed, if it did
   */
  public record JoinOutcome(
      String name,
      List<DayKey> days,
      boolean fullRecompute,
      String reason,
      long records,
      long unmatched,
      Optional<String> error) {}

  /**
   * What a run did.
   *
   * @param sources one outcome per source aggregated, in contract order
   * @param joins one outcome per joined dataset, by name
   */
  public record Result(List<Outcome> sources, List<JoinOutcome> joins) {

    /** A run that did nothing. */
    public static final Result EMPTY = new Result(List.of(), List.of());

    /** Copies the lists. */
    public Result {
      sources = List.copyOf(sources);
      joins = List.copyOf(joins);
    }

    /** The sources and joined datasets that failed. */
    public List<String> failed() {
      List<String> failed = new ArrayList<>();
      sources.stream().filter(o -> o.error().isPresent()).forEach(o -> failed.add(o.source()));
      joins.stream().filter(o -> o.error().isPresent()).forEach(o -> failed.add(o.name()));
      return failed;
    }
  }

  /** A plan for one run. */
  public ProcessedToCuratedPlan(
      SparkSession spark, ProcessedToCuratedConfig config, PrintStream progress) {
    this.spark = spark;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Runs every selected source, then every joined dataset whose left source is selected. Invalid
   * contracts or joined-dataset declarations stop the run before anything is written.
   */
  public Result run() {
    SparkSettings.apply(spark);
    List<DatasetContract> contracts =
        config
            .contracts()
            .map(d -> ContractLoader.fromDirectory(d, spark.sparkContext().hadoopConfiguration()))
            .orElseGet(ShippedContracts::load);
    List<JoinedDataset> joins =
        config
            .contracts()
            .map(
                d ->
                    JoinedDatasetLoader.fromDirectory(
                        d, spark.sparkContext().hadoopConfiguration(), contracts))
            .orElseGet(() -> ShippedContracts.loadJoinedDatasets(contracts));
    try {
      List<Outcome> outcomes = refreshSources(contracts);
      return new Result(outcomes, refreshJoins(joins));
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The daily and hourly rows of every changed source, in one commit per table. */
  private List<Outcome> refreshSources(List<DatasetContract> contracts) {
    CuratedStateStore state =
        new CuratedStateStore(config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
    List<Outcome> outcomes = new ArrayList<>();
    Map<String, CuratedScope> changed = new LinkedHashMap<>();
    Dataset<Row> daily = null;
    Dataset<Row> hourly = null;
    List<Dataset<Row>> cached = new ArrayList<>();
    for (DatasetContract contract : contracts) {
      String source = contract.source();
      if (!selected(source)) {
        continue;
      }
      try {
        CuratedScope scope = CuratedScope.ofSource(spark, inputs(source), state.read(source));
        if (scope.upToDate()) {
          progress.printf("%s: curated tables up to date%n", source);
          outcomes.add(new Outcome(source, List.of(), false, Optional.empty()));
          continue;
        }
        describe("aggregate " + source);
        CuratedInputs inputs = new CuratedInputs(spark, contract, inputs(source), scope);
        Dataset<Row> hoursAndDays =
            CuratedAggregates.hoursAndDays(contract, inputs.processed()).cache();
        cached.add(hoursAndDays);
        Dataset<Row> sourceDaily =
            CuratedAggregates.dailySummary(
                    contract, hoursAndDays, inputs.quarantine(), inputs.validPerDay())
                .cache();
        cached.add(sourceDaily);
        List<DayKey> days = scope.full() ? daysOf(sourceDaily) : List.copyOf(scope.days());
        daily = daily == null ? sourceDaily : daily.unionByName(sourceDaily);
        Dataset<Row> sourceHourly = CuratedAggregates.hourlyMetrics(source, hoursAndDays);
        hourly = hourly == null ? sourceHourly : hourly.unionByName(sourceHourly);
        changed.put(source, scope);
        outcomes.add(new Outcome(source, days, scope.full(), Optional.empty()));
      } catch (Exception e) {
        // Spark's checked exceptions (AnalysisException) are thrown undeclared.
        String message = firstLine(e);
        progress.printf("%s: curated FAILED: %s%n", source, message);
        outcomes.add(new Outcome(source, List.of(), false, Optional.of(message)));
      }
    }
    if (!changed.isEmpty()) {
      String replaced = replacePredicate(changed);
      describe(DAILY_SUMMARY);
      CuratedTableWriter.replace(
          spark, daily, config.curatedTable(DAILY_SUMMARY), DAY_PARTITIONS, replaced);
      describe(HOURLY_METRICS);
      CuratedTableWriter.replace(
          spark, hourly, config.curatedTable(HOURLY_METRICS), DAY_PARTITIONS, replaced);
      cached.forEach(Dataset::unpersist);
      describe(SOURCE_STATISTICS);
      refreshSourceStatistics(List.copyOf(changed.keySet()));
      changed.forEach((source, scope) -> state.write(source, config.runId(), scope.versions()));
      for (Outcome o : outcomes) {
        if (changed.containsKey(o.source())) {
          progress.printf(
              "%s: curated %s recomputed for %d day(s)%n",
              o.source(), o.fullRecompute() ? "fully" : "incrementally", o.days().size());
        }
      }
    }
    return outcomes;
  }

  /** The rows each changed source replaces: all of it, or its changed days. */
  private static String replacePredicate(Map<String, CuratedScope> changed) {
    return changed.entrySet().stream()
        .map(
            e ->
                "(source = '"
                    + e.getKey()
                    + "'"
                    + (e.getValue().full() ? "" : " AND " + e.getValue().predicate())
                    + ")")
        .collect(Collectors.joining(" OR "));
  }

  private Map<CuratedScope.Input, String> inputs(String source) {
    Map<CuratedScope.Input, String> inputs = new EnumMap<>(CuratedScope.Input.class);
    String processed = config.processedRoot() + "/" + source;
    if (!TableFormat.DELTA.exists(spark, processed)) {
      throw LakeErrors.missingPath(
          "Processed Delta table",
          processed,
          "run raw-to-processed (with --format delta) before processed-to-curated");
    }
    inputs.put(CuratedScope.Input.PROCESSED, processed);
    inputs.put(CuratedScope.Input.QUARANTINE, config.quarantineRoot() + "/" + source);
    inputs.put(CuratedScope.Input.STATISTICS, config.processedRoot() + "/_stats/" + source);
    return inputs;
  }

  private static List<DayKey> daysOf(Dataset<Row> daily) {
    List<DayKey> days = new ArrayList<>();
    for (Row r : daily.select("year", "month", "day").collectAsList()) {
      days.add(new DayKey(r.getInt(0), r.getInt(1), r.getInt(2)));
    }
    return days.stream().sorted().toList();
  }

  /**
   * Names the Spark jobs of a step ({@code curated: <table>}), as Spark's UI and listeners show.
   */
  private void describe(String step) {
    spark.sparkContext().setJobDescription("curated: " + step);
  }

  private boolean selected(String source) {
    return config.sources().isEmpty() || config.sources().contains(source);
  }

  private static String firstLine(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
  }

  private void refreshSourceStatistics(List<String> sources) {
    Dataset<Row> summary =
        spark
            .read()
            .format("delta")
            .load(config.curatedTable(DAILY_SUMMARY))
            .where(col("source").isin((Object[]) sources.toArray()));
    CuratedTableWriter.replace(
        spark,
        CuratedAggregates.sourceStatistics(summary),
        config.curatedTable(SOURCE_STATISTICS),
        List.of("source"),
        "source IN ("
            + sources.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
            + ")");
  }

  /** Every joined dataset of a selected left source, then their statistics in one commit. */
  private List<JoinOutcome> refreshJoins(List<JoinedDataset> joins) {
    CuratedStateStore state =
        CuratedStateStore.forJoinedDatasets(
            config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
    JoinRefresh refresher = new JoinRefresh(spark, config.processedRoot(), config.runId());
    List<JoinOutcome> outcomes = new ArrayList<>();
    Map<String, JoinRefresh.Refreshed> refreshed = new LinkedHashMap<>();
    for (JoinedDataset join : joins) {
      if (!selected(join.leftSource())) {
        continue;
      }
      try {
        CuratedScope scope = refresher.scope(join, state.read(join.name()));
        if (scope.upToDate()) {
          progress.printf("%s: joined dataset up to date%n", join.name());
          outcomes.add(
              new JoinOutcome(join.name(), List.of(), false, "", -1, -1, Optional.empty()));
          continue;
        }
        describe(join.name());
        refreshed.put(
            join.name(), refresher.refresh(join, scope, config.curatedTable(join.name())));
        outcomes.add(null);
      } catch (Exception e) {
        // Spark's SparkException is checked in Java's eyes but thrown undeclared by Scala.
        String message = firstLine(e);
        progress.printf("%s: joined dataset FAILED: %s%n", join.name(), message);
        outcomes.add(
            new JoinOutcome(join.name(), List.of(), false, "", -1, -1, Optional.of(message)));
      }
    }
    String path = config.curatedTable(JOIN_STATISTICS);
    if (refreshed.isEmpty()) {
      return withTotals(outcomes, path);
    }
    List<Row> statistics = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    refreshed.forEach(
        (name, r) -> {
          statistics.addAll(r.statistics());
          replaced.add(
              "(dataset = '"
                  + name
                  + "'"
                  + (r.scope().full() ? "" : " AND " + r.scope().predicate())
                  + ")");
        });
    describe(JOIN_STATISTICS);
    CuratedTableWriter.replace(
        spark,
        spark.createDataFrame(statistics, JoinRefresh.STATISTICS_SCHEMA).coalesce(1),
        path,
        List.of("dataset"),
        String.join(" OR ", replaced));
    List<JoinOutcome> complete = new ArrayList<>();
    int next = 0;
    List<String> names = new ArrayList<>(refreshed.keySet());
    for (JoinOutcome o : outcomes) {
      if (o != null) {
        complete.add(o);
        continue;
      }
      String name = names.get(next++);
      JoinRefresh.Refreshed r = refreshed.get(name);
      state.write(name, config.runId(), r.scope().versions());
      List<DayKey> days = r.scope().full() ? r.days() : List.copyOf(r.scope().days());
      complete.add(
          new JoinOutcome(
              name, days, r.scope().full(), r.scope().reason(), -1, -1, Optional.empty()));
      progress.printf(
          "%s: joined dataset %s recomputed for %d day(s)%s%n",
          name,
          r.scope().full() ? "fully" : "incrementally",
          days.size(),
          r.scope().full() ? " (" + r.scope().reason() + ")" : "");
    }
    return withTotals(complete, path);
  }

  /** The outcomes with each dataset's rows and unmatched rows, from {@code join_statistics}. */
  private List<JoinOutcome> withTotals(List<JoinOutcome> outcomes, String statistics) {
    if (outcomes.stream().allMatch(o -> o.error().isPresent())
        || !TableFormat.DELTA.exists(spark, statistics)) {
      return outcomes;
    }
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(statistics)
            .groupBy("dataset")
            .agg(sum("records"), sum("unmatched"))
            .collectAsList()) {
      totals.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2)});
    }
    List<JoinOutcome> complete = new ArrayList<>();
    for (JoinOutcome o : outcomes) {
      long[] total = totals.get(o.name());
      complete.add(
          o.error().isPresent() || total == null
              ? o
              : new JoinOutcome(
                  o.name(),
                  o.days(),
                  o.fullRecompute(),
                  o.reason(),
                  total[0],
                  total[1],
                  o.error()));
    }
    return complete;
  }

  /**
   * One line per source (which days were recomputed, or why it failed), then one per joined
   * dataset, with its rows and unmatched rows.
   */
  public static String summary(String runId, Result result) {
    return CuratedReport.summary(runId, result);
  }
}
