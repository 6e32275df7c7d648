package org.zonelake.jobs;

import java.util.List;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.model.JobCatalog;

/**
 * Entry point of the raw to processed job on AWS Glue ({@code --class}) and with {@code
 * spark-submit}. Arguments are described by {@link JobCatalog#RAW_TO_PROCESSED}; the session comes
 * from the environment (Glue, or spark-submit's {@code --master} and {@code --conf}).
 */
public final class RawToProcessedJob {

  private RawToProcessedJob() {}

  /**
   * Parses the arguments, runs the plan and fails (non-zero exit) when any source failed.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueLaunch.run(
        args,
        JobCatalog.RAW_TO_PROCESSED,
        RawToProcessedConfig::fromArgs,
        launch -> {
          RawToProcessedConfig config = launch.config();
          List<SourceOutcome> outcomes =
              new RawToProcessedPlan(
                      launch.spark(), config, RunReport.progress(System.out), launch.services())
                  .run();
          System.out.print(RunReport.summary(config.runId(), outcomes));
          if (RunReport.anyFailed(outcomes)) {
            throw LakeErrors.runFailed(
                config.jobName(), config.runId(), RunReport.failed(outcomes));
          }
        });
  }
}
