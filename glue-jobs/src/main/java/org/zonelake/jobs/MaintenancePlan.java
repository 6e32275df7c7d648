package org.zonelake.jobs;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.maintenance.Compaction;
import org.zonelake.core.maintenance.CompactionPolicy;
import org.zonelake.core.maintenance.DeltaMaintenance;
import org.zonelake.core.maintenance.Vacuum;
import org.zonelake.core.maintenance.ZoneTables;
import org.zonelake.core.maintenance.ZoneTables.Table;
import org.zonelake.core.manifest.ManifestRetention;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.MaintenanceResult.ManifestOutcome;
import org.zonelake.jobs.MaintenanceResult.Status;
import org.zonelake.jobs.MaintenanceResult.TableOutcome;
import org.zonelake.model.JobCatalog;

/**
 * Table maintenance of a whole lake, a few tables at once ({@link Concurrently}): every Delta table
 * of the processed zone (the sources' tables, {@code _stats/}, {@code _quality/}), the quarantine
 * zone and the curated zone gets its partitions with many small files compacted and its
 * unreferenced files vacuumed after the retention (a table with no file older than the retention
 * has nothing to vacuum and gets no commit for it); every source's manifest directory loses the
 * committed manifests and per-run file lists older than the retention. Rows, protocol (reader
 * version 1) and time travel inside the retention stay as they were.
 *
 * <p>Each table and manifest directory is recorded in the run ledger as its own item (job {@code
 * maintenance}, the table's zone-relative name such as {@code processed/orders} in place of the
 * source, the {@link org.zonelake.model.MaintenanceFigures figures}) under a lease, so two
 * maintenance runs never work on one table at once. A table that fails is reported and the others
 * go on. A retention below what a table's {@code delta.deletedFileRetentionDuration} allows stops
 * the run before anything is changed.
 */
public final class MaintenancePlan {

  private static final String JOB = JobCatalog.MAINTENANCE.name();

  private final SparkSession spark;
  private final MaintenanceConfig config;
  private final RunServices services;
  private final PrintStream progress;
  private final ZoneTables zones;

  /**
   * A plan for one run.
   *
   * @param spark the session
   * @param config what to maintain, and how
   * @param services where the run is recorded (ledger and leases) and who is told of failures
   * @param progress where a line per table goes as it is done
   */
  public MaintenancePlan(
      SparkSession spark, MaintenanceConfig config, RunServices services, PrintStream progress) {
    this.spark = spark;
    this.config = config;
    this.services = services;
    this.progress = progress;
    this.zones =
        new ZoneTables(
            config.zones(), config.curatedRoot(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Maintains every table and manifest directory of the lake.
   *
   * @throws LakeException before anything is changed, when the retention is below a table's minimum
   */
  public MaintenanceResult run() {
    SparkSettings.apply(spark);
    List<Table> tables = zones.tables();
    List<Table> delta =
        tables.stream().filter(t -> TableFormat.DELTA.exists(spark, t.path())).toList();
    checkRetention(delta);
    RunRecorder recorder =
        new RunRecorder(services, JOB, config.runId(), RunReport.warnings(progress));
    List<TableOutcome> outcomes =
        DeltaMaintenance.withSettings(
            spark,
            config.compaction(),
            () ->
                Concurrently.map(
                    "table",
                    tables,
                    table ->
                        reported(
                            delta.contains(table)
                                ? maintain(table, recorder)
                                : TableOutcome.notDelta(table.name()))));
    Instant cutoff = Instant.now().minus(config.retention());
    List<ManifestOutcome> manifests =
        zones.manifestSources().stream()
            .map(source -> reported(clean(source, cutoff, recorder)))
            .toList();
    return new MaintenanceResult(outcomes, manifests);
  }

  private TableOutcome reported(TableOutcome outcome) {
    progress.println(MaintenanceReport.line(outcome));
    return outcome;
  }

  private ManifestOutcome reported(ManifestOutcome outcome) {
    progress.println(MaintenanceReport.line(outcome));
    return outcome;
  }

  /** Refuses, before anything is changed, a retention below any Delta table's minimum. */
  private void checkRetention(List<Table> tables) {
    Optional<Map.Entry<Table, Duration>> strictest =
        tables.stream()
            .map(table -> Map.entry(table, DeltaMaintenance.minimumRetention(spark, table.path())))
            .max(Map.Entry.comparingByValue());
    if (strictest.isEmpty() || config.retention().compareTo(strictest.get().getValue()) >= 0) {
      return;
    }
    Table table = strictest.get().getKey();
    throw LakeErrors.retentionBelowMinimum(
        "--retention_days",
        config.retentionDays(),
        table.name(),
        strictest.get().getValue(),
        DeltaMaintenance.retentionSetting(spark, table.path()));
  }

  private TableOutcome maintain(Table table, RunRecorder recorder) {
    RunRecorder.Recording recording = null;
    TableOutcome outcome;
    try {
      recording = recorder.begin(table.name());
      CompactionPolicy policy = config.compaction();
      DeltaMaintenance.Survey before =
          DeltaMaintenance.survey(spark, table.path(), policy.smallFileBytes());
      StepHooks.reached("maintenance-surveyed", table.name());
      recording.requireLease();
      Compaction compaction = DeltaMaintenance.compact(spark, table.path(), before, policy);
      recording.requireLease();
      Vacuum vacuum = DeltaMaintenance.vacuum(spark, table.path(), config.retention());
      DeltaMaintenance.Survey after =
          DeltaMaintenance.surveySince(spark, table.path(), before, policy.smallFileBytes());
      outcome =
          TableOutcome.maintained(
              table.name(), before.detail(), after.detail(), compaction, vacuum);
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared (AnalysisException).
      outcome =
          TableOutcome.failed(
              table.name(),
              recorder.failure(table.name(), () -> LakeException.summary(table.name(), e)));
    }
    if (recording != null) {
      recording.finish(
          outcome.error(), outcome.versionAfter(), outcome.figures(config.retentionDays()));
    }
    return outcome;
  }

  private ManifestOutcome clean(String source, Instant cutoff, RunRecorder recorder) {
    String name = ZonePaths.RELATIVE.manifests(source);
    RunRecorder.Recording recording = null;
    ManifestOutcome outcome;
    try {
      recording = recorder.begin(name);
      ManifestRetention.Cleanup cleanup =
          ManifestRetention.clean(
              config.zones().manifests(source), spark.sparkContext().hadoopConfiguration(), cutoff);
      outcome =
          new ManifestOutcome(name, Status.MAINTAINED, Optional.of(cleanup), Optional.empty());
    } catch (Exception e) {
      outcome =
          new ManifestOutcome(
              name,
              Status.FAILED,
              Optional.empty(),
              Optional.of(recorder.failure(name, () -> LakeException.summary(name, e))));
    }
    if (recording != null) {
      recording.finish(
          outcome.message(), OptionalLong.empty(), outcome.figures(config.retentionDays()));
    }
    return outcome;
  }
}
