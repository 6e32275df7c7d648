package org.zonelake.aws.alert;

import java.util.Objects;
import org.zonelake.aws.AwsFailures;
import org.zonelake.aws.AwsResource;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.ledger.RunRecord;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** Publishes one SNS message per failed run to a topic (the deploy stack's alert topic). */
public final class SnsAlerter implements Alerter {

  private final SnsClient client;
  private final String topicArn;
  private final AwsResource resource;

  /** Publishes to {@code topicArn}. */
  public SnsAlerter(SnsClient client, String topicArn) {
    this.client = Objects.requireNonNull(client, "client");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    this.resource = AwsResource.of("SNS topic", topicArn, client);
  }

  @Override
  public void runFailed(RunRecord run, String ledgerItem) {
    try {
      client.publish(
          b ->
              b.topicArn(topicArn)
                  .subject(Alerter.subject(run))
                  .message(Alerter.message(run, ledgerItem)));
    } catch (NotFoundException e) {
      throw AwsFailures.translate(
          resource, e, true, "deploy the monitoring stack or correct --alert_topic_arn");
    } catch (SdkException e) {
      throw AwsFailures.translate(resource, e, false, "");
    }
  }
}
