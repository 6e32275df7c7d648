package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The ingest stack: REST API straight to S3, validation, keys, throttling, logs, role. */
class IngestStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final IngestStack STACK = LAKE.stacks.ingest();
  private static final Template TEMPLATE = LAKE.template(STACK);

  @Test
  void eachKnownSourceHasAPostMethodWritingToItsRawPrefix() {
    Map<String, String> uris = new LinkedHashMap<>();
    for (JsonNode method : LAKE.resources(STACK, "AWS::ApiGateway::Method").values()) {
      JsonNode p = method.get("Properties");
      assertThat(p.get("HttpMethod").asText()).isEqualTo("POST");
      assertThat(p.get("ApiKeyRequired").asBoolean()).isTrue();
      assertThat(Cfn.render(p.get("RequestValidatorId")))
          .isEqualTo("<" + logicalId("AWS::ApiGateway::RequestValidator") + ">");
      JsonNode integration = p.get("Integration");
      assertThat(integration.get("Type").asText()).isEqualTo("AWS");
      assertThat(integration.get("IntegrationHttpMethod").asText()).isEqualTo("PUT");
      assertThat(integration.get("PassthroughBehavior").asText()).isEqualTo("NEVER");
      assertThat(Cfn.render(integration.get("Credentials")))
          .isEqualTo("<" + logicalId("AWS::IAM::Role", "IngestRole") + ".Arn>");
      assertThat(Cfn.renderFields(integration.get("RequestParameters")))
          .containsEntry("integration.request.path.object", "context.requestId");
      String uri = Cfn.render(integration.get("Uri"));
      uris.put(sourceOf(uri), uri);
    }
    String raw = "arn:aws:apigateway:eu-west-1:s3:path/" + Cfn.bucket(LakeBucket.RAW) + "/raw/";
    assertThat(uris)
        .containsExactly(
            Map.entry("orders", raw + "orders/{year}/{month}/{day}/{object}"),
            Map.entry("customers", raw + "customers/{year}/{month}/{day}/{object}"),
            Map.entry("sensor_readings", raw + "sensor_readings/{year}/{month}/{day}/{object}"),
            Map.entry("web_logs", raw + "web_logs/{year}/{month}/{day}/{object}"));
    List<String> paths = new ArrayList<>();
    LAKE.resources(STACK, "AWS::ApiGateway::Resource")
        .values()
        .forEach(r -> paths.add(r.at("/Properties/PathPart").asText()));
    assertThat(paths)
        .containsExactly("ingest", "orders", "customers", "sensor_readings", "web_logs");
    TEMPLATE.resourceCountIs("AWS::Lambda::Function", 0);
  }

  @Test
  void eachSourceAcceptsItsRawFormatAndJsonIsSchemaChecked() {
    String record = "<" + logicalId("AWS::ApiGateway::Model", "IngestApiIngestRecordA") + ">";
    String records = "<" + logicalId("AWS::ApiGateway::Model", "IngestApiIngestRecords") + ">";
    Map<String, String> accepted = new LinkedHashMap<>();
    for (JsonNode method : LAKE.resources(STACK, "AWS::ApiGateway::Method").values()) {
      JsonNode p = method.get("Properties");
      JsonNode integration = p.get("Integration");
      String source = sourceOf(Cfn.render(integration.get("Uri")));
      IngestFormat format = IngestFormat.of(source);
      List<String> types = new ArrayList<>();
      integration.get("RequestTemplates").fieldNames().forEachRemaining(types::add);
      assertThat(integration.get("RequestTemplates").get(format.contentType()).asText())
          .isEqualTo(IngestMappingTemplate.forFormat(format));
      assertThat(
              Cfn.renderFields(integration.get("RequestParameters"))
                  .get("integration.request.header.Content-Type"))
          .isEqualTo("'" + format.contentType() + "'");
      accepted.put(source, types + " model=" + Cfn.renderFields(p.path("RequestModels")).values());
    }
    assertThat(accepted)
        .containsExactly(
            Map.entry("orders", "[application/json] model=[" + record + "]"),
            Map.entry("customers", "[text/csv] model=[]"),
            Map.entry("sensor_readings", "[application/json] model=[" + records + "]"),
            Map.entry("web_logs", "[text/plain] model=[]"));
  }

  @Test
  void jsonModelsAcceptOneObjectOrANonEmptyArrayOfObjects() {
    JsonNode validator = LAKE.single(STACK, "AWS::ApiGateway::RequestValidator").get("Properties");
    assertThat(validator.get("ValidateRequestBody").asBoolean()).isTrue();
    Map<String, String> schemas = new LinkedHashMap<>();
    for (JsonNode model : LAKE.resources(STACK, "AWS::ApiGateway::Model").values()) {
      JsonNode p = model.get("Properties");
      assertThat(p.get("ContentType").asText()).isEqualTo("application/json");
      schemas.put(p.get("Name").asText(), p.get("Schema").toString());
    }
    assertThat(schemas)
        .containsExactly(
            Map.entry(
                "IngestRecord",
                "{\"minProperties\":1,\"$schema\":\"http://json-schema.org/draft-04/schema#\","
                    + "\"title\":\"IngestRecord\",\"type\":\"object\"}"),
            Map.entry(
                "IngestRecords",
                "{\"items\":{\"minProperties\":1,\"type\":\"object\"},\"maxItems\":1000,"
                    + "\"minItems\":1,\"$schema\":\"http://json-schema.org/draft-04/schema#\","
                    + "\"title\":\"IngestRecords\",\"type\":\"array\"}"));
  }

  @Test
  void usagePlanThrottlesAndCapsTheApiKey() {
    JsonNode plan = LAKE.single(STACK, "AWS::ApiGateway::UsagePlan").get("Properties");
    assertThat(plan.at("/Throttle/RateLimit").asInt()).isEqualTo(50);
    assertThat(plan.at("/Throttle/BurstLimit").asInt()).isEqualTo(100);
    assertThat(plan.at("/Quota/Limit").asInt()).isEqualTo(1_000_000);
    assertThat(plan.at("/Quota/Period").asText()).isEqualTo("DAY");
    assertThat(plan.at("/ApiStages/0/Stage").toString()).contains("IngestApiDeploymentStagev1");
    TEMPLATE.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
    TEMPLATE.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
  }

  @Test
  void stageKeepsAccessAndExecutionLogsWithRetention() {
    JsonNode stage = LAKE.single(STACK, "AWS::ApiGateway::Stage").get("Properties");
    assertThat(stage.get("StageName").asText()).isEqualTo("v1");
    assertThat(Cfn.render(stage.at("/AccessLogSetting/DestinationArn")))
        .isEqualTo("<" + logicalId("AWS::Logs::LogGroup", "AccessLogs") + ".Arn>");
    assertThat(stage.at("/MethodSettings/0/LoggingLevel").asText()).isEqualTo("INFO");
    assertThat(stage.at("/MethodSettings/0/DataTraceEnabled").asBoolean()).isFalse();
    assertThat(stage.at("/MethodSettings/0/MetricsEnabled").asBoolean()).isTrue();
    assertThat(stage.get("TracingEnabled").asBoolean()).isTrue();
    Map<String, Integer> retention = new LinkedHashMap<>();
    for (JsonNode group : LAKE.resources(STACK, "AWS::Logs::LogGroup").values()) {
      retention.put(
          Cfn.render(group.at("/Properties/LogGroupName")),
          group.at("/Properties/RetentionInDays").asInt());
    }
    assertThat(retention)
        .containsExactly(
            Map.entry("/aws/apigateway/zonelake-ingest-access", 90),
            Map.entry(
                "API-Gateway-Execution-Logs_<" + logicalId("AWS::ApiGateway::RestApi") + ">/v1",
                90));
  }

  @Test
  void executionRoleOnlyCreatesObjectsUnderTheRawSourcePrefixes() {
    JsonNode role = LAKE.json(STACK).at("/Resources/" + logicalId("AWS::IAM::Role", "IngestRole"));
    assertThat(
            role.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText())
        .isEqualTo("apigateway.amazonaws.com");
    List<String> grants = new ArrayList<>();
    for (JsonNode policy : role.at("/Properties/Policies")) {
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        for (String resource : Cfn.strings(statement.get("Resource"))) {
          grants.add(String.join(",", Cfn.strings(statement.get("Action"))) + " " + resource);
        }
      }
    }
    String raw = "s3:PutObject arn:aws:s3:::" + Cfn.bucket(LakeBucket.RAW) + "/raw/";
    assertThat(grants)
        .containsExactlyInAnyOrder(
            raw + "orders/*",
            raw + "customers/*",
            raw + "sensor_readings/*",
            raw + "web_logs/*",
            "kms:GenerateDataKey import:zonelake-data-key-arn");
    assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
  }

  private static String sourceOf(String uri) {
    return uri.substring(uri.indexOf("/raw/") + 5, uri.indexOf("/{year}"));
  }

  private static String logicalId(String type) {
    return LAKE.resources(STACK, type).keySet().iterator().next();
  }

  private static String logicalId(String type, String prefix) {
    return LAKE.resources(STACK, type).keySet().stream()
        .filter(id -> id.startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }
}
