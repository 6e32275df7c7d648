package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The analytics stack: Athena workgroup and saved queries. */
class AnalyticsStackTest {

  /** The repository's example analyst queries. */
  private static final Path QUERIES = Path.of("..", "queries");

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
  void savesTheFourExampleQueriesOfTheQueriesDirectoryInTheWorkgroupAndDatabase()
      throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (JsonNode query : LAKE.resources(STACK, "AWS::Athena::NamedQuery").values()) {
      JsonNode p = query.get("Properties");
      assertThat(Cfn.render(p.get("Database"))).isEqualTo("zonelake");
      assertThat(Cfn.render(p.get("WorkGroup"))).isEqualTo("<Workgroup>");
      queries.put(p.get("Name").asText(), p.get("QueryString").asText());
      descriptions.put(p.get("Name").asText(), p.get("Description").asText());
    }
    assertThat(queries.keySet())
        .containsExactly(
            "counts-by-source",
            "orders-by-category-country",
            "average-price-per-category",
            "orders-on-one-day");
    for (String name : queries.keySet()) {
      String text = Files.readString(QUERIES.resolve(name.replace('-', '_') + ".sql")).strip();
      assertThat(queries.get(name)).as(name).isEqualTo(text.replaceAll(";$", ""));
    }
    assertThat(queries.get("orders-on-one-day"))
        .contains("WHERE year = 2026 AND month = 11 AND day = 21");
    assertThat(descriptions.get("orders-on-one-day"))
        .isEqualTo(
            "Orders of one event day: the filter on the partition columns reads only that day's"
                + " files.");
  }

  @Test
  void everyFileOfTheQueriesDirectoryIsSaved() throws IOException {
    try (Stream<Path> files = Files.list(QUERIES)) {
      assertThat(AnalystQueries.FILES)
          .containsExactlyInAnyOrderElementsOf(
              files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList());
    }
  }

  @Test
  void aLakeWithoutOrdersGetsOnlyTheQueriesOfItsOwnTables() {
    assertThat(AnalystQueries.all(List.of("clickstream")))
        .extracting(AnalystQueries.Query::name)
        .containsExactly("counts-by-source");
    assertThat(AnalystQueries.processedSources("SELECT * FROM processed_orders JOIN processed_x"))
        .containsExactly("orders", "x");
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
