package org.zonelake.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the deployment reads of a dataset contract ({@code <source>.json}): the source, its raw
 * format, the schema (Spark DDL, with its parsed columns), the required columns (the event-time
 * column always among them, as the jobs treat it), the measures, the ruleset files and the event
 * time. The jobs load the same file with their own, complete validation; this reader checks what it
 * uses, with messages that name the file and the field.
 *
 * @param source the source name (lower-case letters, digits and '_')
 * @param description free text for people
 * @param format the raw format
 * @param schema the schema as written
 * @param columns the schema's columns, in order
 * @param required the columns every record must carry, in schema order
 * @param measures the columns the curated tables aggregate
 * @param rulesets the ruleset files the contract lists (empty: the default names, if present)
 * @param eventTime the event-time column and its formats
 * @param origin the file the contract was read from
 */
public record ContractDescriptor(
    String source,
    String description,
    SourceFormat format,
    String schema,
    List<SparkDdl.Field> columns,
    List<String> required,
    List<String> measures,
    List<String> rulesets,
    EventTime eventTime,
    String origin) {

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks nothing is null and copies the lists. */
  public ContractDescriptor {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(origin, "origin");
    columns = List.copyOf(columns);
    required = List.copyOf(required);
    measures = List.copyOf(measures);
    rulesets = List.copyOf(rulesets);
  }

  /** The column named {@code name}, if the schema declares it. */
  public Optional<SparkDdl.Field> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Whether every record must carry the column. */
  public boolean isRequired(String column) {
    return required.contains(column);
  }

  /**
   * Reads a contract.
   *
   * @param origin where the text came from, named in every error
   * @param text the file's content
   * @throws ModelException naming the file, the field and the fix
   */
  public static ContractDescriptor parse(String origin, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ModelException(
          "Contract "
              + origin
              + " cannot be read: "
              + e.getOriginalMessage()
              + ". Fix: make it a JSON object as described in the README section 'Dataset"
              + " contracts'.");
    }
    if (root == null || !root.isObject()) {
      throw ModelException.contract(
          origin, "(root)", "is not a JSON object", "write the contract as a JSON object {...}");
    }
    String source = text(origin, root, "source");
    if (!SOURCE_NAME.matcher(source).matches()) {
      throw ModelException.contract(
          origin,
          "source",
          "is '" + source + "', not a valid source name",
          "use lower-case letters, digits and '_', starting with a letter (it names"
              + " directories and tables)");
    }
    String formatName = text(origin, root.path("format"), "format.type", "type");
    SourceFormat format =
        SourceFormat.ofContractName(formatName)
            .orElseThrow(
                () ->
                    ModelException.contract(
                        origin,
                        "format.type",
                        "is '" + formatName + "', not a supported format",
                        "use one of json_lines, json_array, csv, text"));
    String schema = text(origin, root, "schema");
    List<SparkDdl.Field> columns;
    try {
      columns = SparkDdl.parseSchema(schema);
    } catch (IllegalArgumentException e) {
      throw ModelException.contract(
          origin,
          "schema",
          "is not valid Spark DDL (" + e.getMessage() + ")",
          "write it as 'name TYPE, name TYPE, ...', e.g. 'order_id STRING, price"
              + " DECIMAL(10,2)'");
    }
    List<String> names = columns.stream().map(SparkDdl.Field::name).toList();
    String eventColumn = text(origin, root.path("event_time"), "event_time.column", "column");
    requireDeclared(origin, "event_time.column", List.of(eventColumn), names);
    EventTime eventTime =
        new EventTime(eventColumn, strings(origin, root.path("event_time"), "event_time.formats"));
    List<String> listed = strings(origin, root, "required");
    requireDeclared(origin, "required", listed, names);
    // The event time is required whether listed or not, as the jobs check it.
    List<String> required = new ArrayList<>();
    for (String column : names) {
      if (listed.contains(column) || column.equals(eventColumn)) {
        required.add(column);
      }
    }
    List<String> measures = strings(origin, root, "measures");
    requireDeclared(origin, "measures", measures, names);
    return new ContractDescriptor(
        source,
        root.path("description").asText(""),
        format,
        schema,
        columns,
        required,
        measures,
        strings(origin, root, "rulesets"),
        eventTime,
        origin);
  }

  private static String text(String origin, JsonNode node, String field) {
    return text(origin, node, field, field);
  }

  private static String text(String origin, JsonNode parent, String field, String key) {
    JsonNode node = parent.path(key);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw ModelException.contract(
          origin, field, "is missing or not a text", "give it as a JSON string");
    }
    return node.asText();
  }

  private static List<String> strings(String origin, JsonNode parent, String field) {
    String key = field.substring(field.lastIndexOf('.') + 1);
    JsonNode node = parent.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ModelException.contract(origin, field, "is not a list", "give a list of names");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw ModelException.contract(
            origin, field, "holds " + item + ", not a text", "give a list of names");
      }
      values.add(item.asText());
    }
    return values;
  }

  private static void requireDeclared(
      String origin, String field, List<String> columns, List<String> declared) {
    for (String column : columns) {
      if (!declared.contains(column)) {
        throw ModelException.contract(
            origin,
            field,
            "names '" + column + "', which the schema does not declare",
            "use one of " + declared);
      }
    }
  }
}
