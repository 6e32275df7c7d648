package org.zonelake.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The expected counts of a generated raw zone, per source, written in the format of the sample
 * data's {@code testdata/manifest.json}.
 *
 * @param settings what was generated
 * @param sources the expected counts per source, in generation order
 */
public record Manifest(GeneratorSettings settings, Map<String, ExpectedCounts> sources) {

  /** Copies the map, keeping its order. */
  public Manifest {
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /** The size of every raw file together. */
  public long totalBytes() {
    return sources.values().stream().mapToLong(ExpectedCounts::bytes).sum();
  }

  /** The records of every source together. */
  public long totalRecords() {
    return sources.values().stream().mapToLong(ExpectedCounts::linesRead).sum();
  }

  /** The manifest as JSON, in the layout of {@code testdata/manifest.json}. */
  public String toJson() {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"description\": \"Exact outcome of raw-to-processed on a generated raw zone")
        .append(" (")
        .append(settings.records())
        .append(" records, seed ")
        .append(settings.seed())
        .append(") with the shipped contracts. For every source: lines_read = written +")
        .append(" duplicates + quarantined. Every quarantined record fails exactly one check.\",\n")
        .append("  \"sources\": {\n");
    int i = 0;
    for (Map.Entry<String, ExpectedCounts> e : sources.entrySet()) {
      ExpectedCounts c = e.getValue();
      String reasons =
          c.quarantinedByReason().entrySet().stream()
              .map(r -> "\"" + r.getKey() + "\": " + r.getValue())
              .collect(Collectors.joining(", ", "{", "}"));
      json.append("    \"")
          .append(e.getKey())
          .append("\": {\n")
          .append("      \"files\": ")
          .append(c.files())
          .append(",\n      \"lines_read\": ")
          .append(c.linesRead())
          .append(",\n      \"written\": ")
          .append(c.written())
          .append(",\n      \"duplicates\": ")
          .append(c.duplicates())
          .append(",\n      \"quarantined\": ")
          .append(c.quarantined())
          .append(",\n      \"quarantined_by_reason\": ")
          .append(reasons)
          .append(",\n      \"bytes\": ")
          .append(c.bytes())
          .append("\n    }")
          .append(++i < sources.size() ? ",\n" : "\n");
    }
    return json.append("  },\n  \"skipped_sources\": []\n}\n").toString();
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }
}
