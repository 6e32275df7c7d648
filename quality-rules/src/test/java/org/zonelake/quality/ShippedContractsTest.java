package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;

class ShippedContractsTest {

  private static final Path DIR = Path.of("src/main/resources", ShippedContracts.RESOURCE_DIR);

  @Test
  void indexListsEveryContractFile() throws IOException {
    assertIndexListsEveryJsonFileOf(DIR);
  }

  /** The {@code INDEX} file of {@code dir} names exactly the JSON files beside it. */
  static void assertIndexListsEveryJsonFileOf(Path dir) throws IOException {
    List<String> files;
    try (Stream<Path> paths = Files.list(dir)) {
      files =
          paths
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .sorted()
              .toList();
    }
    List<String> indexed =
        Files.readAllLines(dir.resolve("INDEX")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .sorted()
            .toList();

    assertThat(indexed).isEqualTo(files);
  }

  @Test
  void everyShippedContractLoadsAndCoversEveryFormat() {
    List<DatasetContract> contracts = ShippedContracts.load();

    assertThat(contracts)
        .extracting(DatasetContract::source)
        .containsExactly("customers", "orders", "sensor_readings", "web_logs");
    assertThat(contracts)
        .extracting(c -> c.format().getClass().getSimpleName())
        .containsExactly("Csv", "JsonLines", "JsonArray", "Text");
    DatasetContract orders = contracts.get(1);
    assertThat(orders.eventTime().column()).isEqualTo("order_ts");
    assertThat(orders.required())
        .containsExactly("order_id", "customer_id", "price", "quantity", "order_ts");
    assertThat(orders.measures()).containsExactly("price", "quantity");
    assertThat(contracts.get(3).format()).isInstanceOf(RawFormat.Text.class);
  }

  @Test
  void oneShippedContractIsFoundByItsSource() {
    assertThat(ShippedContracts.of("web_logs").format()).isInstanceOf(RawFormat.Text.class);
    assertThatThrownBy(() -> ShippedContracts.of("payments"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No shipped contract for source 'payments'");
  }
}
