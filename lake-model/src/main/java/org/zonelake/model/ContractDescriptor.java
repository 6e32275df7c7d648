package org.zonelake.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    DeclarationReader reader =
        DeclarationReader.parse(DeclarationKind.CONTRACT, origin, text, ModelException::new);
    JsonNode root = reader.root();
    String source =
        reader.requiredName(root, "source", "source", "source name", "directories and tables");
    SourceFormat format = SourceFormat.declaredIn(reader, root.path("format"));
    String schema = reader.requiredText(root, "schema", "schema");
    List<SparkDdl.Field> columns;
    try {
      columns = SparkDdl.parseSchema(schema);
    } catch (IllegalArgumentException e) {
      throw reader.invalid(
          "schema",
          "is not valid Spark DDL (" + e.getMessage() + ")",
          SparkDdl.CONTRACT_SCHEMA_FIX);
    }
    for (SparkDdl.Field column : columns) {
      ColumnNames.requireColumn(reader, "schema", column.name());
      requireFieldNames(reader, column.name(), column.type());
    }
    List<String> names = columns.stream().map(SparkDdl.Field::name).toList();
    JsonNode eventNode = root.path("event_time");
    String eventColumn = reader.requiredText(eventNode, "column", "event_time.column");
    requireDeclared(reader, "event_time.column", List.of(eventColumn), names);
    EventTime eventTime =
        new EventTime(eventColumn, texts(reader, eventNode, "formats", "event_time.formats"));
    List<String> listed = texts(reader, root, "required", "required");
    requireDeclared(reader, "required", listed, names);
    // The event time is required whether listed or not, as the jobs check it.
    List<String> required = new ArrayList<>();
    for (String column : names) {
      if (listed.contains(column) || column.equals(eventColumn)) {
        required.add(column);
      }
    }
    List<String> measures = texts(reader, root, "measures", "measures");
    requireDeclared(reader, "measures", measures, names);
    return new ContractDescriptor(
        source,
        root.path("description").asText(""),
        format,
        schema,
        columns,
        required,
        measures,
        texts(reader, root, "rulesets", "rulesets"),
        eventTime,
        origin);
  }

  /** Refuses, at any depth of a column, a struct field's name the lake's tables cannot hold. */
  private static void requireFieldNames(
      DeclarationReader reader, String path, SparkDdl.DataType type) {
    if (type instanceof SparkDdl.StructOf struct) {
      for (SparkDdl.Field field : struct.fields()) {
        ColumnNames.requireField(reader, "schema", path, field.name());
        requireFieldNames(reader, path + "." + field.name(), field.type());
      }
    } else if (type instanceof SparkDdl.ArrayOf array) {
      requireFieldNames(reader, path + ".element", array.element());
    } else if (type instanceof SparkDdl.MapOf map) {
      requireFieldNames(reader, path + ".value", map.value());
    }
  }

  private static List<String> texts(
      DeclarationReader reader, JsonNode parent, String key, String field) {
    return reader.texts(parent, key, field, "give a list of names");
  }

  private static void requireDeclared(
      DeclarationReader reader, String field, List<String> columns, List<String> declared) {
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      if (columns.subList(0, i).contains(column)) {
        throw reader.invalid(field, "lists '" + column + "' twice", "list each column once");
      }
      if (!declared.contains(column)) {
        throw reader.invalid(
            field,
            "names '" + column + "', which the schema does not declare",
            "use one of " + declared);
      }
    }
  }
}
