package org.zonelake.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeGeneratorTest {

  @TempDir Path temp;

  private static GeneratorSettings small() {
    return GeneratorSettings.builder()
        .records(2_000)
        .recordsPerFile(150)
        .malformedFraction(0.05)
        .invalidFraction(0.1)
        .duplicateFraction(0.1)
        .days(3)
        .build();
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void sameSettingsWriteTheSameBytes() throws IOException {
    Manifest first = new LakeGenerator(small()).generate(temp.resolve("a"));
    Manifest second = new LakeGenerator(small()).generate(temp.resolve("b"));

    List<Path> a = files(temp.resolve("a"));
    List<Path> b = files(temp.resolve("b"));
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(temp.resolve("a").relativize(a.get(i)))
          .isEqualTo(temp.resolve("b").relativize(b.get(i)));
      assertThat(Files.readAllBytes(a.get(i))).isEqualTo(Files.readAllBytes(b.get(i)));
    }
    assertThat(second.toJson()).isEqualTo(first.toJson());
  }

  @Test
  void countsAddUpForEverySource() {
    Manifest manifest = new LakeGenerator(small()).generate(temp);

    assertThat(manifest.sources().keySet())
        .containsExactly("orders", "customers", "sensor_readings", "web_logs");
    assertThat(manifest.totalRecords()).isEqualTo(2_000);
    assertThat(manifest.sources().get("orders").linesRead()).isEqualTo(800);
    assertThat(manifest.sources().get("customers").linesRead()).isEqualTo(200);
    assertThat(manifest.sources().get("sensor_readings").linesRead()).isEqualTo(400);
    assertThat(manifest.sources().get("web_logs").linesRead()).isEqualTo(600);
    for (Map.Entry<String, ExpectedCounts> e : manifest.sources().entrySet()) {
      ExpectedCounts c = e.getValue();
      assertThat(c.linesRead())
          .as(e.getKey())
          .isEqualTo(c.written() + c.duplicates() + c.quarantined());
      assertThat(c.quarantinedByReason().values().stream().mapToLong(Long::longValue).sum())
          .as(e.getKey())
          .isEqualTo(c.quarantined());
      assertThat(c.files()).as(e.getKey()).isEqualTo((c.linesRead() + 149) / 150);
      assertThat(c.duplicates()).as(e.getKey()).isPositive();
      assertThat(c.quarantinedByReason()).as(e.getKey()).containsKey("malformed");
    }
    assertThat(manifest.sources().get("customers").quarantinedByReason().keySet())
        .containsExactlyInAnyOrder("malformed", "missing_required", "bad_event_time");
    assertThat(manifest.sources().get("web_logs").quarantinedByReason().keySet())
        .containsExactlyInAnyOrder("malformed", "type_cast", "bad_event_time");
  }

  @Test
  void filesAreLaidOutByLandingDay() throws IOException {
    new LakeGenerator(small()).generate(temp);

    List<String> orders =
        files(temp.resolve("orders")).stream()
            .map(p -> temp.relativize(p).toString().replace('\\', '/'))
            .toList();
    assertThat(orders)
        .containsExactly(
            "orders/year=2026/month=11/day=01/orders-00001.jsonl",
            "orders/year=2026/month=11/day=01/orders-00004.jsonl",
            "orders/year=2026/month=11/day=02/orders-00002.jsonl",
            "orders/year=2026/month=11/day=02/orders-00005.jsonl",
            "orders/year=2026/month=11/day=03/orders-00003.jsonl",
            "orders/year=2026/month=11/day=03/orders-00006.jsonl");
    String csv =
        Files.readString(temp.resolve("customers/year=2026/month=11/day=01/customers-00001.csv"));
    assertThat(csv).startsWith("customer_id,name,email,country,city,address,signup_ts\n");
    String json =
        Files.readString(
            temp.resolve("sensor_readings/year=2026/month=11/day=01/readings-00001.json"));
    assertThat(json).startsWith("[\n{\"device_id\": ").endsWith("}\n]\n");
  }

  @Test
  void manifestHasTheSampleManifestsLayout() {
    Manifest manifest = new LakeGenerator(small()).generate(temp);

    String json = manifest.toJson();
    assertThat(json)
        .contains("\"sources\": {")
        .contains("\"orders\": {\n      \"files\": 6,\n      \"lines_read\": 800,")
        .contains("\"quarantined_by_reason\": {")
        .endsWith("  },\n  \"skipped_sources\": []\n}\n");
  }

  @Test
  void builderNamesTheWrongField() {
    assertThatThrownBy(() -> GeneratorSettings.builder().duplicateFraction(1.5).build())
        .hasMessage("Generator setting 'duplicateFraction' is 1.5: it must be between 0 and 1.");
    assertThatThrownBy(() -> GeneratorSettings.builder().recordsPerFile(0).build())
        .hasMessage("Generator setting 'recordsPerFile' is 0: it must be at least 1.");
  }

  @Test
  void commandLineRefusesMisspelledOptionsAndLoneValues() {
    assertThatThrownBy(() -> LakeGenerator.options(new String[] {"--out", "x", "--record", "10"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown option --record. Usage: --out DIR [--records N] [--seed S]"
                + " [--records-per-file K] [--file-mb M] [--malformed F] [--invalid F]"
                + " [--duplicates F] [--days D]");
    assertThatThrownBy(() -> LakeGenerator.options(new String[] {"--out", "x", "--records"}))
        .hasMessageStartingWith("Expected --option value, got '--records' alone. Usage:");
    assertThat(LakeGenerator.options(new String[] {"--out", "x", "--records-per-file", "5"}))
        .containsOnly(Map.entry("out", "x"), Map.entry("records-per-file", "5"));
    assertThat(LakeGenerator.options(new String[] {"--out", "x", "--days", "60"}))
        .containsOnly(Map.entry("out", "x"), Map.entry("days", "60"));
  }
}
