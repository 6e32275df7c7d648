package org.zonelake.aws.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.testing.LocalAwsEndpoint;
import org.zonelake.aws.testing.LocalAwsEndpoint.Response;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.run.BatchCounts;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsAlerterTest {

  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:zonelake-alerts";
  private static final String LEDGER_ITEM =
      "ledger table 'zonelake-run-ledger', item pk=SOURCE#orders,"
          + " sk=RUN#2025-03-01T06:00:00.000Z#raw-to-processed#run-9";
  private static final RunRecord FAILED =
      new RunRecord(
          "run-9",
          "raw-to-processed",
          "orders",
          RunStatus.FAILED,
          Instant.parse("2025-03-01T06:00:00Z"),
          Optional.of(Instant.parse("2025-03-01T06:01:00Z")),
          InputFiles.none(),
          OptionalLong.empty(),
          BatchCounts.empty(),
          Map.of(),
          Optional.of("Source 'orders' failed: header mismatch."));

  @Test
  void aFailedRunPublishesOneMessageNamingTheRunAndItsLedgerItem() throws Exception {
    String ok =
        "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            + "<MessageId>0a1b2c3d</MessageId></PublishResult><ResponseMetadata>"
            + "<RequestId>local-request</RequestId></ResponseMetadata></PublishResponse>";
    try (LocalAwsEndpoint sns = new LocalAwsEndpoint(request -> new Response(200, ok));
        SnsClient client = AwsClients.sns(AwsSettings.local(sns.endpoint()))) {
      new SnsAlerter(client, TOPIC).runFailed(FAILED, LEDGER_ITEM);

      assertThat(sns.requests()).hasSize(1);
      assertThat(sns.requests().get(0).form())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "Action", "Publish",
                  "Version", "2010-03-31",
                  "TopicArn", TOPIC,
                  "Subject", "ZoneLake raw-to-processed failed for orders",
                  "Message",
                      "ZoneLake run failed.\n"
                          + "Job: raw-to-processed\n"
                          + "Source: orders\n"
                          + "Run id: run-9\n"
                          + "Started: 2025-03-01T06:00:00Z\n"
                          + "Ended: 2025-03-01T06:01:00Z\n"
                          + "Reason: Source 'orders' failed: header mismatch.\n"
                          + "Ledger: "
                          + LEDGER_ITEM
                          + "\n"));
    }
  }

  @Test
  void aMissingTopicIsNamed() throws Exception {
    String notFound =
        "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
            + "<Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message>"
            + "</Error><RequestId>local-request</RequestId></ErrorResponse>";
    try (LocalAwsEndpoint sns = new LocalAwsEndpoint(request -> new Response(404, notFound));
        SnsClient client = AwsClients.sns(AwsSettings.local(sns.endpoint()))) {
      SnsAlerter alerter = new SnsAlerter(client, TOPIC);

      assertThatThrownBy(() -> alerter.runFailed(FAILED, LEDGER_ITEM))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "SNS topic '"
                  + TOPIC
                  + "' does not exist at "
                  + sns.endpoint()
                  + ". Fix: deploy the monitoring stack or correct --alert_topic_arn.");
      assertThat(sns.requests()).hasSize(1);
    }
  }
}
