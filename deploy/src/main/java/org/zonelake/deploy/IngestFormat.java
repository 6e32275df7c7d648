package org.zonelake.deploy;

import org.zonelake.model.SourceFormat;

/**
 * How the ingest API accepts a source's records: the content type, whether a JSON schema is checked
 * before anything is stored, and how the body becomes a raw file in the source's raw format. There
 * is one per raw format a dataset contract may declare.
 */
public enum IngestFormat {
  /** One JSON object per request, stored re-serialized on a single line (a JSON lines file). */
  JSON_LINES(SourceFormat.JSON_LINES, "application/json", "json", "$input.json('$')"),
  /** A JSON array of objects per request, stored re-serialized as one JSON array file. */
  JSON_ARRAY(SourceFormat.JSON_ARRAY, "application/json", "json", "$input.json('$')"),
  /** CSV with its header line, stored verbatim. */
  CSV(SourceFormat.CSV, "text/csv", "csv", "$input.body"),
  /** Plain text log lines, stored verbatim. */
  TEXT(SourceFormat.TEXT, "text/plain", "log", "$input.body");

  private final SourceFormat format;
  private final String contentType;
  private final String extension;
  private final String bodyExpression;

  IngestFormat(SourceFormat format, String contentType, String extension, String bodyExpression) {
    this.format = format;
    this.contentType = contentType;
    this.extension = extension;
    this.bodyExpression = bodyExpression;
  }

  /** How the API accepts records of a contract's raw format. */
  public static IngestFormat of(SourceFormat format) {
    for (IngestFormat ingest : values()) {
      if (ingest.format == format) {
        return ingest;
      }
    }
    throw new IllegalArgumentException("No ingest format for " + format);
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

  /** The contract's raw format this accepts. */
  public SourceFormat sourceFormat() {
    return format;
  }

  /** Whether requests are checked against a JSON schema model (records are JSON objects). */
  public boolean validated() {
    return format.json();
  }
}
