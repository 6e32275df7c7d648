package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ingest API's formats against the raw formats of the dataset contracts shipped in the jar. */
class IngestFormatTest {

  @Test
  void everyShippedContractHasItsRawFormatInTheApi() throws IOException {
    Path contracts =
        Path.of(
            System.getProperty(
                "zonelake.contracts.dir",
                "../quality-rules/src/main/resources/zonelake/contracts"));
    Map<String, String> shipped = new TreeMap<>();
    try (Stream<Path> files = Files.list(contracts)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        var contract = new ObjectMapper().readTree(file.toFile());
        shipped.put(contract.get("source").asText(), contract.at("/format/type").asText());
      }
    }
    Map<String, String> api = new TreeMap<>();
    IngestFormat.OF_SOURCE.forEach((source, format) -> api.put(source, format.contractFormat()));
    assertThat(api).isEqualTo(shipped);
    assertThat(shipped)
        .containsExactly(
            Map.entry("customers", "csv"),
            Map.entry("orders", "json_lines"),
            Map.entry("sensor_readings", "json_array"),
            Map.entry("web_logs", "text"));
  }

  @Test
  void unknownSourceIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> IngestFormat.of("clickstream"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "source 'clickstream' has no ingest format; known: [customers, orders,"
                + " sensor_readings, web_logs]");
  }
}
