package org.zonelake.core.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.join.JoinedDataset.JoinKey;
import org.zonelake.core.join.JoinedDataset.ProcessedSource;
import org.zonelake.core.join.JoinedDataset.ReferenceFormat;
import org.zonelake.core.join.JoinedDataset.ReferenceTable;
import org.zonelake.core.join.JoinedDataset.RightColumn;
import org.zonelake.core.testing.Contracts;

class JoinedDatasetParserTest {

  private static final DatasetContract ORDERS =
      Contracts.jsonLines(
          "orders",
          "order_id STRING, customer_id STRING, country STRING, qty INT, order_ts TIMESTAMP",
          "order_ts");

  private static final DatasetContract CUSTOMERS =
      Contracts.jsonLines(
          "customers",
          "customer_id STRING, name STRING, country STRING, signup_ts TIMESTAMP",
          "signup_ts");

  private static final Map<String, DatasetContract> CONTRACTS =
      Map.of("orders", ORDERS, "customers", CUSTOMERS);

  private static final String ORDERS_WITH_CUSTOMERS =
      """
      {"name": "orders_with_customers",
       "left": {"source": "orders"},
       "right": {"source": "customers", "prefix": "customer_",
                 "columns": ["name", {"column": "country", "as": "home_country"}]},
       "keys": ["customer_id"],
       "join_type": "left"}
      """;

  private static final String WITH_DEVICES =
      """
      {"name": "readings_with_devices",
       "left": {"source": "orders"},
       "right": {"reference": {"path": "../reference/devices.csv", "format": "csv",
                               "schema": "id STRING, model STRING, since DATE"},
                 "columns": ["model", "since"]},
       "keys": [{"left": "customer_id", "right": "id"}]}
      """;

  private static JoinedDataset parse(String origin, String text) {
    return JoinedDatasetParser.parse(origin, text, CONTRACTS);
  }

