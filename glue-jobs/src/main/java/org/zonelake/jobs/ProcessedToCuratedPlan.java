package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.quality.ShippedContracts;

/**
 * Processed to curated: for each source, finds the event days whose processed, quarantine or
 * batch-statistics rows changed since the last run (from the Delta logs), recomputes {@code
 * daily_summary} and {@code hourly_metrics} for exactly those days and replaces them atomically,
 * then refreshes the source's row of {@code source_statistics}. A run with nothing new writes
 * nothing; late data corrects the day it belongs to.
 */
public final class ProcessedToCuratedPlan {

  /** The daily summary table. */
  public static final String DAILY_SUMMARY = "daily_summary";

  /** The hourly metrics table. */
  public static final String HOURLY_METRICS = "hourly_metrics";

  /** The source statistics table. */
  public static final String SOURCE_STATISTICS = "source_statistics";

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

  /** A plan for one run. */
  public ProcessedToCuratedPlan(
      SparkSession spark, ProcessedToCuratedConfig config, PrintStream progress) {
    this.spark = spark;
    this.config = config;
    this.progress = progress;
  }

  /** Runs every selected source. */
  public List<Outcome> run() {
    SparkSettings.apply(spark);
    List<DatasetContract> contracts =
        config
            .contracts()
            .map(d -> ContractLoader.fromDirectory(d, spark.sparkContext().hadoopConfiguration()))
            .orElseGet(ShippedContracts::load);
    CuratedStateStore state =
        new CuratedStateStore(config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
    List<Outcome> outcomes = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (DatasetContract contract : contracts) {
      if (!config.sources().isEmpty() && !config.sources().contains(contract.source())) {
        continue;
      }
      try {
        Outcome outcome = runSource(contract, state);
        outcomes.add(outcome);
        if (!outcome.days().isEmpty()) {
          changed.add(contract.source());
        }
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
        progress.printf("%s: curated FAILED: %s%n", contract.source(), message);
        outcomes.add(new Outcome(contract.source(), List.of(), false, Optional.of(message)));
      }
    }
    if (!changed.isEmpty()) {
      refreshSourceStatistics(changed);
    }
    return outcomes;
  }

  private Outcome runSource(DatasetContract contract, CuratedStateStore state) {
    String source = contract.source();
    LakeLayout layout = new LakeLayout("", config.processedRoot(), config.quarantineRoot(), "-");
    String processed = layout.processedTable(source);
    String quarantine = layout.quarantineTable(source);
    String statistics = layout.statistics(source);
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("processed", processed);
    inputs.put("quarantine", quarantine);
    inputs.put("statistics", statistics);
    if (!DeltaTable.isDeltaTable(spark, processed)) {
      throw LakeErrors.missingPath(
          "Processed Delta table",
          processed,
          "run raw-to-processed (with --format delta) before processed-to-curated");
    }

    Optional<Map<String, Long>> previous = state.read(source);
    Map<String, Long> versions = new LinkedHashMap<>();
    TreeSet<DayKey> days = new TreeSet<>();
    boolean full = previous.isEmpty();
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      if (!DeltaTable.isDeltaTable(spark, input.getValue())) {
        versions.put(input.getKey(), -1L);
        continue;
      }
      long since = previous.map(p -> p.getOrDefault(input.getKey(), -1L)).orElse(-1L);
      Optional<DeltaChanges.Changes> changes = DeltaChanges.since(spark, input.getValue(), since);
      if (changes.isEmpty()) {
        full = true;
        versions.put(
            input.getKey(),
            org.zonelake.core.write.DeltaTables.latestVersion(spark, input.getValue()));
        continue;
      }
      versions.put(input.getKey(), changes.get().latestVersion());
      if (!full) {
        days.addAll(changedDays(input.getKey(), changes.get()));
      }
    }
    if (!full && days.isEmpty()) {
      progress.printf("%s: curated tables up to date%n", source);
      return new Outcome(source, List.of(), false, Optional.empty());
    }

    Dataset<Row> processedRows = spark.read().format("delta").load(processed);
    Dataset<Row> quarantineRows =
        DeltaTable.isDeltaTable(spark, quarantine)
            ? CuratedAggregates.withQuarantineDay(spark.read().format("delta").load(quarantine))
            : CuratedAggregates.withQuarantineDay(
                spark
                    .createDataFrame(List.of(), org.zonelake.core.read.RawReader.schema(contract))
                    .withColumn(LakeColumns.EVENT_TIME, expr("CAST(NULL AS TIMESTAMP)")));
    Dataset<Row> statisticsRows =
        DeltaTable.isDeltaTable(spark, statistics)
            ? spark.read().format("delta").load(statistics)
            : spark.sql("SELECT 0 AS year, 0 AS month, 0 AS day, 0L AS valid_rows WHERE false");
    String dayFilter = full ? "true" : DayKey.predicate(days);
    Dataset<Row> daily =
        CuratedAggregates.dailySummary(
                contract,
                processedRows.where(dayFilter),
                quarantineRows.where(dayFilter),
                statisticsRows.where(dayFilter))
            .cache();
    Dataset<Row> hourly = CuratedAggregates.hourlyMetrics(source, processedRows.where(dayFilter));
    String replace = "source = '" + source + "'" + (full ? "" : " AND " + dayFilter);
    List<DayKey> written = new ArrayList<>(days);
    if (full) {
      for (Row r : daily.select("year", "month", "day").collectAsList()) {
        written.add(new DayKey(r.getInt(0), r.getInt(1), r.getInt(2)));
      }
    }
    CuratedTableWriter.replace(
        spark, daily, config.curatedTable(DAILY_SUMMARY), DAY_PARTITIONS, replace);
    CuratedTableWriter.replace(
        spark, hourly, config.curatedTable(HOURLY_METRICS), DAY_PARTITIONS, replace);
    daily.unpersist();
    state.write(source, config.runId(), versions);
    progress.printf(
        Locale.ROOT,
        "%s: curated %s recomputed for %d day(s)%n",
        source,
        full ? "fully" : "incrementally",
        written.size());
    return new Outcome(
        source, written.stream().sorted().distinct().toList(), full, Optional.empty());
  }

