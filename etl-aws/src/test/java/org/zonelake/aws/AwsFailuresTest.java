package org.zonelake.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What people read when the AWS SDK cannot even build a client or send a request. */
class AwsFailuresTest {

  @Test
  void noRegionSaysWhereTheSdkLooksAndWhichCommandsTakeOne() {
    assertThat(AwsFailures.noRegion("DynamoDB", null).getMessage())
        .isEqualTo(
            "No AWS region for the DynamoDB client: the AWS SDK found none where it looks:"
                + " AWS_REGION, the aws.region system property, the profile (on AWS Glue, the"
                + " job's own region). Fix: set AWS_REGION or the profile's region (./lake runs"
                + " and ./lake lineage also take --region R).");
  }
}
