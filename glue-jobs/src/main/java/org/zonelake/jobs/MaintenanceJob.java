package org.zonelake.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.alert.SnsAlerter;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.model.JobCatalog;

/**
 * Entry point of the table maintenance job on AWS Glue ({@code --class}) and with {@code
 * spark-submit}. Arguments are described by {@link JobCatalog#MAINTENANCE}; the session comes from
 * the environment.
 */
public final class MaintenanceJob {

  private MaintenanceJob() {}

  /**
   * The AWS services the arguments ask for: the DynamoDB ledger (runs and leases) and SNS alerts.
   * The clients take region and credentials from the environment (on Glue: the job's role).
   */
  static RunServices awsServices(GlueArgs args) {
    AwsSettings aws = AwsSettings.defaults();
    Optional<RunLedger> ledger =
        args.get("ledger_table").map(t -> new DynamoDbRunLedger(AwsClients.dynamoDb(aws), t));
    Alerter alerter =
        args.get("alert_topic_arn")
            .<Alerter>map(t -> new SnsAlerter(AwsClients.sns(aws), t))
            .orElse(Alerter.NONE);
    long leaseSeconds =
        MaintenanceConfig.wholeNumber(
            "lease_seconds",
            args.require("lease_seconds"),
            1,
            GlueArgs.usage(JobCatalog.MAINTENANCE));
    return new RunServices(
        ledger, MetricsPublisher.NONE, alerter, Duration.ofSeconds(leaseSeconds));
  }

  /**
   * Parses the arguments, maintains every table and manifest directory, prints the summary and
   * fails (non-zero exit) when any of them failed.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueArgs glueArgs = GlueArgs.parse(JobCatalog.MAINTENANCE, args);
    MaintenanceConfig config = MaintenanceConfig.fromArgs(glueArgs);
    RunServices services = awsServices(glueArgs);
    SparkSession spark = SparkSession.builder().appName(config.jobName()).getOrCreate();
    MaintenancePlan.Result result = new MaintenancePlan(spark, config, services, System.out).run();
    System.out.print(MaintenancePlan.summary(config, result));
    List<String> failed = result.failed();
    if (!failed.isEmpty()) {
      throw LakeErrors.maintenanceFailed(config.jobName(), config.runId(), failed);
    }
  }
}
