package org.zonelake.athena;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.jobs.GlueArgs;
import org.zonelake.jobs.ProcessedToCuratedConfig;
import org.zonelake.jobs.ProcessedToCuratedPlan;
import org.zonelake.jobs.RawToProcessedConfig;
import org.zonelake.jobs.RawToProcessedPlan;
import org.zonelake.model.JobCatalog;

/**
 * Builds a lake from a raw zone as {@code ./lake run} does: raw to processed for every source with
 * a shipped contract, then processed to curated for the sources that did not fail, with the Glue
 * job arguments the job entry points take (without the run ledger, which writes no table).
 */
final class SampleLakeBuild {

  static final String RUN_ID = "athena-compat";

  private SampleLakeBuild() {}

  /**
   * Runs both jobs once.
   *
   * @throws IllegalStateException when a source or a curated table failed, with the jobs' output
   */
  static void run(SparkSession spark, Path raw, Path lake) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(output, true, StandardCharsets.UTF_8);
    String processed = lake.resolve("processed").toString();
    String quarantine = lake.resolve("quarantine").toString();
    RawToProcessedConfig config =
        RawToProcessedConfig.fromArgs(
            GlueArgs.parse(
                JobCatalog.RAW_TO_PROCESSED,
                new String[] {
                  "--JOB_NAME", "raw-to-processed",
                  "--run_id", RUN_ID,
                  "--raw_path", raw.toString(),
                  "--processed_path", processed,
                  "--quarantine_path", quarantine
                }));
    List<SourceOutcome> outcomes = new RawToProcessedPlan(spark, config, RunListener.NONE).run();
    List<SourceOutcome> failed =
        outcomes.stream().filter(o -> o.status() == SourceOutcome.Status.FAILED).toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("raw to processed failed on the sample data: " + failed);
    }
    List<String> sources =
        outcomes.stream()
            .map(SourceOutcome::source)
            .filter(s -> new File(processed, s).isDirectory())
            .toList();
    ProcessedToCuratedConfig curated =
        ProcessedToCuratedConfig.fromArgs(
            GlueArgs.parse(
                JobCatalog.PROCESSED_TO_CURATED,
                new String[] {
                  "--JOB_NAME",
                  "processed-to-curated",
                  "--run_id",
                  RUN_ID,
                  "--processed_path",
                  processed,
                  "--quarantine_path",
                  quarantine,
                  "--curated_path",
                  lake.resolve("curated").toString(),
                  "--sources",
                  String.join(",", sources)
                }));
    ProcessedToCuratedPlan.Result result =
        new ProcessedToCuratedPlan(spark, curated, progress).run();
    if (!result.failed().isEmpty()) {
      throw new IllegalStateException(
          "processed to curated failed on the sample data for "
              + result.failed()
              + ":\n"
              + output.toString(StandardCharsets.UTF_8));
    }
  }
}
