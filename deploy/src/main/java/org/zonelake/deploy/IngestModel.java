package org.zonelake.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zonelake.model.ContractDescriptor;
import org.zonelake.model.SourceFormat;
import org.zonelake.model.SparkDdl;
import org.zonelake.model.SparkDdl.DataType;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;

/**
 * The JSON schema (draft 4, the version API Gateway validates with) of a JSON source's request
 * body, generated from its dataset contract: every declared column with its declared type, the
 * required columns present, not null and, for text, not empty; a {@code BINARY} value as padded
 * base64 text ({@link SparkDdl#BASE64_TEXT}). Other columns may be null or missing; fields the
 * contract does not declare are allowed (the jobs keep them as {@code _unknown_fields}). A {@code
 * json_lines} source takes one record per request, a {@code json_array} source a non-empty array of
 * at most {@value #MAX_RECORDS_PER_REQUEST} records.
 */
public final class IngestModel {

  /** Most records one request may carry as a JSON array. */
  public static final int MAX_RECORDS_PER_REQUEST = 1000;

  private IngestModel() {}

  /** The model's name: {@code Ingest<Source>} in camel case, e.g. {@code IngestSensorReadings}. */
  public static String name(ContractDescriptor contract) {
    StringBuilder name = new StringBuilder("Ingest");
    for (String word : contract.source().split("_")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return name.toString();
  }

  /** What the model accepts, for its description. */
  public static String description(ContractDescriptor contract) {
    String record =
        contract.source()
            + " record as its dataset contract declares it (required: "
            + String.join(", ", contract.required())
            + ")";
    return contract.format() == SourceFormat.JSON_ARRAY
        ? "A JSON array of 1 to " + MAX_RECORDS_PER_REQUEST + " objects, each one " + record + "."
        : "One JSON object: one " + record + ".";
  }

  /**
   * The request body schema of a JSON source.
   *
   * @throws IllegalArgumentException for a source whose raw format is not JSON
   */
  public static JsonSchema schema(ContractDescriptor contract) {
    if (!contract.format().json()) {
      throw new IllegalArgumentException(
          "source '"
              + contract.source()
              + "' is "
              + contract.format().contractName()
              + ": only JSON sources have a request model");
    }
    JsonSchema record = record(contract, contract.format() == SourceFormat.JSON_LINES);
    if (contract.format() == SourceFormat.JSON_LINES) {
      return record;
    }
    return JsonSchema.builder()
        .schema(JsonSchemaVersion.DRAFT4)
        .title(name(contract))
        .type(JsonSchemaType.ARRAY)
        .minItems(1)
        .maxItems(MAX_RECORDS_PER_REQUEST)
        .items(record)
        .build();
  }

  private static JsonSchema record(ContractDescriptor contract, boolean topLevel) {
    Map<String, JsonSchema> properties = new LinkedHashMap<>();
    for (SparkDdl.Field column : contract.columns()) {
      properties.put(column.name(), value(column.type(), contract.isRequired(column.name()), true));
    }
    JsonSchema.Builder record =
        JsonSchema.builder()
            .type(JsonSchemaType.OBJECT)
            .properties(properties)
            .required(contract.required());
    if (topLevel) {
      record.schema(JsonSchemaVersion.DRAFT4).title(name(contract));
    }
    return record.build();
  }

  /**
   * The schema of one value. A required column must be present and neither null nor, for text, an
   * empty string (the jobs treat those as missing); anything else may also be null.
   */
  private static JsonSchema value(DataType type, boolean required, boolean nonEmpty) {
    JsonSchemaType json =
        switch (type.jsonKind()) {
          case STRING -> JsonSchemaType.STRING;
          case INTEGER -> JsonSchemaType.INTEGER;
          case NUMBER -> JsonSchemaType.NUMBER;
          case BOOLEAN -> JsonSchemaType.BOOLEAN;
          case ARRAY -> JsonSchemaType.ARRAY;
          case OBJECT -> JsonSchemaType.OBJECT;
        };
    JsonSchema.Builder schema = JsonSchema.builder();
    if (required) {
      schema.type(json);
      if (json == JsonSchemaType.STRING && nonEmpty) {
        schema.minLength(1);
      }
    } else {
      schema.type(List.of(json, JsonSchemaType.NULL));
    }
    if (type.equals(new SparkDdl.Primitive("binary"))) {
      schema.pattern(SparkDdl.BASE64_TEXT);
    }
    if (type instanceof SparkDdl.ArrayOf array) {
      schema.items(value(array.element(), false, false));
    } else if (type instanceof SparkDdl.MapOf map) {
      schema.additionalProperties(value(map.value(), false, false));
    } else if (type instanceof SparkDdl.StructOf struct) {
      Map<String, JsonSchema> fields = new LinkedHashMap<>();
      for (SparkDdl.Field field : struct.fields()) {
        fields.put(field.name(), value(field.type(), false, false));
      }
      schema.properties(fields);
    }
    return schema.build();
  }
}
