package org.zonelake.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every path of the processed and quarantine zones, whoever builds the roots. */
class ZonePathsTest {

  @Test
  void theZonesTablesAndRunStateLieUnderTheirRoots() {
    ZonePaths zones = ZonePaths.of("s3://lake/processed/", "s3://lake/quarantine//");

    assertThat(zones.processedTable("orders")).isEqualTo("s3://lake/processed/orders");
    assertThat(zones.quarantineTable("orders")).isEqualTo("s3://lake/quarantine/orders");
    assertThat(zones.fileQuarantine("orders")).isEqualTo("s3://lake/quarantine/_files/orders");
    assertThat(zones.statistics("orders")).isEqualTo("s3://lake/processed/_stats/orders");
    assertThat(zones.qualityResults()).isEqualTo("s3://lake/processed/_quality/rule_results");
    assertThat(zones.qualityMetrics()).isEqualTo("s3://lake/processed/_quality/metrics");
    assertThat(zones.manifests("orders")).isEqualTo("s3://lake/processed/_manifests/orders");
    assertThat(zones.replays("orders")).isEqualTo("s3://lake/processed/_replays/orders");
  }

  @Test
  void aLakeInOneDirectoryHasTheSamePathsAsItsLayout() {
    LakeLayout layout = LakeLayout.under("/data/lake/", "/data/raw");
    ZonePaths zones = ZonePaths.under("/data/lake");

    assertThat(layout.processed()).isEqualTo(zones.processed()).isEqualTo("/data/lake/processed");
    assertThat(layout.quarantine())
        .isEqualTo(zones.quarantine())
        .isEqualTo("/data/lake/quarantine");
    assertThat(layout.checkpoint("orders"))
        .isEqualTo("/data/lake/processed/_checkpoints/raw_to_processed/orders");
    assertThat(layout.statistics("orders")).isEqualTo(zones.statistics("orders"));
    assertThat(layout.rawSource("orders")).isEqualTo("/data/raw/orders");
  }
}