  private List<DayKey> changedDays(String input, DeltaChanges.Changes changes) {
    List<DayKey> days = new ArrayList<>();
    if (changes.added().isEmpty()) {
      return days;
    }
    if (input.equals("processed")) {
      for (DeltaChanges.AddedFile file : changes.added()) {
        Map<String, String> p = file.partitionValues();
        days.add(
            new DayKey(
                Integer.parseInt(p.get("year")),
                Integer.parseInt(p.get("month")),
                Integer.parseInt(p.get("day"))));
      }
      return days;
    }
    // Unpartitioned inputs: read the added files for the days of their rows.
    Dataset<Row> rows =
        spark
            .read()
            .parquet(
                changes.added().stream().map(DeltaChanges.AddedFile::path).toArray(String[]::new));
    if (input.equals("quarantine")) {
      rows = CuratedAggregates.withQuarantineDay(rows);
    }
    for (Row r :
        rows.select("year", "month", "day").where("year IS NOT NULL").distinct().collectAsList()) {
      days.add(new DayKey(r.getInt(0), r.getInt(1), r.getInt(2)));
    }
    return days;
  }

  private void refreshSourceStatistics(List<String> sources) {
    String in =
        sources.stream().map(s -> "'" + s + "'").collect(java.util.stream.Collectors.joining(", "));
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
        "source IN (" + in + ")");
  }

  /** One line per source: which days were recomputed, or why it failed. */
  public static String summary(String runId, List<Outcome> outcomes) {
    StringBuilder text = new StringBuilder("Curated run ").append(runId).append('\n');
    for (Outcome o : outcomes) {
      text.append(String.format(Locale.ROOT, "%-18s ", o.source()));
      if (o.error().isPresent()) {
        text.append("FAILED: ").append(o.error().get());
      } else if (o.days().isEmpty()) {
        text.append("up to date");
      } else {
        text.append(o.fullRecompute() ? "recomputed all " : "recomputed ")
            .append(o.days().size())
            .append(" day(s) ")
            .append(
                o.days().stream()
                    .map(
                        d ->
                            String.format(
                                Locale.ROOT, "%04d-%02d-%02d", d.year(), d.month(), d.day()))
                    .toList());
      }
      text.append('\n');
    }
    return text.toString();
  }
}
