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
  void eachSourceOfTheContractsHasAPostMethodWritingToItsRawPrefix() {
    Map<String, String> uris = new LinkedHashMap<>();
    for (JsonNode method : methods("POST")) {
      JsonNode p = method.get("Properties");
      assertThat(p.get("ApiKeyRequired").asBoolean()).isTrue();
      assertThat(Cfn.render(p.get("RequestValidatorId")))
          .isEqualTo("<" + LAKE.singleId(STACK, "AWS::ApiGateway::RequestValidator") + ">");
      JsonNode integration = p.get("Integration");
      assertThat(integration.get("Type").asText()).isEqualTo("AWS");
      assertThat(integration.get("IntegrationHttpMethod").asText()).isEqualTo("PUT");
      assertThat(integration.get("PassthroughBehavior").asText()).isEqualTo("NEVER");
      assertThat(Cfn.render(integration.get("Credentials")))
          .isEqualTo(
              "<" + LAKE.logicalIdStartingWith(STACK, "AWS::IAM::Role", "IngestRole") + ".Arn>");
      assertThat(Cfn.renderFields(integration.get("RequestParameters")))
          .containsEntry("integration.request.path.object", "context.requestId");
      String uri = Cfn.render(integration.get("Uri"));
      uris.put(sourceOf(uri), uri);
    }
    String raw = "arn:aws:apigateway:eu-west-1:s3:path/" + Cfn.bucket(LakeBucket.RAW) + "/raw/";
    assertThat(uris)
        .containsExactly(
            Map.entry("customers", raw + "customers/{year}/{month}/{day}/{object}"),
            Map.entry("orders", raw + "orders/{year}/{month}/{day}/{object}"),
            Map.entry("sensor_readings", raw + "sensor_readings/{year}/{month}/{day}/{object}"),
            Map.entry("web_logs", raw + "web_logs/{year}/{month}/{day}/{object}"));
    List<String> paths = new ArrayList<>();
    LAKE.resources(STACK, "AWS::ApiGateway::Resource")
        .values()
        .forEach(r -> paths.add(r.at("/Properties/PathPart").asText()));
    assertThat(paths)
        .containsExactly("ingest", "customers", "orders", "sensor_readings", "web_logs");
    TEMPLATE.resourceCountIs("AWS::Lambda::Function", 0);
  }

  @Test
  void eachSourceAcceptsItsRawFormatAndJsonIsCheckedAgainstItsContractsModel() {
    Map<String, String> accepted = new LinkedHashMap<>();
    for (JsonNode method : methods("POST")) {
      JsonNode p = method.get("Properties");
      JsonNode integration = p.get("Integration");
      String source = sourceOf(Cfn.render(integration.get("Uri")));
      IngestFormat format =
          IngestFormat.of(LakeSettings.defaults().contracts().contract(source).format());
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
            Map.entry("customers", "[text/csv] model=[]"),
            Map.entry("orders", "[application/json] model=[<" + model("IngestOrders") + ">]"),
            Map.entry(
                "sensor_readings",
                "[application/json] model=[<" + model("IngestSensorReadings") + ">]"),
            Map.entry("web_logs", "[text/plain] model=[]"));
  }

  @Test
  void ordersModelRequiresTheContractsRequiredFieldsWithTheirTypes() {
    JsonNode validator = LAKE.single(STACK, "AWS::ApiGateway::RequestValidator").get("Properties");
    assertThat(validator.get("ValidateRequestBody").asBoolean()).isTrue();
    JsonNode orders = LAKE.json(STACK).at("/Resources/" + model("IngestOrders") + "/Properties");
    assertThat(orders.get("ContentType").asText()).isEqualTo("application/json");
    assertThat(orders.get("Description").asText())
        .isEqualTo(
            "One JSON object: one orders record as its dataset contract declares it (required:"
                + " order_id, customer_id, price, quantity, order_ts).");
    assertThat(orders.get("Schema"))
        .isEqualTo(
            json(
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"IngestOrders\","
                    + "\"type\":\"object\",\"required\":[\"order_id\",\"customer_id\",\"price\","
                    + "\"quantity\",\"order_ts\"],\"properties\":{"
                    + "\"order_id\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"customer_id\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"product\":{\"type\":[\"string\",\"null\"]},"
                    + "\"category\":{\"type\":[\"string\",\"null\"]},"
                    + "\"price\":{\"type\":\"number\"},\"quantity\":{\"type\":\"integer\"},"
                    + "\"country\":{\"type\":[\"string\",\"null\"]},"
                    + "\"order_ts\":{\"type\":\"string\",\"minLength\":1}}}"));
  }

  @Test
  void sensorReadingsModelIsANonEmptyArrayOfRecordsWithNestedTypes() {
    JsonNode schema =
        LAKE.json(STACK).at("/Resources/" + model("IngestSensorReadings") + "/Properties/Schema");
    assertThat(schema.get("type").asText()).isEqualTo("array");
    assertThat(schema.get("minItems").asInt()).isEqualTo(1);
    assertThat(schema.get("maxItems").asInt()).isEqualTo(1000);
    JsonNode record = schema.get("items");
    assertThat(record.get("required").toString())
        .isEqualTo("[\"device_id\",\"reading_ts\",\"temperature\"]");
    assertThat(record.at("/properties/location"))
        .isEqualTo(
            json(
                "{\"type\":[\"object\",\"null\"],\"properties\":{\"lat\":{\"type\":[\"number\","
                    + "\"null\"]},\"lon\":{\"type\":[\"number\",\"null\"]}}}"));
    assertThat(record.at("/properties/tags"))
        .isEqualTo(
            json("{\"type\":[\"array\",\"null\"],\"items\":{\"type\":[\"string\",\"null\"]}}"));
    assertThat(record.at("/properties/battery"))
        .isEqualTo(json("{\"type\":[\"integer\",\"null\"]}"));
  }

  @Test
  void browsersMayCallOnlyFromTheOriginsOfTheParameterNoneByDefault() {
    JsonNode parameter = LAKE.json(STACK).at("/Parameters/CorsAllowedOrigins");
    assertThat(parameter.get("Default").asText()).isEmpty();
    assertThat(parameter.get("AllowedPattern").asText())
        .isEqualTo(IngestStack.CORS_ORIGINS_PATTERN);
    String cors = IngestMappingTemplate.corsResponse("<CorsAllowedOrigins>");
    for (JsonNode method : methods("POST")) {
      JsonNode integration = method.at("/Properties/Integration");
      for (JsonNode response : integration.get("IntegrationResponses")) {
        assertThat(Cfn.render(response.at("/ResponseTemplates/application~1json")))
            .startsWith(cors + "\n{");
      }
      for (JsonNode response : method.at("/Properties/MethodResponses")) {
        assertThat(Cfn.renderFields(response.get("ResponseParameters")))
            .containsExactly(
                Map.entry("method.response.header.Access-Control-Allow-Origin", "true"),
                Map.entry("method.response.header.Vary", "true"));
      }
    }
  }

  @Test
  void eachSourceAnswersThePreflightWithoutKeyFromAMockIntegration() {
    List<JsonNode> preflights = methods("OPTIONS");
    assertThat(preflights).hasSize(4);
    String cors = IngestMappingTemplate.corsResponse("<CorsAllowedOrigins>");
    for (JsonNode method : preflights) {
      JsonNode p = method.get("Properties");
      assertThat(p.get("AuthorizationType").asText()).isEqualTo("NONE");
      assertThat(p.path("ApiKeyRequired").asBoolean(false)).isFalse();
      assertThat(p.path("RequestValidatorId").isMissingNode()).isTrue();
      assertThat(p.at("/Integration/Type").asText()).isEqualTo("MOCK");
      JsonNode response = p.at("/Integration/IntegrationResponses/0");
      assertThat(response.get("StatusCode").asText()).isEqualTo("204");
      assertThat(Cfn.renderFields(response.get("ResponseParameters")))
          .containsExactly(
              Map.entry(
                  "method.response.header.Access-Control-Allow-Headers",
                  "'Content-Type,X-Api-Key'"),
              Map.entry("method.response.header.Access-Control-Allow-Methods", "'OPTIONS,POST'"),
              Map.entry("method.response.header.Access-Control-Max-Age", "'600'"));
      assertThat(Cfn.render(response.at("/ResponseTemplates/application~1json"))).isEqualTo(cors);
    }
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
        .isEqualTo(
            "<" + LAKE.logicalIdStartingWith(STACK, "AWS::Logs::LogGroup", "AccessLogs") + ".Arn>");
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
                "API-Gateway-Execution-Logs_<"
                    + LAKE.singleId(STACK, "AWS::ApiGateway::RestApi")
                    + ">/v1",
                90));
  }

  @Test
  void executionRoleOnlyCreatesObjectsUnderTheRawSourcePrefixes() {
    JsonNode role =
        LAKE.json(STACK)
            .at("/Resources/" + LAKE.logicalIdStartingWith(STACK, "AWS::IAM::Role", "IngestRole"));
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
            raw + "customers/*",
            raw + "orders/*",
            raw + "sensor_readings/*",
            raw + "web_logs/*",
            "kms:GenerateDataKey import:zonelake-data-key-arn");
    assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> methods(String httpMethod) {
    return LAKE.resources(STACK, "AWS::ApiGateway::Method").values().stream()
        .filter(m -> m.at("/Properties/HttpMethod").asText().equals(httpMethod))
        .toList();
  }

  private static String model(String name) {
    return LAKE.logicalId(STACK, "AWS::ApiGateway::Model", "Name", name);
  }

  private static String sourceOf(String uri) {
    return uri.substring(uri.indexOf("/raw/") + 5, uri.indexOf("/{year}"));
  }
}
