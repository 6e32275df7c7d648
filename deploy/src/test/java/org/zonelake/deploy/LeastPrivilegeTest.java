package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Across every template: no IAM statement allows all actions or all actions of a service, no
 * resource policy allows them either (the KMS key policies' account-root statement excepted), and
 * every log group has a retention period.
 */
class LeastPrivilegeTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();

  private static final List<String> IDENTITY_POLICY_TYPES =
      List.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy");

  @Test
  void noIdentityPolicyAllowsWildcardActions() {
    List<String> checked = new ArrayList<>();
    for (LakeStack stack : LAKE.stacks()) {
      for (String type : IDENTITY_POLICY_TYPES) {
        for (Map.Entry<String, JsonNode> resource : LAKE.resources(stack, type).entrySet()) {
          for (JsonNode statement : identityStatements(resource.getValue())) {
            String where = stack.getStackName() + "/" + resource.getKey();
            assertThat(statement.get("Effect").asText()).as(where).isEqualTo("Allow");
            for (String action : Cfn.strings(statement.get("Action"))) {
              assertThat(action).as(where).isNotEqualTo("*").doesNotEndWith(":*");
              assertThat(action).as(where).isNotEqualTo("s3:*");
              checked.add(action);
            }
          }
        }
      }
    }
    assertThat(checked).contains("s3:PutObject", "glue:StartJobRun", "dynamodb:PutItem");
  }

  @Test
  void noResourcePolicyAllowsWildcardActionsBeyondTheKeyAdministrators() {
    for (LakeStack stack : LAKE.stacks()) {
      for (Map.Entry<String, JsonNode> resource : LAKE.json(stack).get("Resources").properties()) {
        JsonNode document = resourcePolicy(resource.getValue());
        if (document == null) {
          continue;
        }
        for (JsonNode statement : document.get("Statement")) {
          if (!statement.get("Effect").asText().equals("Allow")) {
            continue;
          }
          String where = stack.getStackName() + "/" + resource.getKey();
          for (String action : Cfn.strings(statement.get("Action"))) {
            if (action.equals("kms:*")) {
              // The standard key policy: the account itself administers its key through IAM.
              assertThat(Cfn.render(statement.at("/Principal/AWS")))
                  .as(where)
                  .isEqualTo("arn:aws:iam::123456789012:root");
              continue;
            }
            assertThat(action).as(where).isNotEqualTo("*").doesNotEndWith(":*");
          }
        }
      }
    }
  }

  @Test
  void everyLogGroupExpires() {
    int groups = 0;
    for (LakeStack stack : LAKE.stacks()) {
      for (Map.Entry<String, JsonNode> group :
          LAKE.resources(stack, "AWS::Logs::LogGroup").entrySet()) {
        assertThat(group.getValue().at("/Properties/RetentionInDays").asInt())
            .as(stack.getStackName() + "/" + group.getKey())
            .isBetween(30, 90);
        groups++;
      }
    }
    assertThat(groups).isEqualTo(4);
  }

  private static List<JsonNode> identityStatements(JsonNode resource) {
    List<JsonNode> statements = new ArrayList<>();
    JsonNode properties = resource.get("Properties");
    properties.path("PolicyDocument").path("Statement").forEach(statements::add);
    for (JsonNode inline : properties.path("Policies")) {
      inline.at("/PolicyDocument/Statement").forEach(statements::add);
    }
    return statements;
  }

  private static JsonNode resourcePolicy(JsonNode resource) {
    return switch (resource.get("Type").asText()) {
      case "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy" ->
          resource.at("/Properties/PolicyDocument");
      case "AWS::KMS::Key" -> resource.at("/Properties/KeyPolicy");
      default -> null;
    };
  }
}
