package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped contracts and joined datasets as the deployment reads them, and bad directories. */
class ContractDirectoryTest {

  static final Path SHIPPED =
      Path.of(
          System.getProperty(
              "zonelake.contracts.dir", "../quality-rules/src/main/resources/zonelake/contracts"));

  @TempDir Path temp;

  @Test
  void shippedContractsAreReadInSourceOrderWithTheirJoins() {
    ContractDirectory shipped = ContractDirectory.read(SHIPPED);

    assertThat(shipped.sources()).containsExactlyElementsOf(ExpectedShippedContracts.SOURCES);
    assertThat(shipped.contracts())
        .extracting(c -> c.source() + " " + c.format().contractName())
        .containsExactly(
            "customers csv", "orders json_lines", "sensor_readings json_array", "web_logs text");
    assertThat(shipped.joins())
        .extracting(j -> j.name() + " <- " + j.leftSource())
        .containsExactly(
            "orders_with_customers <- orders", "sensor_readings_with_devices <- sensor_readings");
    assertThat(shipped.curatedTables())
        .containsExactlyElementsOf(ExpectedShippedContracts.CURATED_TABLES);
  }

  @Test
  void ordersContractIsDescribedCompletely() {
    ContractDescriptor orders = ContractDirectory.read(SHIPPED).contract("orders");

    assertThat(glueColumns(orders))
        .containsExactlyElementsOf(ExpectedShippedContracts.ORDERS_COLUMNS);
    assertThat(orders.required())
        .containsExactly("order_id", "customer_id", "price", "quantity", "order_ts");
    assertThat(orders.measures()).containsExactly("price", "quantity");
    assertThat(orders.rulesets())
        .containsExactly("orders.warn.dqdl", "orders.quarantine.dqdl", "orders.fail.dqdl");
    assertThat(orders.eventTime())
        .isEqualTo(
            new EventTime(
                "order_ts", List.of("yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX", "yyyy-MM-dd HH:mm:ss")));
    assertThat(orders.origin()).isEqualTo(SHIPPED.resolve("orders.json").toString());
  }

  @Test
  void theSensorContractsNestedColumnsGetTheirGlueNames() {
    ContractDescriptor readings = ContractDirectory.read(SHIPPED).contract("sensor_readings");

    assertThat(glueColumns(readings))
        .containsExactlyElementsOf(ExpectedShippedContracts.SENSOR_READINGS_COLUMNS);
  }

  /** A contract's columns as the catalog gets them: {@code "name glueType"}, in schema order. */
  private static List<String> glueColumns(ContractDescriptor contract) {
    return contract.columns().stream().map(f -> f.name() + " " + f.type().glueType()).toList();
  }

  @Test
  void eventTimeColumnIsRequiredEvenWhenNotListed() throws IOException {
    write(
        "clicks.json",
        """
        {"source": "clicks", "format": {"type": "json_lines"},
         "schema": "session STRING, page STRING, ts TIMESTAMP",
         "event_time": {"column": "ts", "formats": ["yyyy-MM-dd'T'HH:mm:ssX"]},
         "required": ["session"]}
        """);
    ContractDescriptor clicks = ContractDirectory.read(temp).contract("clicks");
    assertThat(clicks.required()).containsExactly("session", "ts");
    assertThat(clicks.rulesets()).isEmpty();
    assertThat(clicks.measures()).isEmpty();
    assertThat(ContractDirectory.read(temp).joins()).isEmpty();
  }

  @Test
  void fileNotNamedAfterItsSourceIsRefused() throws IOException {
    write("click.json", contract("clicks", "json_lines", "[\"session\"]"));
    assertRefused(
        "Contract",
        "click.json",
        "field 'source' is 'clicks' but the file is not named clicks.json. Fix: name the file"
            + " after its source.");
  }

  @Test
  void unknownFormatAndUndeclaredColumnsAreRefusedNamingTheField() throws IOException {
    write("clicks.json", contract("clicks", "xml", "[\"session\"]"));
    assertRefused(
        "Contract",
        "clicks.json",
        "field 'format.type' is 'xml', not a supported format. Fix: use one of json_lines,"
            + " json_array, csv, text.");
    write("clicks.json", contract("clicks", "json_lines", "[\"user\"]"));
    assertRefused(
        "Contract",
        "clicks.json",
        "field 'required' names 'user', which the schema does not declare. Fix: use one of"
            + " [session, ts].");
    write("clicks.json", contract("clicks", "json_lines", "[\"session\", \"session\"]"));
    assertRefused(
        "Contract",
        "clicks.json",
        "field 'required' lists 'session' twice. Fix: list each column once.");
  }

  @Test
  void joinOfAnUnknownSourceOrMisnamedIsRefused() throws IOException {
    write("clicks.json", contract("clicks", "json_lines", "[\"session\"]"));
    Files.createDirectories(temp.resolve("joins"));
    write("joins/views.json", "{\"name\": \"views\", \"left\": {\"source\": \"orders\"}}");
    assertRefused(
        "Joined dataset",
        "joins/views.json",
        "field 'left.source' is 'orders', which no contract declares. Fix: use one of [clicks].");
    write("joins/views.json", "{\"name\": \"view\", \"left\": {\"source\": \"clicks\"}}");
    assertThatThrownBy(() -> ContractDirectory.read(temp))
        .hasMessageContaining("field 'name' is 'view' but the file is not named view.json");
  }

  @Test
  void joinNamedLikeATableOfTheLakeIsRefusedAsTheJobsRefuseIt() throws IOException {
    write("clicks.json", contract("clicks", "json_lines", "[\"session\"]"));
    Files.createDirectories(temp.resolve("joins"));
    write(
        "joins/quality_checks.json",
        "{\"name\": \"quality_checks\", \"left\": {\"source\": \"clicks\"}}");
    assertRefused(
        "Joined dataset",
        "joins/quality_checks.json",
        "field 'name' is 'quality_checks', a name the lake uses for its own tables. Fix: choose"
            + " another name; [daily_summary, hourly_metrics, join_statistics, source_statistics]"
            + " and names starting with [processed_, quarantine_, quarantined_files_, quality_]"
            + " are taken.");
  }

  @Test
  void directoryWithoutContractsIsRefused() {
    assertThatThrownBy(() -> ContractDirectory.read(temp))
        .hasMessage(
            "No dataset contract (*.json) found in "
                + temp
                + ". Fix: pass the directory holding the contracts (<source>.json).");
    assertThatThrownBy(() -> ContractDirectory.read(temp.resolve("missing")))
        .hasMessage(
            "Contracts directory "
                + temp.resolve("missing")
                + " does not exist. Fix: pass the directory holding the dataset contracts"
                + " (<source>.json).");
  }

  /** Reading the directory fails on {@code what} (a contract, a joined dataset) in {@code file}. */
  private void assertRefused(String what, String file, String problem) {
    assertThatThrownBy(() -> ContractDirectory.read(temp))
        .hasMessage(what + " " + temp.resolve(file) + ": " + problem);
  }

  private static String contract(String source, String format, String required) {
    return """
           {"source": "%s", "format": {"type": "%s"},
            "schema": "session STRING, ts TIMESTAMP",
            "event_time": {"column": "ts", "formats": ["yyyy-MM-dd'T'HH:mm:ssX"]},
            "required": %s}
           """
        .formatted(source, format, required);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(temp.resolve(name), text);
  }
}
