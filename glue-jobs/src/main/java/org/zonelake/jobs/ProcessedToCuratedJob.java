package org.zonelake.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.model.JobCatalog;

/**
 * Entry point of the processed to curated job on AWS Glue ({@code --class}) and with {@code
 * spark-submit}. Arguments are described by {@link JobCatalog#PROCESSED_TO_CURATED}.
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
    ProcessedToCuratedConfig config =
        ProcessedToCuratedConfig.fromArgs(GlueArgs.parse(JobCatalog.PROCESSED_TO_CURATED, args));
    SparkSession spark = SparkSession.builder().appName(config.jobName()).getOrCreate();
    ProcessedToCuratedPlan.Result result =
        new ProcessedToCuratedPlan(spark, config, System.out).run();
    System.out.print(ProcessedToCuratedPlan.summary(config.runId(), result));
    List<String> failed = result.failed();
    if (!failed.isEmpty()) {
      throw LakeErrors.curatedRunFailed(config.jobName(), config.runId(), failed);
    }
  }
}
