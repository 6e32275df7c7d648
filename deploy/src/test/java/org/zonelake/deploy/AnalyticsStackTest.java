package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analytics stack: Athena workgroup and saved queries. */
class AnalyticsStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final AnalyticsStack STACK = LAKE.stacks.analytics();

  @Test
  void workgroupEnforcesEncryptedResultsEngineV3AndAScanLimit() {
    JsonNode workgroup = LAKE.single(STACK, "AWS::Athena::WorkGroup").get("Properties");
    assertThat(Cfn.render(workgroup.get("Name"))).isEqualTo("zonelake-analytics");
    JsonNode config = workgroup.get("WorkGroupConfiguration");
    assertThat(config.get("EnforceWorkGroupConfiguration").asBoolean()).isTrue();
    assertThat(config.get("PublishCloudWatchMetricsEnabled").asBoolean()).isTrue();
    assertThat(config.get("BytesScannedCutoffPerQuery").asLong()).isEqualTo(10_737_418_240L);
    assertThat(config.at("/EngineVersion/SelectedEngineVersion").asText())
        .isEqualTo("Athena engine version 3");
    assertThat(Cfn.render(config.at("/ResultConfiguration/OutputLocation")))
        .isEqualTo("s3://" + Cfn.bucket(LakeBucket.ATHENA_RESULTS) + "/results/");
    assertThat(config.at("/ResultConfiguration/EncryptionConfiguration/EncryptionOption").asText())
        .isEqualTo("SSE_KMS");
    assertThat(Cfn.render(config.at("/ResultConfiguration/EncryptionConfiguration/KmsKey")))
        .isEqualTo("import:zonelake-data-key-arn");
  }

  @Test
  void savesTheFourAnalystQueriesInTheWorkgroupAndDatabase() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode query : LAKE.resources(STACK, "AWS::Athena::NamedQuery").values()) {
      JsonNode p = query.get("Properties");
      assertThat(Cfn.render(p.get("Database"))).isEqualTo("zonelake");
      assertThat(Cfn.render(p.get("WorkGroup"))).isEqualTo("<Workgroup>");
      queries.put(p.get("Name").asText(), p.get("QueryString").asText());
    }
    assertThat(queries.keySet())
        .containsExactly(
            "records-by-source",
            "orders-by-category-and-country",
            "average-price-per-category",
            "orders-of-one-day");
    assertThat(queries.get("records-by-source"))
        .isEqualTo(
            "SELECT 'customers' AS source, count(*) AS records FROM processed_customers\n"
                + "UNION ALL\n"
                + "SELECT 'orders' AS source, count(*) AS records FROM processed_orders\n"
                + "UNION ALL\n"
                + "SELECT 'sensor_readings' AS source, count(*) AS records FROM"
                + " processed_sensor_readings\n"
                + "UNION ALL\n"
                + "SELECT 'web_logs' AS source, count(*) AS records FROM processed_web_logs\n"
                + "ORDER BY source");
    assertThat(queries.get("orders-by-category-and-country"))
        .contains("GROUP BY category, country");
    assertThat(queries.get("average-price-per-category"))
        .contains("avg(price)")
        .contains("GROUP BY category");
    assertThat(queries.get("orders-of-one-day"))
        .contains("WHERE year = 2024 AND month = 1 AND day = 15");
  }

  @Test
  void aLakeWithoutOrdersGetsOnlyTheRecordCounts() {
    assertThat(AnalystQueries.all(List.of("clickstream")))
        .extracting(AnalystQueries.Query::name)
        .containsExactly("records-by-source");
  }

  @Test
  void analystPolicyQueriesOnlyThroughTheLakeWorkgroup() {
    JsonNode policy = LAKE.single(STACK, "AWS::IAM::ManagedPolicy").get("Properties");
    assertThat(Cfn.render(policy.get("ManagedPolicyName"))).isEqualTo("zonelake-analyst");
    JsonNode workgroup = null;
    for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
      if ("Workgroup".equals(statement.path("Sid").asText())) {
        workgroup = statement;
      }
    }
    assertThat(workgroup).isNotNull();
    assertThat(Cfn.strings(workgroup.get("Resource")))
        .containsExactly("arn:aws:athena:eu-west-1:123456789012:workgroup/zonelake-analytics");
  }
}
