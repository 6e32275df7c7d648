package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDataset.JoinKey;
import org.zonelake.core.join.JoinedDataset.ProcessedSource;
import org.zonelake.core.join.JoinedDataset.ReferenceTable;
import org.zonelake.core.join.JoinedDataset.RightColumn;

class ShippedJoinedDatasetsTest {

  private static final Path DIR =
      Path.of("src/main/resources", ShippedContracts.RESOURCE_DIR, "joins");

  @Test
  void indexListsEveryDeclaration() throws IOException {
    ShippedContractsTest.assertIndexListsEveryJsonFileOf(DIR);
  }

  @Test
  void bothShippedJoinedDatasetsLoadAgainstTheShippedContracts() throws IOException {
    List<JoinedDataset> joins = ShippedContracts.loadJoinedDatasets(ShippedContracts.load());

    assertThat(joins)
        .extracting(JoinedDataset::name)
        .containsExactly("orders_with_customers", "sensor_readings_with_devices");
    JoinedDataset orders = joins.get(0);
    assertThat(orders.right()).isEqualTo(new ProcessedSource("customers"));
    assertThat(orders.keys()).containsExactly(new JoinKey("customer_id", "customer_id"));
    assertThat(orders.columns())
        .extracting(RightColumn::as)
        .containsExactly("customer_name", "customer_country", "customer_city", "customer_since");

    JoinedDataset readings = joins.get(1);
    ReferenceTable devices = (ReferenceTable) readings.right();
    assertThat(devices.location()).isEqualTo("classpath:zonelake/contracts/reference/devices.csv");
    assertThat(readings.columns())
        .extracting(RightColumn::as)
        .containsExactly("device_model", "device_site", "device_installed_on");
    // The packaged reference table is the one in testdata/reference.
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("zonelake/contracts/reference/devices.csv")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(Path.of("..", "testdata", "reference", "devices.csv")));
    }
  }
}
