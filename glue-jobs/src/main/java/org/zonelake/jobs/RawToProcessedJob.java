package org.zonelake.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.alert.SnsAlerter;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.aws.metrics.CloudWatchMetricsPublisher;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.metrics.MetricsPublisher;
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
   * The AWS services the arguments ask for: a DynamoDB ledger, CloudWatch metrics, SNS alerts. The
   * clients take region and credentials from the environment (on Glue: the job's role and region).
   */
  static RunServices awsServices(GlueArgs args) {
    AwsSettings aws = AwsSettings.defaults();
    Optional<RunLedger> ledger =
        args.get("ledger_table").map(t -> new DynamoDbRunLedger(AwsClients.dynamoDb(aws), t));
    MetricsPublisher metrics =
        args.get("metrics_namespace")
            .<MetricsPublisher>map(
                n -> new CloudWatchMetricsPublisher(AwsClients.cloudWatch(aws), n))
            .orElse(MetricsPublisher.NONE);
    Alerter alerter =
        args.get("alert_topic_arn")
            .<Alerter>map(t -> new SnsAlerter(AwsClients.sns(aws), t))
            .orElse(Alerter.NONE);
    long leaseSeconds;
    try {
      leaseSeconds = Long.parseLong(args.require("lease_seconds"));
    } catch (NumberFormatException e) {
      throw CommandLineErrors.badArgument(
          "--lease_seconds is '" + args.require("lease_seconds") + "'; use a whole number.",
          GlueArgs.usage(JobCatalog.RAW_TO_PROCESSED));
    }
    return new RunServices(ledger, metrics, alerter, Duration.ofSeconds(leaseSeconds));
  }

  /**
   * Parses the arguments, runs the plan and fails (non-zero exit) when any source failed.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueArgs glueArgs = GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, args);
    RawToProcessedConfig config = RawToProcessedConfig.fromArgs(glueArgs);
    RunServices services = awsServices(glueArgs);
    SparkSession spark = SparkSession.builder().appName(config.jobName()).getOrCreate();
    List<SourceOutcome> outcomes =
        new RawToProcessedPlan(spark, config, RunReport.progress(System.out), services).run();
    System.out.print(RunReport.summary(config.runId(), outcomes));
    if (RunReport.anyFailed(outcomes)) {
      throw LakeErrors.runFailed(config.jobName(), config.runId(), RunReport.failed(outcomes));
    }
  }
}
