package org.zonelake.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The raw formats a dataset contract may declare ({@code "format": {"type": ...}}). */
public enum SourceFormat {
  /** One JSON object per line. */
  JSON_LINES,
  /** One JSON array of objects per file. */
  JSON_ARRAY,
  /** CSV with a header line. */
  CSV,
  /** Text lines matched by the contract's pattern. */
  TEXT;

  /**
   * The name a contract uses: {@code json_lines}, {@code json_array}, {@code csv}, {@code text}.
   */
  public String contractName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether records are JSON objects (so a JSON schema can describe them). */
  public boolean json() {
    return this == JSON_LINES || this == JSON_ARRAY;
  }

  /**
   * The names a contract may use, in this order, for messages: {@code json_lines, json_array, …}.
   */
  public static String contractNames() {
    return String.join(", ", Arrays.stream(values()).map(SourceFormat::contractName).toList());
  }

  /**
   * The format a contract's {@code format} object names in its {@code type}.
   *
   * @throws RuntimeException the reader's error, naming the formats there are, when the type is
   *     missing or names none of them
   */
  public static SourceFormat declaredIn(DeclarationReader reader, JsonNode format) {
    String type = reader.requiredText(format, "type", "format.type");
    return ofContractName(type)
        .orElseThrow(
            () ->
                reader.invalid(
                    "format.type",
                    "is '" + type + "', not a supported format",
                    "use one of " + contractNames()));
  }

  /** The format a contract names, if it is one of these. */
  public static Optional<SourceFormat> ofContractName(String name) {
    return Arrays.stream(values()).filter(f -> f.contractName().equals(name)).findFirst();
  }
}
