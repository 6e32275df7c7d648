package org.zonelake.deploy;

import java.util.Map;

/**
 * How the ingest API accepts a source's records: the content type, the JSON schema checked before
 * anything is stored (JSON formats only) and how the body becomes a raw file in the source's raw
 * format. The formats are those of the dataset contracts.
 */
public enum IngestFormat {
  /** One JSON object per request, stored re-serialized on a single line (a JSON lines file). */
  JSON_LINES("application/json", "json", "$input.json('$')"),
  /** A JSON array of objects per request, stored re-serialized as one JSON array file. */
  JSON_ARRAY("application/json", "json", "$input.json('$')"),
  /** CSV with its header line, stored verbatim. */
  CSV("text/csv", "csv", "$input.body"),
  /** Plain text log lines, stored verbatim. */
  TEXT("text/plain", "log", "$input.body");

  /** The raw format of each known source, as its dataset contract declares it. */
  public static final Map<String, IngestFormat> OF_SOURCE =
      Map.of(
          "orders", JSON_LINES,
          "customers", CSV,
          "sensor_readings", JSON_ARRAY,
          "web_logs", TEXT);

  private final String contentType;
  private final String extension;
  private final String bodyExpression;

  IngestFormat(String contentType, String extension, String bodyExpression) {
    this.contentType = contentType;
    this.extension = extension;
    this.bodyExpression = bodyExpression;
  }

  /** The format of {@code source}; unknown sources are refused with the known ones named. */
  public static IngestFormat of(String source) {
    IngestFormat format = OF_SOURCE.get(source);
    if (format == null) {
      throw new IllegalArgumentException(
          "source '"
              + source
              + "' has no ingest format; known: "
              + new java.util.TreeSet<>(OF_SOURCE.keySet()));
    }
    return format;
  }

  /** The request content type the method accepts (others get 415). */
  public String contentType() {
    return contentType;
  }

  /** The extension of the stored raw file. */
  public String extension() {
    return extension;
  }

  /** The mapping template expression that produces the stored body. */
  public String bodyExpression() {
    return bodyExpression;
  }

  /**
   * The contract format name ({@code json_lines}, {@code json_array}, {@code csv}, {@code text}).
   */
  public String contractFormat() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether requests are checked against a JSON schema model. */
  public boolean validated() {
    return this == JSON_LINES || this == JSON_ARRAY;
  }
}
