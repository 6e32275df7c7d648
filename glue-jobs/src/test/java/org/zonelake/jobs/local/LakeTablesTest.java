package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view name leads back to its Delta table's directory, whatever zone the table is in. */
class LakeTablesTest {

  @TempDir Path lake;

  private String deltaTable(String relative) throws IOException {
    Path table = lake.resolve(relative);
    Files.createDirectories(table.resolve("_delta_log"));
    return table.toAbsolutePath().toString();
  }

  @Test
  void everyKindOfViewNameFindsItsTable() throws IOException {
    String processed = deltaTable("processed/orders");
    String quarantine = deltaTable("quarantine/orders");
    String files = deltaTable("quarantine/_files/orders");
    String results = deltaTable("processed/_quality/rule_results");
    String metrics = deltaTable("processed/_quality/metrics");
    String curated = deltaTable("curated/daily_summary");
    String root = lake.toString();

    assertThat(LakeTables.path(root, "processed_orders")).isEqualTo(processed);
    assertThat(LakeTables.path(root, "quarantine_orders")).isEqualTo(quarantine);
    assertThat(LakeTables.path(root, "quarantined_files_orders")).isEqualTo(files);
    assertThat(LakeTables.path(root, "quality_rule_results")).isEqualTo(results);
    assertThat(LakeTables.path(root, "quality_metrics")).isEqualTo(metrics);
    assertThat(LakeTables.path(root, "daily_summary")).isEqualTo(curated);
  }

  @Test
  void aNameWithoutADeltaTableFindsNothing() throws IOException {
    Files.createDirectories(lake.resolve("processed/customers"));

    assertThat(LakeTables.path(lake.toString(), "processed_customers")).isNull();
    assertThat(LakeTables.path(lake.toString(), "processed_web_logs")).isNull();
    assertThat(LakeTables.path(lake.toString(), "hourly_metrics")).isNull();
  }
}
