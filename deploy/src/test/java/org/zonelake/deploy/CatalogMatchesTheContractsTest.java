package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zonelake.model.CuratedTables;
import org.zonelake.model.ExpectedShippedContracts;

/**
 * The catalogued tables against what the jobs write: one processed and quarantine table per shipped
 * contract, and the curated job's tables plus one per joined dataset declared in {@code joins/}.
 */
class CatalogMatchesTheContractsTest {

  private static final Path CONTRACTS = LakeSettings.shippedContracts();

  @Test
  void sourcesAreTheShippedContracts() throws IOException {
    assertThat(LakeSettings.defaults().sources())
        .containsExactlyElementsOf(names(CONTRACTS, "source"))
        .containsExactlyElementsOf(ExpectedShippedContracts.SOURCES);
  }

  @Test
  void curatedTablesAreTheJobsTablesAndTheDeclaredJoins() throws IOException {
    List<String> expected =
        new ArrayList<>(
            List.of("daily_summary", "hourly_metrics", "source_statistics", "join_statistics"));
    assertThat(CuratedTables.AGGREGATES).containsExactlyElementsOf(expected);
    List<String> joins = names(CONTRACTS.resolve("joins"), "name");
    assertThat(joins).containsExactly("orders_with_customers", "sensor_readings_with_devices");
    expected.addAll(joins);
    assertThat(LakeSettings.defaults().curatedTables())
        .containsExactlyElementsOf(expected)
        .containsExactlyElementsOf(ExpectedShippedContracts.CURATED_TABLES);
  }

  /** The given field of every JSON file in the directory, in file-name order. */
  private static List<String> names(Path directory, String field) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        names.add(new ObjectMapper().readTree(file.toFile()).get(field).asText());
      }
    }
    return names;
  }
}
