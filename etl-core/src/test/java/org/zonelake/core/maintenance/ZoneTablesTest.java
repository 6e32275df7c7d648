package org.zonelake.core.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.layout.ZonePaths;

/** Which directories of a lake maintenance takes for tables, in its order. */
class ZoneTablesTest {

  @TempDir Path lake;

  @Test
  void everyZoneTableIsFoundFileQuarantineIncludedAndHiddenDirectoriesLeftOut() throws IOException {
    for (String table :
        new String[] {
          "processed/orders",
          "processed/customers",
          "processed/_stats/orders",
          "processed/_quality/metrics",
          "processed/_manifests/orders",
          "processed/_checkpoints/raw_to_processed",
          "quarantine/orders",
          "quarantine/_files/orders",
          "curated/daily_summary"
        }) {
      Files.createDirectories(lake.resolve(table));
    }

    ZoneTables zones =
        new ZoneTables(
            ZonePaths.under(lake.toString()),
            lake.resolve("curated").toString(),
            new Configuration());

    assertThat(zones.tables())
        .extracting(ZoneTables.Table::name)
        .containsExactly(
            "processed/customers",
            "processed/orders",
            "processed/_stats/orders",
            "processed/_quality/metrics",
            "quarantine/orders",
            "quarantine/_files/orders",
            "curated/daily_summary");
    assertThat(zones.manifestSources()).containsExactly("orders");
  }
}
