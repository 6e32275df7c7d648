package org.zonelake.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ColumnNames;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.EventTime;
import org.zonelake.model.SourceFormat;
import org.zonelake.model.SparkDdl;

/**
 * Reads one contract file (JSON) into a validated {@link DatasetContract}. Every problem is
 * reported with the file, the field and the fix; nothing is guessed.
 */
public final class ContractParser {

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

  /** The fields of {@code format} for each type. */
  private static final Map<SourceFormat, Set<String>> FORMAT_FIELDS =
      Map.of(
          SourceFormat.JSON_LINES,
          Set.of("type"),
          SourceFormat.JSON_ARRAY,
          Set.of("type"),
          SourceFormat.CSV,
          Set.of("type", "delimiter", "quote", "escape", "multi_line", "header"),
          SourceFormat.TEXT,
          Set.of("type", "pattern", "groups"));

  private static final Pattern RULESET_FILE =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\.(warn|quarantine|fail)\\.dqdl");

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
    return new Reader(
            DeclarationReader.parse(
                DeclarationKind.CONTRACT, origin, text, DeclarationErrors.FAILURE))
        .contract();
  }

  private record Reader(DeclarationReader reader, JsonNode root, String origin) {

    Reader(DeclarationReader reader) {
      this(reader, reader.root(), reader.origin());
    }

    DatasetContract contract() {
      if (!root.has("schema") && root.has("left") && root.has("right")) {
        throw reader.invalid(
            "(root)",
            "declares a joined dataset (left, right, keys), not a source",
            "move the file into the directory "
                + ContractDirectory.JOINS
                + "/ beside the contracts");
      }
      reader.onlyFields(root, TOP_FIELDS, "");
      String source =
          reader.requiredName(root, "source", "source", "source name", "directories and tables");
      String description = root.path("description").asText("");
      String ddl = reader.requiredText(root, "schema", "schema");
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
      List<String> names = new ArrayList<>();
      for (JsonNode item :
          reader.list(
              root,
              "rulesets",
              "rulesets",
              "give a list of ruleset file names, e.g. [\"orders.fail.dqdl\"]")) {
        String name = item.asText();
        if (!item.isTextual() || !RULESET_FILE.matcher(name).matches()) {
          throw reader.invalid(
              "rulesets",
              "holds '" + item.asText() + "', not a ruleset file name <name>.<action>.dqdl",
              "name each ruleset file after the action of its rules: <name>.warn.dqdl,"
                  + " <name>.quarantine.dqdl or <name>.fail.dqdl, in the contract's directory");
        }
        if (names.contains(name)) {
          throw reader.invalid("rulesets", "lists '" + name + "' twice", "list each ruleset once");
        }
        names.add(name);
      }
      return names;
    }

    private StructType schema(String ddl) {
      StructType schema = DeclaredSchema.parse(reader, ddl, "schema", SparkDdl.CONTRACT_SCHEMA_FIX);
      if (schema.isEmpty()) {
        throw reader.invalid("schema", "declares no column", "declare at least one column");
      }
      ColumnNames.requireDistinct(reader, "schema", "", List.of(schema.fieldNames()));
      for (StructField field : schema.fields()) {
        ColumnNames.requireColumn(reader, "schema", field.name());
        DeclaredSchema.requireWritable(
            reader, "schema", "declares", field.name(), field.dataType());
      }
      return schema;
    }

    private RawFormat format(StructType schema) {
      JsonNode node =
          reader.object(
              root,
              "format",
              "format",
              "add e.g. \"format\": {\"type\": \"json_lines\"}; types: "
                  + SourceFormat.contractNames());
      SourceFormat type = SourceFormat.declaredIn(reader, node);
      reader.onlyFields(node, FORMAT_FIELDS.get(type), "format.");
      return switch (type) {
        case JSON_LINES -> new RawFormat.JsonLines();
        case JSON_ARRAY -> new RawFormat.JsonArray();
        case CSV -> csv(node);
        case TEXT -> text(node, schema);
      };
    }

    /** The boolean {@code format.<name>}, or {@code fallback} when it is absent. */
    private boolean flag(JsonNode node, String name, boolean fallback) {
      JsonNode value = node.path(name);
      if (value.isMissingNode()) {
        return fallback;
      }
      if (!value.isBoolean()) {
        throw reader.invalid(
            "format." + name, "is " + value + ", not true or false", "write true or false");
      }
      return value.booleanValue();
    }

    private RawFormat csv(JsonNode node) {
      String delimiter = singleChar(node, "delimiter", ",");
      String quote = singleChar(node, "quote", "\"");
      String escape = singleChar(node, "escape", "\"");
      boolean multiLine = flag(node, "multi_line", true);
      if (!flag(node, "header", true)) {
        throw reader.invalid(
            "format.header",
            "is false, but CSV sources need a header row",
            "add a header row to the files (its names are checked against the schema)");
      }
      return new RawFormat.Csv(delimiter, quote, escape, multiLine);
    }

    private String singleChar(JsonNode node, String name, String fallback) {
      JsonNode given = node.path(name);
      String value = given.isTextual() ? given.asText() : given.isMissingNode() ? fallback : "";
      if (value.length() != 1) {
        throw reader.invalid(
            "format." + name,
            "is "
                + (given.isMissingNode() ? "'" + value + "'" : given.toString())
                + ", not a single character",
            "give one character as a string, e.g. \",\"");
      }
      return value;
    }

    private RawFormat text(JsonNode node, StructType schema) {
      String pattern = reader.requiredText(node, "pattern", "format.pattern");
      int groupCount;
      try {
        groupCount = Pattern.compile(pattern).matcher("").groupCount();
      } catch (PatternSyntaxException e) {
        throw reader.invalid(
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
        throw reader.invalid(
            "format.groups",
            "is missing or not a list",
            "list the schema column each capturing group of the pattern fills, in order");
      }
      List<String> groups = new ArrayList<>();
      groupsNode.forEach(g -> groups.add(g.asText()));
      if (groups.size() != groupCount) {
        throw reader.invalid(
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
          throw reader.invalid(
              "format.groups",
              "names '" + group + "', which the schema does not declare",
              "use one of " + columns);
        }
      }
      for (String column : columns) {
        if (!groups.contains(column)) {
          throw reader.invalid(
              "format.groups",
              "does not fill schema column '" + column + "'",
              "add a capturing group for it to the pattern and its name to format.groups");
        }
      }
      return new RawFormat.Text(pattern, groups);
    }

    private EventTime eventTime(StructType schema) {
      JsonNode node =
          reader.object(
              root,
              "event_time",
              "event_time",
              "add e.g. \"event_time\": {\"column\": \"order_ts\", \"formats\":"
                  + " [\"yyyy-MM-dd'T'HH:mm:ssXXX\"]}");
      reader.onlyFields(node, Set.of("column", "formats"), "event_time.");
      String column = reader.requiredText(node, "column", "event_time.column");
      DataType type = columnType(schema, column, "event_time.column");
      if (!type.equals(DataTypes.TimestampType)) {
        throw reader.invalid(
            "event_time.column",
            "names '" + column + "' of type " + type.sql() + ", not TIMESTAMP",
            "declare '" + column + " TIMESTAMP' in the schema");
      }
      List<String> formats = new ArrayList<>();
      for (JsonNode formatNode :
          reader.list(node, "formats", "event_time.formats", "give a list of datetime patterns")) {
        String format = formatNode.asText();
        try {
          DateTimeFormatter.ofPattern(format);
          // Spark's own check: it refuses what java.time takes but Spark 3 does not parse (the
          // week-based letters Y, w, W, u, e, c, and others).
          org.apache.spark.sql.catalyst.util.TimestampFormatter$.MODULE$
              .apply(format, java.time.ZoneOffset.UTC, true)
              .validatePatternString(false);
        } catch (IllegalArgumentException | org.apache.spark.SparkUpgradeException e) {
          // Spark's check says why in the exception it wraps.
          Throwable why = e.getCause() instanceof IllegalArgumentException cause ? cause : e;
          throw reader.invalid(
              "event_time.formats",
              "holds '" + format + "', not a valid datetime pattern (" + why.getMessage() + ")",
              "use Spark datetime patterns such as yyyy-MM-dd'T'HH:mm:ssXXX");
        }
        if (!namesItsDay(format)) {
          throw reader.invalid(
              "event_time.formats",
              "holds '"
                  + format
                  + "', which does not name a whole day (a year y, a month M and a day d, or a"
                  + " day of the year D), so its events would fall on a day it does not say",
              "add the date, e.g. yyyy-MM-dd HH:mm:ss");
        }
        if (halfDayHourWithoutMarker(format)) {
          throw reader.invalid(
              "event_time.formats",
              "holds '"
                  + format
                  + "', whose hour of the half day (h or K) has no am/pm marker (a), so 1 pm"
                  + " reads as 1 am and 12:30 as 00:30",
              "use HH for the hour of the day (00-23), or add the marker, e.g. yyyy-MM-dd hh:mm a");
        }
        formats.add(format);
      }
      return new EventTime(column, formats);
    }

    /** A datetime pattern without its quoted text: the letters that are pattern letters. */
    private static String patternLetters(String pattern) {
      return pattern.replaceAll("'[^']*'", "");
    }

    /**
     * Whether a datetime pattern names a whole day: a year and a month and day of month, or a day
     * of the year (letters in quotes aside).
     */
    private static boolean namesItsDay(String pattern) {
      String letters = patternLetters(pattern);
      boolean year = letters.indexOf('y') >= 0 || letters.indexOf('u') >= 0;
      boolean monthAndDay =
          (letters.indexOf('M') >= 0 || letters.indexOf('L') >= 0) && letters.indexOf('d') >= 0;
      return year && (monthAndDay || letters.indexOf('D') >= 0);
    }

    /**
     * Whether a datetime pattern has an hour of the half day ({@code h}, {@code K}) but no am/pm
     * marker ({@code a}), letters in quotes aside.
     */
    private static boolean halfDayHourWithoutMarker(String pattern) {
      String letters = patternLetters(pattern);
      return (letters.indexOf('h') >= 0 || letters.indexOf('K') >= 0) && letters.indexOf('a') < 0;
    }

    private List<String> columnList(String field, StructType schema, boolean numeric) {
      List<String> columns = new ArrayList<>();
      for (JsonNode item :
          reader.list(root, field, field, "give a list of column names, e.g. [\"id\"]")) {
        String column = item.asText();
        if (columns.contains(column)) {
          throw reader.invalid(field, "lists '" + column + "' twice", "list each column once");
        }
        DataType type = columnType(schema, column, field);
        if (numeric && !(type instanceof NumericType)) {
          throw reader.invalid(
              field,
              "names '" + column + "' of type " + type.sql() + ", not a number",
              "list only numeric columns as measures");
        }
        columns.add(column);
      }
      return columns;
    }

    private DataType columnType(StructType schema, String column, String field) {
      return DeclaredSchema.columnType(
          reader, schema, column, field, "the schema does not declare");
    }
  }
}
