package org.zonelake.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.CuratedResult;
import org.zonelake.jobs.ProcessedToCuratedConfig;
import org.zonelake.jobs.ProcessedToCuratedPlan;
import org.zonelake.jobs.RawToProcessedConfig;
import org.zonelake.jobs.RawToProcessedPlan;
import org.zonelake.jobs.local.LocalSpark;
import org.zonelake.model.JobCatalog;

/**
 * Our engine: the real raw to processed and processed to curated plans with the shipped contracts,
 * on a local Spark with {@code --threads} cores, Delta tables, as {@code ./lake run} runs them
 * (without the run ledger). Run in its own JVM by {@link BenchCli}.
 *
 * <p>Arguments: {@code --raw DIR --lake DIR --result FILE --threads N [--curated false]}.
 */
public final class SparkEngine {

  private SparkEngine() {}

  /** Runs both jobs once on a fresh lake and writes an {@link EngineResult}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchCli.options(args);
    Path raw = Path.of(options.get("raw"));
    Path lake = Path.of(options.get("lake"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    SparkSession spark =
        LocalSpark.session("local[" + threads + "]", lake.resolve("_spark-warehouse").toString());
    spark.sparkContext().setLogLevel("WARN");
    StageTimes stages = new StageTimes();
    spark.sparkContext().addSparkListener(stages);
    double startup = ProcessStats.uptimeSeconds();

    LakeLayout layout = LakeLayout.under(lake.toString(), raw.toString());
    RawToProcessedConfig config =
        new RawToProcessedConfig(
            JobCatalog.RAW_TO_PROCESSED.name(),
            "bench",
            layout,
            Optional.empty(),
            TableFormat.DELTA,
            List.of(),
            1000,
            RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
    // The plan names each source's jobs (local property) itself.
    RunListener tagSource = RunListener.NONE;
    ProcessStats.Stopwatch clock = ProcessStats.start();
    List<SourceOutcome> outcomes = new RawToProcessedPlan(spark, config, tagSource).run();
    ProcessStats.Phase rawToProcessed = clock.stop();
    List<EngineResult.StageTime> rawStages = stages.summed();
    StageTimes curatedStages = new StageTimes();
    spark.sparkContext().removeSparkListener(stages);
    spark.sparkContext().addSparkListener(curatedStages);
    spark.sparkContext().setLocalProperty(StageTimes.SOURCE, "curated");
    Map<String, EngineResult.SourceCounts> counts = new LinkedHashMap<>();
    for (SourceOutcome o : outcomes) {
      if (o.status() == SourceOutcome.Status.FAILED) {
        throw new IllegalStateException(o.source() + " failed: " + o.message().orElse(""));
      }
      if (o.status() == SourceOutcome.Status.SUCCEEDED) {
        counts.put(
            o.source(),
            new EngineResult.SourceCounts(
                o.counts().linesRead(),
                o.counts().written(),
                o.counts().duplicates(),
                o.counts().quarantined()));
      }
    }
    ProcessedToCuratedConfig curated =
        new ProcessedToCuratedConfig(
            JobCatalog.PROCESSED_TO_CURATED.name(),
            "bench",
            layout,
            lake.resolve("curated").toString(),
            Optional.empty(),
            List.copyOf(counts.keySet()));
    clock = ProcessStats.start();
    CuratedResult curatedResult =
        Boolean.parseBoolean(options.getOrDefault("curated", "true"))
            ? new ProcessedToCuratedPlan(spark, curated, System.err).run()
            : CuratedResult.EMPTY;
    List<CuratedResult.Outcome> curatedOutcomes = curatedResult.sources();
    ProcessStats.Phase curatedPhase = clock.stop();
    for (CuratedResult.Outcome o : curatedOutcomes) {
      if (o.error().isPresent()) {
        throw new IllegalStateException(o.source() + " curated failed: " + o.error().get());
      }
    }
    Map<String, EngineResult.JoinCounts> joins = new LinkedHashMap<>();
    for (CuratedResult.JoinOutcome j : curatedResult.joins()) {
      if (j.error().isPresent()) {
        throw new IllegalStateException(j.name() + " curated failed: " + j.error().get());
      }
      joins.put(j.name(), new EngineResult.JoinCounts(j.records(), j.unmatched()));
    }
    spark.stop();
    EngineResult.measured(
            "spark",
            rawToProcessed,
            curatedPhase,
            startup,
            counts,
            joins,
            rawStages,
            curatedStages.summed())
        .write(Path.of(options.get("result")));
  }
}
