package org.zonelake.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
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
      String reasons = object(c.quarantinedByReason());
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
          .append(
              c.quarantinedByRule().isEmpty()
                  ? ""
                  : ",\n      \"quarantined_by_rule\": " + object(c.quarantinedByRule()))
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

  /**
   * Reads the manifest that {@link #write} wrote to {@code file} for a raw zone generated with
   * {@code settings}: the file holds the counts, not every setting.
   *
   * @throws IOException if the file cannot be read or is not a manifest (see {@link #readCounts})
   */
  public static Manifest read(Path file, GeneratorSettings settings) throws IOException {
    return new Manifest(settings, readCounts(file));
  }

  /**
   * Reads the expected counts per source, in the file's order, of a manifest in the layout of
   * {@code testdata/manifest.json}: a generated one or the sample data's own. Each source needs
   * {@code files}, {@code lines_read}, {@code written}, {@code duplicates}, {@code quarantined} and
   * {@code quarantined_by_reason}; {@code quarantined_by_rule} (none when missing) and {@code
   * bytes} (0 when missing) may be left out.
   *
   * @throws IOException if the file cannot be read, is not JSON, or misses a field (the message
   *     names the file, the source and the field)
   */
  public static Map<String, ExpectedCounts> readCounts(Path file) throws IOException {
    Object document;
    try {
      document = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not JSON: " + e.getMessage() + ".", e);
    }
    if (!(document instanceof Map<?, ?> root && root.get("sources") instanceof Map<?, ?> sources)) {
      throw new IOException(file + " is not a manifest: it has no \"sources\" object.");
    }
    Map<String, ExpectedCounts> counts = new LinkedHashMap<>();
    for (Map.Entry<?, ?> source : sources.entrySet()) {
      Fields fields = new Fields(file, (String) source.getKey(), source.getValue());
      counts.put(
          fields.source(),
          new ExpectedCounts(
              fields.number("files"),
              fields.number("lines_read"),
              fields.number("written"),
              fields.number("duplicates"),
              fields.number("quarantined"),
              fields.numbers("quarantined_by_reason", true),
              fields.numbers("quarantined_by_rule", false),
              fields.has("bytes") ? fields.number("bytes") : 0));
    }
    return counts;
  }

  /** The fields of one source's counts, with messages naming the file, source and field. */
  private record Fields(Path file, String source, Object counts) {

    boolean has(String field) {
      return counts instanceof Map<?, ?> map && map.containsKey(field);
    }

    long number(String field) throws IOException {
      if (value(field) instanceof Long number) {
        return number;
      }
      throw missing(field, "a whole number");
    }

    Map<String, Long> numbers(String field, boolean required) throws IOException {
      Object value = value(field);
      if (value == null && !required) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> object)) {
        throw missing(field, "an object of whole numbers");
      }
      Map<String, Long> numbers = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : object.entrySet()) {
        if (!(e.getValue() instanceof Long number)) {
          throw missing(field + "." + e.getKey(), "a whole number");
        }
        numbers.put((String) e.getKey(), number);
      }
      return numbers;
    }

    private Object value(String field) throws IOException {
      if (!(counts instanceof Map<?, ?> map)) {
        throw new IOException(file + ": source '" + source + "' is not an object of counts.");
      }
      return map.get(field);
    }

    private IOException missing(String field, String what) {
      return new IOException(
          file + ": source '" + source + "' needs \"" + field + "\" to be " + what + ".");
    }
  }

  /** {@code counts} as a JSON object on one line, in its order. */
  private static String object(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> quote(e.getKey()) + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** {@code text} as a JSON string. */
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
