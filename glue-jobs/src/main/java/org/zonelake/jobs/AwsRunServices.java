package org.zonelake.jobs;

import java.time.Duration;
import java.util.Optional;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.alert.SnsAlerter;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.aws.metrics.CloudWatchMetricsPublisher;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.metrics.MetricsPublisher;

/**
 * The AWS services a job's arguments ask for: a DynamoDB run ledger ({@code --ledger_table}),
 * CloudWatch metrics ({@code --metrics_namespace}) and SNS alerts ({@code --alert_topic_arn}), each
 * only when the job declares and is given the argument. The clients take region and credentials
 * from the environment (on Glue: the job's role and region).
 */
final class AwsRunServices {

  private AwsRunServices() {}

  /** The services of {@code args}; {@link RunServices#NONE}'s where an argument is absent. */
  static RunServices of(GlueArgs args) {
    AwsSettings aws = AwsSettings.defaults();
    Optional<RunLedger> ledger =
        given(args, "ledger_table").map(t -> new DynamoDbRunLedger(AwsClients.dynamoDb(aws), t));
    MetricsPublisher metrics =
        given(args, "metrics_namespace")
            .<MetricsPublisher>map(
                n -> new CloudWatchMetricsPublisher(AwsClients.cloudWatch(aws), n))
            .orElse(MetricsPublisher.NONE);
    Alerter alerter =
        given(args, "alert_topic_arn")
            .<Alerter>map(t -> new SnsAlerter(AwsClients.sns(aws), t))
            .orElse(Alerter.NONE);
    Duration lease =
        given(args, "lease_seconds")
            .map(seconds -> Duration.ofSeconds(leaseSeconds(seconds, args)))
            .orElse(RunServices.NONE.leaseTtl());
    return new RunServices(ledger, metrics, alerter, lease);
  }

  private static Optional<String> given(GlueArgs args, String name) {
    return args.declares(name) ? args.get(name) : Optional.empty();
  }

  private static long leaseSeconds(String value, GlueArgs args) {
    return GlueArgs.wholeNumber(
        "lease_seconds", value, 1, RunServices.MAX_LEASE_SECONDS, args.usage());
  }
}
