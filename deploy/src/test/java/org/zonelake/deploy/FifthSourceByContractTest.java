package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a source is adding a contract: a copy of the shipped contracts with a fifth one,
 * clickstream, synthesized by the same app, gives clickstream its catalog tables with columns, its
 * ingest route with a model generated from the contract, its raw prefix in the ingest role, its
 * alarms and dashboard widgets, with no Java change, and cdk-nag still finds nothing.
 */
class FifthSourceByContractTest {

  private static final String CLICKSTREAM =
      """
      {
        "source": "clickstream",
        "description": "Page views of the web shop, one JSON object per line.",
        "format": {"type": "json_lines"},
        "schema": "session STRING, page STRING, ts TIMESTAMP, duration_ms BIGINT, token BINARY",
        "event_time": {"column": "ts", "formats": ["yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX"]},
        "required": ["session", "page"],
        "measures": ["duration_ms"]
      }
      """;

  @TempDir static Path temp;

  private static SynthesizedLake lake;
  private static LakeStacks stacks;

  @BeforeAll
  static void synthesizeWithAFifthContract() throws IOException {
    Path contracts = temp.resolve("contracts");
    copy(LakeSettings.shippedContracts(), contracts);
    Files.writeString(contracts.resolve("clickstream.json"), CLICKSTREAM);
    lake = new SynthesizedLake(temp.resolve("cdk.out"), Map.of("contracts", contracts.toString()));
    stacks = lake.stacks;
  }

  @Test
  void theSettingsNameTheFifthSource() {
    assertThat(stacks.catalog().settings().sources())
        .containsExactly("clickstream", "customers", "orders", "sensor_readings", "web_logs");
  }

  @Test
  void catalogHasItsProcessedTableWithColumnsAndItsQuarantineTable() {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (JsonNode table : resources(stacks.catalog(), "AWS::Glue::Table")) {
      JsonNode input = table.at("/Properties/TableInput");
      List<String> columns = new ArrayList<>();
      input
          .at("/StorageDescriptor/Columns")
          .forEach(c -> columns.add(c.get("Name").asText() + " " + c.get("Type").asText()));
      tables.put(input.get("Name").asText(), columns);
    }
    assertThat(tables.keySet())
        .startsWith("processed_clickstream", "quarantine_clickstream", "processed_customers");
    assertThat(tables.get("processed_clickstream"))
        .containsExactlyElementsOf(
            CatalogStackTest.withEnvelope(
                List.of(
                    "session string",
                    "page string",
                    "ts timestamp",
                    "duration_ms bigint",
                    "token binary")));
    assertThat(tables.get("quarantine_clickstream"))
        .hasSize(16)
        .contains("_raw_record string", "_replay_outcome string");
  }

