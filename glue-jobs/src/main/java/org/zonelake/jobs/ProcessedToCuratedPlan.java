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
import org.zonelake.core.curated.CuratedJoins;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetLoader;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.core.read.ReferenceReader;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.quality.ShippedContracts;

/**
 * Processed to curated: for each source, finds the event days whose processed, quarantine or
 * batch-statistics rows changed since the last run (from the Delta logs), recomputes {@code
 * daily_summary} and {@code hourly_metrics} for exactly those days and replaces them atomically,
 * then refreshes the source's row of {@code source_statistics}. Then it brings every joined dataset
 * declared beside the contracts up to date: the changed days of its left source are joined again
 * and replaced; a change of its right side (or of its declaration) recomputes all of it. A run with
 * nothing new writes nothing; late data corrects the day it belongs to.
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
   * @param records rows of the whole dataset after the run (-1 when it failed)
   * @param unmatched rows of the whole dataset without a right-side row (-1 when it failed)
   * @param error why the dataset failed, if it did
   */
  public record JoinOutcome(
      String name,
      List<DayKey> days,
      boolean fullRecompute,
      String reason,
      long records,
      long unmatched,
      Optional<String> error) {

    JoinOutcome withTotals(long records, long unmatched) {
      return new JoinOutcome(name, days, fullRecompute, reason, records, unmatched, error);
    }
  }

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
    CuratedStateStore state =
        new CuratedStateStore(config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
    List<Outcome> outcomes = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (DatasetContract contract : contracts) {
      if (!selected(contract.source())) {
        continue;
      }
      try {
        Outcome outcome = runSource(contract, state);
        outcomes.add(outcome);
        if (!outcome.days().isEmpty()) {
          changed.add(contract.source());
        }
      } catch (RuntimeException e) {
        String message = firstLine(e);
        progress.printf("%s: curated FAILED: %s%n", contract.source(), message);
        outcomes.add(new Outcome(contract.source(), List.of(), false, Optional.of(message)));
      }
    }
    if (!changed.isEmpty()) {
      refreshSourceStatistics(changed);
    }
    return new Result(outcomes, runJoins(joins));
  }

  private boolean selected(String source) {
    return config.sources().isEmpty() || config.sources().contains(source);
  }

  private static String firstLine(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
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
        versions.put(input.getKey(), DeltaTables.latestVersion(spark, input.getValue()));
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

  private List<JoinOutcome> runJoins(List<JoinedDataset> joins) {
    CuratedStateStore state =
        CuratedStateStore.forJoinedDatasets(
            config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
    List<JoinOutcome> outcomes = new ArrayList<>();
    for (JoinedDataset join : joins) {
      if (!selected(join.leftSource())) {
        continue;
      }
      try {
        outcomes.add(runJoin(join, state));
      } catch (Exception e) {
        // Spark's SparkException is checked in Java's eyes but thrown undeclared by Scala.
        String message = firstLine(e);
        progress.printf("%s: joined dataset FAILED: %s%n", join.name(), message);
        outcomes.add(
            new JoinOutcome(join.name(), List.of(), false, "", -1, -1, Optional.of(message)));
      }
    }
    String statistics = config.curatedTable(JOIN_STATISTICS);
    if (outcomes.stream().noneMatch(o -> o.error().isEmpty())
        || !DeltaTable.isDeltaTable(spark, statistics)) {
      return outcomes;
    }
    Map<String, Row> totals = new LinkedHashMap<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(statistics)
            .groupBy("dataset")
            .agg(expr("sum(records)"), expr("sum(unmatched)"))
            .collectAsList()) {
      totals.put(row.getString(0), row);
    }
    List<JoinOutcome> withTotals = new ArrayList<>();
    for (JoinOutcome o : outcomes) {
      Row total = totals.get(o.name());
      withTotals.add(
          o.error().isPresent() || total == null
              ? o
              : o.withTotals(total.getLong(1), total.getLong(2)));
    }
    return withTotals;
  }

  /**
   * Brings one joined dataset up to date. The days to recompute are the left source's days that
   * gained rows since the versions last consumed; everything is recomputed on the first run, when
   * the declaration changed, when the right side changed (new processed rows, or a reference table
   * rewritten) or when the left table's log no longer covers the last run.
   */
  private JoinOutcome runJoin(JoinedDataset join, CuratedStateStore state) {
    LakeLayout layout = new LakeLayout("", config.processedRoot(), config.quarantineRoot(), "-");
    String left = requireProcessed(layout, join.leftSource());
    Optional<Map<String, Long>> previous = state.read(join.name());
    Map<String, Long> versions = new LinkedHashMap<>();
    String reason = previous.isEmpty() ? "first run" : "";
    versions.put("declaration", join.fingerprint());
    if (reason.isEmpty()
        && !Long.valueOf(join.fingerprint()).equals(previous.get().get("declaration"))) {
      reason = "declaration changed";
    }

    String rightTable = null;
    if (join.right() instanceof JoinedDataset.ProcessedSource side) {
      rightTable = requireProcessed(layout, side.source());
      long latest = DeltaTables.latestVersion(spark, rightTable);
      versions.put("right", latest);
      if (reason.isEmpty() && latest != previous.get().getOrDefault("right", -1L)) {
        Optional<DeltaChanges.Changes> changes =
            DeltaChanges.between(
                spark, rightTable, previous.get().getOrDefault("right", -1L), latest);
        if (changes.isEmpty() || !changes.get().added().isEmpty()) {
          reason = side.source() + " changed";
        }
      }
    } else {
      long fingerprint = ReferenceReader.fingerprint(spark, join);
      versions.put("reference", fingerprint);
      if (reason.isEmpty() && !Long.valueOf(fingerprint).equals(previous.get().get("reference"))) {
        reason = "reference table changed";
      }
    }

    long leftVersion = DeltaTables.latestVersion(spark, left);
    versions.put("left", leftVersion);
    TreeSet<DayKey> days = new TreeSet<>();
    if (reason.isEmpty()) {
      Optional<DeltaChanges.Changes> changes =
          DeltaChanges.between(spark, left, previous.get().getOrDefault("left", -1L), leftVersion);
      if (changes.isEmpty()) {
        reason = join.leftSource() + " log expired";
      } else {
        for (DeltaChanges.AddedFile file : changes.get().added()) {
          Map<String, String> p = file.partitionValues();
          days.add(
              new DayKey(
                  Integer.parseInt(p.get("year")),
                  Integer.parseInt(p.get("month")),
                  Integer.parseInt(p.get("day"))));
        }
      }
    }
    boolean full = !reason.isEmpty();
    if (!full && days.isEmpty()) {
      progress.printf("%s: joined dataset up to date%n", join.name());
      return new JoinOutcome(join.name(), List.of(), false, "", -1, -1, Optional.empty());
    }

    // Read both sides at the versions recorded, so the state names exactly what was joined.
    String dayFilter = full ? "true" : DayKey.predicate(days);
    Dataset<Row> leftRows =
        spark.read().format("delta").option("versionAsOf", leftVersion).load(left).where(dayFilter);
    Dataset<Row> rightRows =
        rightTable != null
            ? CuratedJoins.latestPerKey(
                spark
                    .read()
                    .format("delta")
                    .option("versionAsOf", versions.get("right"))
                    .load(rightTable),
                join.rightKeys())
            : ReferenceReader.read(spark, join);
    String path = config.curatedTable(join.name());
    Dataset<Row> joined = CuratedJoins.join(join, leftRows, rightRows);
    try {
      if (full) {
        CuratedTableWriter.overwrite(spark, joined, path, LakeColumns.PARTITION_COLUMNS);
      } else {
        CuratedTableWriter.replace(spark, joined, path, LakeColumns.PARTITION_COLUMNS, dayFilter);
      }
    } finally {
      rightRows.unpersist();
    }

    // The statistics count what the table now holds for those days.
    Dataset<Row> statistics =
        CuratedJoins.joinStatistics(
                join.name(),
                config.runId(),
                spark.read().format("delta").load(path).where(dayFilter))
            .cache();
    List<DayKey> written = new ArrayList<>();
    for (Row r : statistics.select("year", "month", "day").collectAsList()) {
      written.add(new DayKey(r.getInt(0), r.getInt(1), r.getInt(2)));
    }
    CuratedTableWriter.replace(
        spark,
        statistics,
        config.curatedTable(JOIN_STATISTICS),
        List.of("dataset"),
        "dataset = '" + join.name() + "'" + (full ? "" : " AND " + dayFilter));
    statistics.unpersist();
    state.write(join.name(), config.runId(), versions);
    progress.printf(
        Locale.ROOT,
        "%s: joined dataset %s recomputed for %d day(s)%s%n",
        join.name(),
        full ? "fully" : "incrementally",
        written.size(),
        full ? " (" + reason + ")" : "");
    return new JoinOutcome(
        join.name(),
        written.stream().sorted().distinct().toList(),
        full,
        reason,
        -1,
        -1,
        Optional.empty());
  }

  private String requireProcessed(LakeLayout layout, String source) {
    String table = layout.processedTable(source);
    if (!DeltaTable.isDeltaTable(spark, table)) {
      throw LakeErrors.missingPath(
          "Processed Delta table",
          table,
          "run raw-to-processed (with --format delta) for " + source + " first");
    }
    return table;
  }

  /**
   * One line per source (which days were recomputed, or why it failed), then one per joined
   * dataset, with its rows and unmatched rows.
   */
  public static String summary(String runId, Result result) {
    StringBuilder text = new StringBuilder("Curated run ").append(runId).append('\n');
    for (Outcome o : result.sources()) {
      text.append(String.format(Locale.ROOT, "%-18s ", o.source()));
      appendDays(text, o.days(), o.fullRecompute(), o.error());
      text.append('\n');
    }
    if (!result.joins().isEmpty()) {
      int width = result.joins().stream().mapToInt(o -> o.name().length()).max().orElse(0);
      text.append("Joined datasets\n");
      for (JoinOutcome o : result.joins()) {
        text.append(String.format(Locale.ROOT, "%-" + width + "s ", o.name()));
        appendDays(text, o.days(), o.fullRecompute(), o.error());
        if (o.error().isEmpty() && o.records() >= 0) {
          text.append(
              String.format(Locale.ROOT, "; %d rows, %d unmatched", o.records(), o.unmatched()));
        }
        text.append('\n');
      }
    }
    return text.toString();
  }

  private static void appendDays(
      StringBuilder text, List<DayKey> days, boolean full, Optional<String> error) {
    if (error.isPresent()) {
      text.append("FAILED: ").append(error.get());
    } else if (days.isEmpty()) {
      text.append("up to date");
    } else {
      text.append(full ? "recomputed all " : "recomputed ")
          .append(days.size())
          .append(" day(s) ")
          .append(
              days.stream()
                  .map(
                      d ->
                          String.format(
                              Locale.ROOT, "%04d-%02d-%02d", d.year(), d.month(), d.day()))
                  .toList());
    }
  }
}
