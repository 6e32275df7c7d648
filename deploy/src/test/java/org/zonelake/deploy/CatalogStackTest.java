package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zonelake.model.ContractDescriptor;
import org.zonelake.model.ExpectedShippedContracts;
import org.zonelake.model.LakeColumns;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The catalog stack: database, Delta table entries, raw crawler. */
class CatalogStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final CatalogStack STACK = LAKE.stacks.catalog();
  private static final Template TEMPLATE = LAKE.template(STACK);

  @Test
  void databaseIsNamedAfterThePrefix() {
    assertThat(
            Cfn.render(
                LAKE.single(STACK, "AWS::Glue::Database").at("/Properties/DatabaseInput/Name")))
        .isEqualTo("zonelake");
  }

  @Test
  void everyProcessedQuarantineAndCuratedTableIsADeltaTableAtItsPrefix() {
    Map<String, String> locations = new LinkedHashMap<>();
    for (JsonNode table : LAKE.resources(STACK, "AWS::Glue::Table").values()) {
      JsonNode input = table.at("/Properties/TableInput");
      assertThat(input.at("/Parameters/table_type").asText()).isEqualTo("DELTA");
      assertThat(input.get("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
      locations.put(
          input.get("Name").asText(), Cfn.render(input.at("/StorageDescriptor/Location")));
    }
    String processed = "s3://" + Cfn.bucket(LakeBucket.PROCESSED) + "/processed/";
    String quarantine = "s3://" + Cfn.bucket(LakeBucket.QUARANTINE) + "/quarantine/";
    String curated = "s3://" + Cfn.bucket(LakeBucket.CURATED) + "/curated/";
    Map<String, String> expected = new LinkedHashMap<>();
    for (String source : ExpectedShippedContracts.SOURCES) {
      expected.put("processed_" + source, processed + source + "/");
      expected.put("quarantine_" + source, quarantine + source + "/");
    }
    for (String table : ExpectedShippedContracts.CURATED_TABLES) {
      expected.put(table, curated + table + "/");
    }
    assertThat(locations).containsExactlyEntriesOf(expected);
  }

  @Test
  void tablesBelongToTheLakeDatabase() {
    String database =
        "<" + LAKE.resources(STACK, "AWS::Glue::Database").keySet().iterator().next() + ">";
    for (JsonNode table : LAKE.resources(STACK, "AWS::Glue::Table").values()) {
      assertThat(Cfn.render(table.at("/Properties/DatabaseName"))).isEqualTo(database);
      assertThat(Cfn.render(table.at("/Properties/CatalogId"))).isEqualTo(Cfn.ACCOUNT);
    }
  }

  @Test
  void processedOrdersListsTheContractColumnsInGlueTypesThenTheEnvelope() {
    assertThat(columns("processed_orders"))
        .containsExactlyElementsOf(withEnvelope(ExpectedShippedContracts.ORDERS_COLUMNS));
  }

  @Test
  void nestedContractTypesBecomeGlueStructsAndArrays() {
    assertThat(columns("processed_sensor_readings").subList(0, 7))
        .containsExactlyElementsOf(ExpectedShippedContracts.SENSOR_READINGS_COLUMNS);
    assertThat(columns("processed_web_logs").subList(0, 7))
        .containsExactly(
            "client_ip string",
            "ts timestamp",
            "method string",
            "path string",
            "status int",
            "bytes bigint",
            "user_agent string");
  }

  @Test
  void everySourceHasItsColumnsAndEveryQuarantineTableTheQuarantineColumns() {
    for (ContractDescriptor contract : LakeSettings.defaults().contracts().contracts()) {
      assertThat(columns("processed_" + contract.source()))
          .as(contract.source())
          .containsExactlyElementsOf(
              LakeColumns.processed(contract).stream()
                  .map(c -> c.name() + " " + c.glueType())
                  .toList())
          .hasSize(contract.columns().size() + LakeColumns.PROCESSED_ENVELOPE.size());
      assertThat(columns("quarantine_" + contract.source()))
          .as(contract.source())
          .containsExactlyElementsOf(
              LakeColumns.quarantine().stream().map(c -> c.name() + " " + c.glueType()).toList());
    }
  }

  @Test
  void joinedDatasetsAreDescribedByTheirDeclaration() {
    assertThat(table("sensor_readings_with_devices").at("/Description").asText())
        .startsWith("Every processed sensor reading with the model, site and installation date");
    assertThat(table("daily_summary").at("/Description").asText())
        .isEqualTo(
            "Per source and event day: records, distinct keys, quality, quarantined and duplicate"
                + " records, and the contract's measures.");
    assertThat(table("join_statistics").at("/Description").asText())
        .isEqualTo(
            "Per joined dataset and event day: rows, and how many found their right-side row.");
    assertThat(table("daily_summary").at("/StorageDescriptor/Columns").isMissingNode()).isTrue();
  }

  private static JsonNode table(String name) {
    return LAKE.resources(STACK, "AWS::Glue::Table").values().stream()
        .map(t -> t.at("/Properties/TableInput"))
        .filter(t -> t.get("Name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> columns(String table) {
    List<String> columns = new ArrayList<>();
    for (JsonNode column : table(table).at("/StorageDescriptor/Columns")) {
      assertThat(column.get("Comment").asText()).as(table + "." + column.get("Name")).isNotBlank();
      columns.add(column.get("Name").asText() + " " + column.get("Type").asText());
    }
    return columns;
  }

  @Test
  void crawlerDiscoversOnlyRawWithCombinedSchemasOnASchedule() {
    TEMPLATE.resourceCountIs("AWS::Glue::Crawler", 1);
    JsonNode crawler = LAKE.single(STACK, "AWS::Glue::Crawler").get("Properties");
    assertThat(Cfn.render(crawler.get("Name"))).isEqualTo("zonelake-raw-discovery");
    assertThat(crawler.at("/Targets/S3Targets")).hasSize(1);
    assertThat(Cfn.render(crawler.at("/Targets/S3Targets/0/Path")))
        .isEqualTo("s3://" + Cfn.bucket(LakeBucket.RAW) + "/raw/");
    assertThat(crawler.get("TablePrefix").asText()).isEqualTo("raw_");
    assertThat(crawler.at("/Schedule/ScheduleExpression").asText()).isEqualTo("cron(15 3 * * ? *)");
    assertThat(crawler.get("Configuration").asText())
        .contains("\"TableGroupingPolicy\":\"CombineCompatibleSchemas\"");
    assertThat(crawler.at("/RecrawlPolicy/RecrawlBehavior").asText())
        .isEqualTo("CRAWL_NEW_FOLDERS_ONLY");
    assertThat(Cfn.render(crawler.get("CrawlerSecurityConfiguration")))
        .isEqualTo("<CrawlerSecurityConfiguration>");
  }

  @Test
  void crawlerSecurityConfigurationEncryptsS3LogsAndBookmarksWithTheDataKey() {
    TEMPLATE.hasResourceProperties(
        "AWS::Glue::SecurityConfiguration",
        Match.objectLike(
            Map.of(
                "EncryptionConfiguration",
                Map.of(
                    "S3Encryptions",
                    List.of(Match.objectLike(Map.of("S3EncryptionMode", "SSE-KMS"))),
                    "CloudWatchEncryption",
                    Match.objectLike(Map.of("CloudWatchEncryptionMode", "SSE-KMS")),
                    "JobBookmarksEncryption",
                    Match.objectLike(Map.of("JobBookmarksEncryptionMode", "CSE-KMS"))))));
    JsonNode config = LAKE.single(STACK, "AWS::Glue::SecurityConfiguration").at("/Properties");
    assertThat(Cfn.render(config.get("Name"))).isEqualTo("zonelake-glue-crawler");
    assertThat(Cfn.render(config.at("/EncryptionConfiguration/S3Encryptions/0/KmsKeyArn")))
        .isEqualTo("import:zonelake-data-key-arn");
  }

  /**
   * A processed table's columns as the catalog lists them: the contract's {@code own} columns
   * ({@code "name type"}), then the envelope the model defines, partition columns last.
   */
  static List<String> withEnvelope(List<String> own) {
    List<String> columns = new ArrayList<>(own);
    for (String name : LakeColumns.PROCESSED_ENVELOPE) {
      LakeColumns.Column column = LakeColumns.column(name);
      columns.add(column.name() + " " + column.glueType());
    }
    return columns;
  }
}
