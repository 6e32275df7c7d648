package org.zonelake.jobs;

import java.util.List;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.model.JobCatalog;

/**
 * Entry point of the processed to curated job on AWS Glue ({@code --class}) and with {@code
 * spark-submit}. Arguments are described by {@link JobCatalog#PROCESSED_TO_CURATED}; with {@code
 * --ledger_table} each source and joined dataset is recorded in the run ledger under a lease.
 */
public final class ProcessedToCuratedJob {

  private ProcessedToCuratedJob() {}

  /**
   * Parses the arguments, recomputes the curated rows of every changed day and the joined datasets,
   * and fails (non-zero exit) when a source or a joined dataset failed.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueLaunch.run(
        args,
        JobCatalog.PROCESSED_TO_CURATED,
        ProcessedToCuratedConfig::fromArgs,
        launch -> {
          ProcessedToCuratedConfig config = launch.config();
          CuratedResult result =
              new ProcessedToCuratedPlan(launch.spark(), config, System.out, launch.services())
                  .run();
          System.out.print(ProcessedToCuratedPlan.summary(config.runId(), result));
          List<String> failed = result.failed();
          if (!failed.isEmpty()) {
            throw LakeErrors.curatedRunFailed(config.jobName(), config.runId(), failed);
          }
        });
  }
}
