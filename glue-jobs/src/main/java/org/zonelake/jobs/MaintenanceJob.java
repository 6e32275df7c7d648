package org.zonelake.jobs;

import java.util.List;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.model.JobCatalog;

/**
 * Entry point of the table maintenance job on AWS Glue ({@code --class}) and with {@code
 * spark-submit}. Arguments are described by {@link JobCatalog#MAINTENANCE}; the session comes from
 * the environment.
 */
public final class MaintenanceJob {

  private MaintenanceJob() {}

  /**
   * Parses the arguments, maintains every table and manifest directory, prints the summary and
   * fails (non-zero exit) when any of them failed.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueLaunch.run(
        args,
        JobCatalog.MAINTENANCE,
        MaintenanceConfig::fromArgs,
        launch -> {
          MaintenanceConfig config = launch.config();
          MaintenanceResult result =
              new MaintenancePlan(launch.spark(), config, launch.services(), System.out).run();
          System.out.print(MaintenanceReport.summary(config, result));
          List<String> failed = result.failed();
          if (!failed.isEmpty()) {
            throw LakeErrors.maintenanceFailed(config.jobName(), config.runId(), failed);
          }
        });
  }
}