  @Test
  void ingestHasItsRouteWithAGeneratedModelAndItsPrefixInTheRole() throws Exception {
    IngestStack ingest = stacks.ingest();
    JsonNode model =
        resources(ingest, "AWS::ApiGateway::Model").stream()
            .filter(m -> m.at("/Properties/Name").asText().equals("IngestClickstream"))
            .findFirst()
            .orElseThrow();
    assertThat(model.at("/Properties/Schema"))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"$schema\":\"http://json-schema.org/draft-04/schema#\","
                        + "\"title\":\"IngestClickstream\",\"type\":\"object\","
                        + "\"required\":[\"session\",\"page\",\"ts\"],\"properties\":{"
                        + "\"session\":{\"type\":\"string\",\"minLength\":1},"
                        + "\"page\":{\"type\":\"string\",\"minLength\":1},"
                        + "\"ts\":{\"type\":\"string\",\"minLength\":1},"
                        + "\"duration_ms\":{\"type\":[\"integer\",\"null\"]},"
                        + "\"token\":{\"type\":[\"string\",\"null\"],\"pattern\":"
                        + "\"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$\"}}}"));
    // A token that is not padded base64 is refused with 400 before it lands (the jobs would
    // quarantine it).
    com.networknt.schema.JsonSchema validator =
        com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V4)
            .getSchema(model.at("/Properties/Schema"));
    String view =
        "{\"session\":\"s-1\",\"page\":\"/\",\"ts\":\"2026-11-20T10:00:00Z\",\"token\":%s}";
    assertThat(validator.validate(new ObjectMapper().readTree(view.formatted("\"aGk=\""))))
        .isEmpty();
    assertThat(
            validator.validate(new ObjectMapper().readTree(view.formatted("\"aGk\""))).stream()
                .map(m -> m.getInstanceLocation() + " " + m.getType())
                .toList())
        .containsExactly("$.token pattern");

    List<String> routes = new ArrayList<>();
    for (JsonNode method : resources(ingest, "AWS::ApiGateway::Method")) {
      JsonNode p = method.get("Properties");
      String uri = Cfn.render(p.at("/Integration/Uri"));
      if (uri != null && uri.contains("/raw/clickstream/")) {
        routes.add(
            p.get("HttpMethod").asText()
                + " "
                + uri.substring(uri.indexOf("/raw/"))
                + " "
                + Cfn.renderFields(p.get("RequestModels")).values());
      }
    }
    String modelId = lake.logicalId(ingest, "AWS::ApiGateway::Model", "Name", "IngestClickstream");
    assertThat(routes)
        .containsExactly("POST /raw/clickstream/{year}/{month}/{day}/{object} [<" + modelId + ">]");

    List<String> puts = new ArrayList<>();
    for (JsonNode role : resources(ingest, "AWS::IAM::Role")) {
      for (JsonNode policy : role.at("/Properties/Policies")) {
        for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
          if (Cfn.strings(statement.get("Action")).contains("s3:PutObject")) {
            Cfn.strings(statement.get("Resource"))
                .forEach(r -> puts.add(r.substring(r.indexOf("/raw/"))));
          }
        }
      }
    }
    assertThat(puts)
        .containsExactly(
            "/raw/clickstream/*",
            "/raw/customers/*",
            "/raw/orders/*",
            "/raw/sensor_readings/*",
            "/raw/web_logs/*");
  }

  @Test
  void monitoringHasItsAlarmsAndDashboardWidgets() throws Exception {
    MonitoringStack monitoring = stacks.monitoring();
    List<String> alarms = new ArrayList<>();
    for (JsonNode alarm : resources(monitoring, "AWS::CloudWatch::Alarm")) {
      String name = Cfn.render(alarm.at("/Properties/AlarmName"));
      if (name.contains("clickstream")) {
        alarms.add(name + " " + alarm.at("/Properties/MetricName").asText());
      }
    }
    assertThat(alarms)
        .containsExactly(
            "zonelake-clickstream-no-data ProcessedRecords",
            "zonelake-clickstream-quality-low ValidationSuccessRate");

    JsonNode dashboard =
        resources(monitoring, "AWS::CloudWatch::Dashboard").get(0).get("Properties");
    JsonNode body = new ObjectMapper().readTree(Cfn.render(dashboard.get("DashboardBody")));
    Map<String, Integer> clickstreamLines = new LinkedHashMap<>();
    for (JsonNode widget : body.get("widgets")) {
      if (widget.get("type").asText().equals("metric")) {
        int lines = 0;
        for (JsonNode metric : widget.at("/properties/metrics")) {
          if (metric.toString().contains("\"clickstream\"")) {
            lines++;
          }
        }
        if (lines > 0) {
          clickstreamLines.put(widget.at("/properties/title").asText(), lines);
        }
      }
    }
    assertThat(clickstreamLines)
        .containsExactly(
            Map.entry("ValidationSuccessRate (Average)", 1),
            Map.entry("AverageQualityScore (Average)", 1),
            Map.entry("ProcessedRecords (Sum)", 1),
            Map.entry("QuarantinedRecords (Sum)", 1),
            Map.entry("DuplicateRecords (Sum)", 1),
            Map.entry("RunDurationSeconds (Maximum)", 1),
            Map.entry("QualityDistribution clickstream (records per band)", 4),
            Map.entry("DaysRecomputed (Sum)", 1));
  }

  @Test
  void cdkNagStillFindsNothing() {
    assertThat(ZoneLakeApp.nagFindings(lake.assembly)).isEmpty();
  }

  private static List<JsonNode> resources(LakeStack stack, String type) {
    return List.copyOf(lake.resources(stack, type).values());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
