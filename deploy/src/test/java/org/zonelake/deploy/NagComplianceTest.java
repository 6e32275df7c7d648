package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** cdk-nag AwsSolutions on every stack: nothing unacknowledged, every acknowledgement reviewed. */
class NagComplianceTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();

  static Stream<Named<LakeStack>> stacks() {
    return LAKE.stacks().stream().map(s -> Named.of(s.getStackName(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void stackHasNoUnacknowledgedAwsSolutionsErrorsOrWarnings(LakeStack stack) {
    // Annotations.fromStack synthesizes the app again; one call per stack serves both checks.
    Annotations annotations = Annotations.fromStack(stack);
    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
        .as("errors")
        .isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
        .as("warnings")
        .isEmpty();
  }

  @Test
  void appCheckReportsNoFindingsEither() {
    assertThat(ZoneLakeApp.nagFindings(LAKE.assembly)).isEmpty();
  }

  @Test
  void acknowledgementsAreExactlyTheReviewedOnes() {
    assertThat(acknowledgements().stream().map(Ack::key).toList())
        .containsExactlyInAnyOrder(
            "zonelake-storage AWS::S3::Bucket AwsSolutions-S1",
            "zonelake-catalog AWS::IAM::Role AwsSolutions-IAM5",
            // the role of each of the four Glue jobs
            "zonelake-processing AWS::IAM::Role AwsSolutions-IAM5",
            "zonelake-processing AWS::IAM::Role AwsSolutions-IAM5",
            "zonelake-processing AWS::IAM::Role AwsSolutions-IAM5",
            "zonelake-processing AWS::IAM::Role AwsSolutions-IAM5",
            "zonelake-processing AWS::IAM::Policy AwsSolutions-IAM5",
            "zonelake-analytics AWS::IAM::ManagedPolicy AwsSolutions-IAM5",
            "zonelake-ingest AWS::IAM::Role AwsSolutions-IAM5",
            "zonelake-ingest AWS::IAM::Role AwsSolutions-IAM4",
            "zonelake-ingest AWS::ApiGateway::Stage AwsSolutions-APIG3",
            // POST and the CORS preflight (OPTIONS) of each of the four sources
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-APIG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4",
            "zonelake-ingest AWS::ApiGateway::Method AwsSolutions-COG4");
  }

  @Test
  void everyAcknowledgementHasAReasonAndWildcardsNameTheirResources() {
    for (Ack ack : acknowledgements()) {
      assertThat(ack.reason()).as(ack.key()).hasSizeGreaterThan(50);
      if (List.of("AwsSolutions-IAM4", "AwsSolutions-IAM5").contains(ack.rule())) {
        assertThat(ack.appliesTo()).as(ack.key() + " appliesTo").isNotEmpty();
      }
      for (JsonNode entry : ack.appliesTo()) {
        assertThat(entry.isTextual()).as(ack.key() + ": no regex acknowledgements").isTrue();
        assertThat(entry.asText()).as(ack.key()).doesNotContain(".*");
      }
    }
  }

  @Test
  void ingestRoleAcknowledgesOnlyItsRawSourcePrefixes() {
    Ack ingest =
        acknowledgements().stream()
            .filter(a -> a.key().equals("zonelake-ingest AWS::IAM::Role AwsSolutions-IAM5"))
            .findFirst()
            .orElseThrow();
    List<String> applies = new ArrayList<>();
    ingest.appliesTo().forEach(n -> applies.add(n.asText()));
    assertThat(applies)
        .containsExactly(
            "Resource::arn:<AWS::Partition>:s3:::<Prefix>-raw-<AWS::AccountId>-<AWS::Region>/raw/customers/*",
            "Resource::arn:<AWS::Partition>:s3:::<Prefix>-raw-<AWS::AccountId>-<AWS::Region>/raw/orders/*",
            "Resource::arn:<AWS::Partition>:s3:::<Prefix>-raw-<AWS::AccountId>-<AWS::Region>/raw/sensor_readings/*",
            "Resource::arn:<AWS::Partition>:s3:::<Prefix>-raw-<AWS::AccountId>-<AWS::Region>/raw/web_logs/*");
  }

  @Test
  void noStackWideAcknowledgement() {
    for (LakeStack stack : LAKE.stacks()) {
      JsonNode metadata = LAKE.json(stack).path("Metadata");
      assertThat(metadata.has("cdk_nag")).as(stack.getStackName()).isFalse();
    }
  }

  private record Ack(String stack, String type, String rule, String reason, JsonNode appliesTo) {
    String key() {
      return stack + " " + type + " " + rule;
    }
  }

  private static List<Ack> acknowledgements() {
    List<Ack> acks = new ArrayList<>();
    for (LakeStack stack : LAKE.stacks()) {
      LAKE.json(stack)
          .get("Resources")
          .fields()
          .forEachRemaining(
              (Map.Entry<String, JsonNode> e) -> {
                JsonNode rules =
                    e.getValue().path("Metadata").path("cdk_nag").path("rules_to_suppress");
                for (JsonNode rule : rules) {
                  acks.add(
                      new Ack(
                          stack.getStackName(),
                          e.getValue().get("Type").asText(),
                          rule.get("id").asText(),
                          rule.get("reason").asText(),
                          rule.path("applies_to")));
                }
              });
    }
    return acks;
  }
}
