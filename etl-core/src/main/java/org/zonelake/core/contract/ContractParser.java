package org.zonelake.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;

/**
 * Reads one contract file (JSON) into a validated {@link DatasetContract}. Every problem is
 * reported with the file, the field and the fix; nothing is guessed.
 */
public final class ContractParser {

  /** Column names the lake adds itself and a contract may therefore not declare. */
  public static final Set<String> RESERVED_COLUMNS = Set.of("year", "month", "day");

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> TOP_FIELDS =
      Set.of(
          "source",
          "description",
          "format",
          "schema",
          "event_time",
          "required",
          "dedupe_key",
          "measures",
          "rulesets");
  private static final Pattern RULESET_FILE =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\.(warn|quarantine|fail)\\.dqdl");
  private static final Set<String> FORMAT_TYPES = Set.of("json_lines", "json_array", "csv", "text");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContractParser() {}

  /**
   * Parses and validates a contract.
   *
   * @param origin the file the text came from, named in every error
   * @param text the file's content
   * @return the validated contract
   * @throws LakeException naming the file, the field and the fix when the contract is invalid
   */
  public static DatasetContract parse(String origin, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw LakeErrors.unreadableContract(origin, e);
    }
    if (root == null || !root.isObject()) {
      throw LakeErrors.invalidContract(
          origin, "(root)", "is not a JSON object", "write the contract as a JSON object {...}");
    }
    return new ContractParser.Reader(origin, root).contract();
  }

  private record Reader(String origin, JsonNode root) {

    DatasetContract contract() {
      for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!TOP_FIELDS.contains(name)) {
          throw LakeErrors.invalidContract(
              origin,
              name,
              "is not a contract field",
              "use only " + new java.util.TreeSet<>(TOP_FIELDS));
        }
      }
      String source = requiredText(root, "source");
      if (!SOURCE_NAME.matcher(source).matches()) {
        throw LakeErrors.invalidContract(
            origin,
            "source",
            "is '" + source + "', not a valid source name",
            "use lower-case letters, digits and '_', starting with a letter (it names"
                + " directories and tables)");
      }
      String description = root.path("description").asText("");
      String ddl = requiredText(root, "schema");
      StructType schema = schema(ddl);
      RawFormat format = format(schema);
      EventTime eventTime = eventTime(schema);
      List<String> required = columnList("required", schema, false);
      if (!required.contains(eventTime.column())) {
        required = new ArrayList<>(required);
        required.add(eventTime.column());
      }
      List<String> dedupeKey = columnList("dedupe_key", schema, false);
      List<String> measures = columnList("measures", schema, true);
      List<String> rulesets = rulesets();
      return new DatasetContract(
          source,
          description,
          format,
          ddl,
          schema,
          eventTime,
          required,
          dedupeKey,
          measures,
          rulesets,
          origin);
    }

    private List<String> rulesets() {
      JsonNode node = root.path("rulesets");
      if (node.isMissingNode()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw LakeErrors.invalidContract(
            origin,
            "rulesets",
            "is not a list",
            "give a list of ruleset file names, e.g. [\"orders.fail.dqdl\"]");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode item : node) {
        String name = item.asText();
        if (!item.isTextual() || !RULESET_FILE.matcher(name).matches()) {
          throw LakeErrors.invalidContract(
              origin,
              "rulesets",
              "holds '" + item.asText() + "', not a ruleset file name <name>.<action>.dqdl",
              "name each ruleset file after the action of its rules: <name>.warn.dqdl,"
                  + " <name>.quarantine.dqdl or <name>.fail.dqdl, in the contract's directory");
        }
        if (names.contains(name)) {
          throw LakeErrors.invalidContract(
              origin, "rulesets", "lists '" + name + "' twice", "list each ruleset once");
        }
        names.add(name);
      }
      return names;
    }

    private StructType schema(String ddl) {
      StructType schema;
      try {
        schema = StructType.fromDDL(ddl);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java's eyes but thrown undeclared by Scala.
        String detail = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
        throw LakeErrors.invalidContract(
            origin,
            "schema",
            "is not valid Spark DDL (" + detail + ")",
            "write it as 'name TYPE, name TYPE, ...', e.g. 'order_id STRING, price"
                + " DECIMAL(10,2)'");
      }
      if (schema.isEmpty()) {
        throw LakeErrors.invalidContract(
            origin, "schema", "declares no column", "declare at least one column");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (StructField field : schema.fields()) {
        String name = field.name();
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          throw LakeErrors.invalidContract(
              origin, "schema", "declares column '" + name + "' twice", "declare it once");
        }
        if (name.startsWith("_") || RESERVED_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
          throw LakeErrors.invalidContract(
              origin,
              "schema",
              "declares column '" + name + "', a name the lake reserves",
              "rename it: names starting with '_' and year/month/day are added by the lake");
        }
        if (field.dataType().equals(DataTypes.TimestampNTZType)) {
          throw LakeErrors.invalidContract(
              origin,
              "schema",
              "declares column '" + name + "' as TIMESTAMP_NTZ, which Athena cannot read in Delta",
              "declare it TIMESTAMP");
        }
      }
      return schema;
    }

    private RawFormat format(StructType schema) {
      JsonNode node = root.get("format");
      if (node == null || !node.isObject()) {
        throw LakeErrors.invalidContract(
            origin,
            "format",
            "is missing or not an object",
            "add e.g. \"format\": {\"type\": \"json_lines\"}; types: " + FORMAT_TYPES);
      }
      String type = requiredText(node, "type", "format.type");
      return switch (type) {
        case "json_lines" -> new RawFormat.JsonLines();
        case "json_array" -> new RawFormat.JsonArray();
        case "csv" -> csv(node);
        case "text" -> text(node, schema);
        default ->
            throw LakeErrors.invalidContract(
                origin,
                "format.type",
                "is '" + type + "', not a supported format",
                "use one of " + FORMAT_TYPES);
      };
    }

    private RawFormat csv(JsonNode node) {
      String delimiter = singleChar(node, "delimiter", ",");
      String quote = singleChar(node, "quote", "\"");
      String escape = singleChar(node, "escape", "\"");
      boolean multiLine = node.path("multi_line").asBoolean(true);
      if (node.has("header") && !node.get("header").asBoolean()) {
        throw LakeErrors.invalidContract(
            origin,
            "format.header",
            "is false, but CSV sources need a header row",
            "add a header row to the files (its names are checked against the schema)");
      }
      return new RawFormat.Csv(delimiter, quote, escape, multiLine);
    }

    private String singleChar(JsonNode node, String name, String fallback) {
      String value = node.path(name).asText(fallback);
      if (value.length() != 1) {
        throw LakeErrors.invalidContract(
            origin,
            "format." + name,
            "is '" + value + "', not a single character",
            "give one character");
      }
      return value;
    }

    private RawFormat text(JsonNode node, StructType schema) {
      String pattern = requiredText(node, "pattern", "format.pattern");
      int groupCount;
      try {
        groupCount = Pattern.compile(pattern).matcher("").groupCount();
      } catch (PatternSyntaxException e) {
        throw LakeErrors.invalidContract(
            origin,
            "format.pattern",
            "is not a valid regular expression ("
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + ")",
            "fix the expression; it uses Java regex syntax");
      }
      JsonNode groupsNode = node.path("groups");
      if (!groupsNode.isArray()) {
        throw LakeErrors.invalidContract(
            origin,
            "format.groups",
            "is missing or not a list",
            "list the schema column each capturing group of the pattern fills, in order");
      }
      List<String> groups = new ArrayList<>();
      groupsNode.forEach(g -> groups.add(g.asText()));
      if (groups.size() != groupCount) {
        throw LakeErrors.invalidContract(
            origin,
            "format.groups",
            "names "
                + groups.size()
                + " columns but the pattern has "
                + groupCount
                + " capturing groups",
            "name one column per capturing group; make other groups non-capturing (?:...)");
      }
      List<String> columns = List.of(schema.fieldNames());
      for (String group : groups) {
        if (!columns.contains(group)) {
          throw LakeErrors.invalidContract(
              origin,
              "format.groups",
              "names '" + group + "', which the schema does not declare",
              "use one of " + columns);
        }
      }
      for (String column : columns) {
        if (!groups.contains(column)) {
          throw LakeErrors.invalidContract(
              origin,
              "format.groups",
              "does not fill schema column '" + column + "'",
              "add a capturing group for it to the pattern and its name to format.groups");
        }
      }
      return new RawFormat.Text(pattern, groups);
    }

    private EventTime eventTime(StructType schema) {
      JsonNode node = root.get("event_time");
      if (node == null || !node.isObject()) {
        throw LakeErrors.invalidContract(
            origin,
            "event_time",
            "is missing or not an object",
            "add e.g. \"event_time\": {\"column\": \"order_ts\", \"formats\":"
                + " [\"yyyy-MM-dd'T'HH:mm:ssXXX\"]}");
      }
      String column = requiredText(node, "column", "event_time.column");
      DataType type = columnType(schema, column, "event_time.column");
      if (!type.equals(DataTypes.TimestampType)) {
        throw LakeErrors.invalidContract(
            origin,
            "event_time.column",
            "names '" + column + "' of type " + type.sql() + ", not TIMESTAMP",
            "declare '" + column + " TIMESTAMP' in the schema");
      }
      List<String> formats = new ArrayList<>();
      JsonNode formatsNode = node.path("formats");
      if (!formatsNode.isMissingNode() && !formatsNode.isArray()) {
        throw LakeErrors.invalidContract(
            origin, "event_time.formats", "is not a list", "give a list of datetime patterns");
      }
      for (JsonNode formatNode : formatsNode) {
        String format = formatNode.asText();
        try {
          DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
          throw LakeErrors.invalidContract(
              origin,
              "event_time.formats",
              "holds '" + format + "', not a valid datetime pattern (" + e.getMessage() + ")",
              "use Spark datetime patterns such as yyyy-MM-dd'T'HH:mm:ssXXX");
        }
        formats.add(format);
      }
      return new EventTime(column, formats);
    }

    private List<String> columnList(String field, StructType schema, boolean numeric) {
      JsonNode node = root.path(field);
      if (node.isMissingNode()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw LakeErrors.invalidContract(
            origin, field, "is not a list", "give a list of column names, e.g. [\"id\"]");
      }
      List<String> columns = new ArrayList<>();
      for (JsonNode item : node) {
        String column = item.asText();
        DataType type = columnType(schema, column, field);
        if (numeric && !(type instanceof NumericType)) {
          throw LakeErrors.invalidContract(
              origin,
              field,
              "names '" + column + "' of type " + type.sql() + ", not a number",
              "list only numeric columns as measures");
        }
        columns.add(column);
      }
      return columns;
    }

    private DataType columnType(StructType schema, String column, String field) {
      for (StructField f : schema.fields()) {
        if (f.name().equals(column)) {
          return f.dataType();
        }
      }
      throw LakeErrors.invalidContract(
          origin,
          field,
          "names column '" + column + "', which the schema does not declare",
          "use one of " + List.of(schema.fieldNames()));
    }

    private String requiredText(JsonNode node, String name) {
      return requiredText(node, name, name);
    }

    private String requiredText(JsonNode node, String name, String fieldPath) {
      JsonNode value = node.get(name);
      if (value == null || !value.isTextual() || value.asText().isBlank()) {
        throw LakeErrors.invalidContract(
            origin, fieldPath, "is missing or not a non-empty string", "set it");
      }
      return value.asText();
    }
  }
}
