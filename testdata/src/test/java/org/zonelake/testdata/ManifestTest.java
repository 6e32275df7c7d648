package org.zonelake.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

  @TempDir Path temp;

  private static GeneratorSettings small() {
    return GeneratorSettings.builder().records(1_000).recordsPerFile(100).seed(7).build();
  }

  @Test
  void aGeneratedManifestReadsBackAsTheSameManifestAndTheSameJson() throws IOException {
    Manifest generated = new LakeGenerator(small()).generate(temp.resolve("raw"));
    Path file = temp.resolve("manifest.json");
    generated.write(file);

    Manifest read = Manifest.read(file, small());

    assertThat(read).isEqualTo(generated);
    assertThat(List.copyOf(read.sources().keySet()))
        .containsExactly("orders", "customers", "sensor_readings", "web_logs");
    assertThat(read.toJson()).isEqualTo(Files.readString(file));
  }

  @Test
  void countsPerRuleAndNamesThatNeedQuotingReadBackUnchanged() throws IOException {
    Map<String, ExpectedCounts> sources = new LinkedHashMap<>();
    sources.put(
        "orders",
        new ExpectedCounts(
            2,
            9,
            5,
            1,
            3,
            Map.of("malformed", 1L, "quality_rule", 2L),
            Map.of("ColumnValues \"price\" > 0", 2L, "back\\slash", 1L),
            1234));
    sources.put("customers", new ExpectedCounts(1, 1, 1, 0, 0, Map.of(), Map.of(), 10));
    Manifest manifest = new Manifest(small(), sources);
    Path file = temp.resolve("manifest.json");
    manifest.write(file);

    assertThat(Manifest.read(file, small())).isEqualTo(manifest);
    assertThat(Files.readString(file))
        .contains(
            "\"quarantined_by_rule\": {\"ColumnValues \\\"price\\\" > 0\": 2, \"back\\\\slash\":"
                + " 1}")
        .containsOnlyOnce("quarantined_by_rule");
  }

  @Test
  void theSampleDataManifestReadsWithItsRulesAndNoBytes() throws IOException {
    Map<String, ExpectedCounts> counts = Manifest.readCounts(Path.of("manifest.json"));

    assertThat(List.copyOf(counts.keySet()))
        .containsExactly("customers", "orders", "sensor_readings", "web_logs");
    assertThat(counts.get("orders"))
        .isEqualTo(
            new ExpectedCounts(
                3,
                20,
                10,
                3,
                7,
                Map.of(
                    "malformed", 2L,
                    "type_cast", 2L,
                    "missing_required", 1L,
                    "bad_event_time", 1L,
                    "quality_rule", 1L),
                Map.of("ColumnValues \"price\" > 0", 1L, "ColumnValues \"quantity\" <= 100", 1L),
                0));
    assertThat(counts.get("customers").quarantinedByRule()).isEmpty();
  }

  @Test
  void aFileThatIsNotJsonSaysWhereReadingStopped() throws IOException {
    Path file = temp.resolve("broken.json");
    Files.writeString(file, "{\"sources\": {\"orders\": {\"files\": 1,}}}");

    assertThatThrownBy(() -> Manifest.readCounts(file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + " is not JSON: expected a quoted name at character 36 of 38.");
  }

  @Test
  void aMissingCountNamesTheFileTheSourceAndTheField() throws IOException {
    Path file = temp.resolve("broken.json");
    Files.writeString(
        file,
        """
        {"sources": {"orders": {"files": 1, "lines_read": 2, "duplicates": 0,
                                "quarantined": 0, "quarantined_by_reason": {}}}}
        """);

    assertThatThrownBy(() -> Manifest.readCounts(file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + ": source 'orders' needs \"written\" to be a whole number.");
  }
}