  private static String error(String text) {
    try {
      parse("joins/x.json", text);
    } catch (LakeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the declaration to be refused");
  }

  @Test
  void parsesAProcessedRightSideWithPrefixAndRename() {
    JoinedDataset dataset = parse("joins/orders_with_customers.json", ORDERS_WITH_CUSTOMERS);

    assertThat(dataset.name()).isEqualTo("orders_with_customers");
    assertThat(dataset.leftSource()).isEqualTo("orders");
    assertThat(dataset.leftColumns())
        .containsExactly(
            "order_id",
            "customer_id",
            "country",
            "qty",
            "order_ts",
            "_event_time",
            "_record_hash",
            "_raw_file",
            "_run_id");
    assertThat(dataset.right()).isEqualTo(new ProcessedSource("customers"));
    assertThat(dataset.keys()).containsExactly(new JoinKey("customer_id", "customer_id"));
    assertThat(dataset.columns())
        .containsExactly(
            new RightColumn("name", "customer_name"), new RightColumn("country", "home_country"));
  }

  @Test
  void parsesAReferenceTableWithItsPathRelativeToTheDeclaration() {
    JoinedDataset onDisk =
        parse("file:/lake/contracts/joins/readings_with_devices.json", WITH_DEVICES);
    JoinedDataset packaged =
        parse("classpath:zonelake/contracts/joins/readings_with_devices.json", WITH_DEVICES);

    ReferenceTable table = (ReferenceTable) onDisk.right();
    assertThat(table.location()).isEqualTo("file:/lake/contracts/reference/devices.csv");
    assertThat(table.format()).isEqualTo(ReferenceFormat.CSV);
    assertThat(table.delimiter()).isEqualTo(",");
    assertThat(table.schema().toDDL()).isEqualTo("id STRING,model STRING,since DATE");
    assertThat(onDisk.keys()).containsExactly(new JoinKey("customer_id", "id"));
    assertThat(onDisk.columns())
        .containsExactly(new RightColumn("model", "model"), new RightColumn("since", "since"));
    assertThat(((ReferenceTable) packaged.right()).location())
        .isEqualTo("classpath:zonelake/contracts/reference/devices.csv");
    assertThat(((ReferenceTable) packaged.right()).onClasspath()).isTrue();
    // Where the table is read from is the reference table's own fingerprint, not the declaration's:
    // the shipped contracts copied to a directory declare the same joined dataset.
    assertThat(onDisk.fingerprint()).isEqualTo(packaged.fingerprint());
  }

  @Test
  void absolutePathsAndUrisAreKeptAsWritten() {
    assertThat(JoinedDatasetParser.resolve("s3://b/contracts/joins/x.json", "/ref/d.csv"))
        .isEqualTo("/ref/d.csv");
    assertThat(JoinedDatasetParser.resolve("/c/joins/x.json", "s3://b/ref/devices/"))
        .isEqualTo("s3://b/ref/devices/");
    assertThat(JoinedDatasetParser.resolve("s3://b/contracts/joins/x.json", "ref/d.json"))
        .isEqualTo("s3://b/contracts/joins/ref/d.json");
  }

  @Test
  void fingerprintChangesWithTheColumnsAndTypesButNotWithTheDescription() {
    JoinedDataset dataset = parse("a/orders_with_customers.json", ORDERS_WITH_CUSTOMERS);
    JoinedDataset described =
        parse(
            "b/orders_with_customers.json",
            ORDERS_WITH_CUSTOMERS.replace("{\"name\"", "{\"description\": \"x\", \"name\""));
    JoinedDataset renamed =
        parse(
            "a/orders_with_customers.json",
            ORDERS_WITH_CUSTOMERS.replace("home_country", "customer_country"));

    assertThat(described.fingerprint()).isEqualTo(dataset.fingerprint());
    assertThat(renamed.fingerprint()).isNotEqualTo(dataset.fingerprint());
    assertThat(parse("a/x.json", WITH_DEVICES.replace("since DATE", "since STRING")).fingerprint())
        .isNotEqualTo(parse("a/x.json", WITH_DEVICES).fingerprint());
  }

  @Test
  void everyInvalidFieldIsNamedWithItsFix() {
    assertThat(
            error(
                ORDERS_WITH_CUSTOMERS
                    .replace("{\"column\": \"country\", \"as\": \"home_country\"}", "\"country\"")
                    .replace("\"prefix\": \"customer_\",", "")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'right.columns' takes 'country' as 'country', a"
                + " name the left source's column 'country' already has in the result. Fix:"
                + " rename it: {\"column\": \"country\", \"as\": \"<new name>\"}, or set"
                + " \"prefix\" in \"right\".");
    assertThat(error(ORDERS_WITH_CUSTOMERS.replace("[\"customer_id\"]", "[\"client\"]")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'keys' names column 'client', which the left"
                + " source does not have. Fix: use one of [order_id, customer_id, country, qty,"
                + " order_ts].");
    assertThat(
            error(
                ORDERS_WITH_CUSTOMERS.replace(
                    "[\"customer_id\"]", "[{\"left\": \"qty\", \"right\": \"name\"}]")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'keys' compares 'qty' (INT) with 'name' (STRING)."
                + " Fix: declare both columns with the same type.");
    assertThat(error(ORDERS_WITH_CUSTOMERS.replace("\"customers\"", "\"clients\"")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'right.source' names 'clients', which has no"
                + " dataset contract. Fix: use one of [customers, orders], or add a contract for"
                + " it.");
    assertThat(error(ORDERS_WITH_CUSTOMERS.replace("\"left\"}", "\"inner\"}")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'join_type' is \"inner\", not a supported join"
                + " type. Fix: use \"left\" (every left row is kept; _matched tells whether it"
                + " found its right row, so an inner join is the rows WHERE _matched).");
    assertThat(error(ORDERS_WITH_CUSTOMERS.replace("orders_with_customers", "daily_summary")))
        .startsWith(
            "Joined dataset joins/x.json: field 'name' is 'daily_summary', a name the lake uses"
                + " for its own tables. Fix: choose another name;");
    assertThat(
            error(
                ORDERS_WITH_CUSTOMERS.replace("orders_with_customers", "quarantined_files_orders")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'name' is 'quarantined_files_orders', a name the"
                + " lake uses for its own tables. Fix: choose another name; [daily_summary,"
                + " hourly_metrics, join_statistics, source_statistics] and names starting with"
                + " [processed_, quarantine_, quarantined_files_, quality_] are taken.");
    assertThat(error(ORDERS_WITH_CUSTOMERS.replace("\"keys\"", "\"key\"")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'key' is not a joined dataset field. Fix:"
                + " use only [description, join_type, keys, left, name, right].");
    assertThat(
            error(
                ORDERS_WITH_CUSTOMERS.replace(
                    "\"source\": \"customers\",", "\"source\": \"customers\", \"reference\": {},")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'right' has both 'source' and 'reference'. Fix:"
                + " give exactly one: \"source\" (another source's processed table) or"
                + " \"reference\" (a CSV or JSON file).");
    assertThat(error(WITH_DEVICES.replace("since DATE", "since DATE,")))
        .startsWith(
            "Joined dataset joins/x.json: field 'right.reference.schema' is not valid Spark DDL");
    assertThat(error(WITH_DEVICES.replace("since DATE", "since DATE, Model STRING")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'right.reference.schema' declares columns 'model'"
                + " and 'Model', which differ only in case (Spark and Athena do not tell them"
                + " apart). Fix: give them names that differ in more than case.");
    assertThat(error(WITH_DEVICES.replace("since DATE", "since ARRAY<TIMESTAMP_NTZ>")))
        .isEqualTo(
            "Joined dataset joins/x.json: field 'right.columns' takes column 'since' with"
                + " since.element as TIMESTAMP_NTZ, which Athena cannot read in Delta. Fix:"
                + " declare it TIMESTAMP.");
    assertThat(error("[1, 2]"))
        .isEqualTo(
            "Joined dataset joins/x.json: field '(root)' is not a JSON object. Fix: write the"
                + " joined dataset as a JSON object {...}.");
  }

  @Test
  void loaderReadsTheJoinsDirectoryBesideTheContracts(@TempDir Path contracts) throws IOException {
    Configuration conf = new Configuration();
    assertThat(JoinedDatasetLoader.fromDirectory(contracts.toString(), conf, List.of(ORDERS)))
        .isEmpty();

    Files.createDirectories(contracts.resolve("joins"));
    Files.writeString(contracts.resolve("joins/orders_with_customers.json"), ORDERS_WITH_CUSTOMERS);
    assertThat(
            JoinedDatasetLoader.fromDirectory(
                contracts.toString(), conf, List.of(ORDERS, CUSTOMERS)))
        .extracting(JoinedDataset::name)
        .containsExactly("orders_with_customers");

    Files.writeString(contracts.resolve("joins/other.json"), ORDERS_WITH_CUSTOMERS);
    assertThatThrownBy(
            () ->
                JoinedDatasetLoader.fromDirectory(
                    contracts.toString(), conf, List.of(ORDERS, CUSTOMERS)))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Joined dataset file:"
                + contracts.resolve("joins/other.json")
                + ": field 'name' is 'orders_with_customers' but the file is not named"
                + " orders_with_customers.json. Fix: name the file after the joined dataset.");
  }
}
