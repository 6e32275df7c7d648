package org.zonelake.core.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.DeclarationErrors;
import org.zonelake.core.contract.DeclaredSchema;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.join.JoinedDataset.JoinKey;
import org.zonelake.core.join.JoinedDataset.ProcessedSource;
import org.zonelake.core.join.JoinedDataset.ReferenceFormat;
import org.zonelake.core.join.JoinedDataset.ReferenceTable;
import org.zonelake.core.join.JoinedDataset.RightColumn;
import org.zonelake.core.join.JoinedDataset.RightSide;
import org.zonelake.model.ColumnNames;
import org.zonelake.model.CuratedTables;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.LakeColumns;

/**
 * Reads one joined-dataset declaration (JSON) into a validated {@link JoinedDataset}, checking it
 * against the dataset contracts: the sources exist, the keys and columns exist with matching types,
 * and no two columns of the result share a name. Every problem is reported with the file, the field
 * and the fix.
 */
public final class JoinedDatasetParser {

  /** The envelope columns of the left rows a joined dataset keeps, after the contract's columns. */
  public static final List<String> LEFT_ENVELOPE =
      List.of(
          LakeColumns.EVENT_TIME,
          LakeColumns.RECORD_HASH,
          LakeColumns.RAW_FILE,
          LakeColumns.RUN_ID);

  private static final Set<String> TOP_FIELDS =
      Set.of("name", "description", "left", "right", "keys", "join_type");
  private static final Set<String> LEFT_FIELDS = Set.of("source");
  private static final Set<String> RIGHT_FIELDS =
      Set.of("source", "reference", "columns", "prefix");
  private static final Set<String> REFERENCE_FIELDS =
      Set.of("path", "format", "schema", "delimiter");
  private static final Set<String> KEY_FIELDS = Set.of("left", "right");
  private static final Set<String> COLUMN_FIELDS = Set.of("column", "as");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

  private JoinedDatasetParser() {}

  /**
   * Parses and validates a declaration.
   *
   * @param origin the file the text came from: named in every error, and the base of a relative
   *     reference-table path ({@code classpath:<resource>} for one packaged with the jar)
   * @param text the file's content
   * @param contracts the contracts of the lake, by source
   * @return the validated dataset
   * @throws LakeException naming the file, the field and the fix when the declaration is invalid
   */
  public static JoinedDataset parse(
      String origin, String text, Map<String, DatasetContract> contracts) {
    return new Reader(
            DeclarationReader.parse(
                DeclarationKind.JOINED_DATASET, origin, text, DeclarationErrors.FAILURE),
            contracts)
        .dataset();
  }

  /**
   * Resolves a reference-table path written in a declaration: absolute paths and URIs as they are,
   * relative ones against the declaration's directory.
   *
   * @param origin the declaration's location
   * @param path the path as written
   * @return the location to read
   */
  static String resolve(String origin, String path) {
    if (path.startsWith("/") || SCHEME.matcher(path).matches()) {
      return path;
    }
    if (origin.startsWith(ReferenceTable.CLASSPATH)) {
      String resource = origin.substring(ReferenceTable.CLASSPATH.length());
      String resolved = URI.create("file:/" + resource).resolve(path).normalize().getPath();
      return ReferenceTable.CLASSPATH + resolved.substring(1);
    }
    return new Path(new Path(origin).getParent(), path).toString();
  }

  private record Reader(
      DeclarationReader reader,
      JsonNode root,
      String origin,
      Map<String, DatasetContract> contracts) {

    Reader(DeclarationReader reader, Map<String, DatasetContract> contracts) {
      this(reader, reader.root(), reader.origin(), contracts);
    }

    JoinedDataset dataset() {
      onlyFields(root, TOP_FIELDS, "");
      String name = CuratedTables.joinedDatasetName(reader);
      String description = root.path("description").asText("");
      String joinType = root.path("join_type").asText("left");
      if (!root.path("join_type").isMissingNode()
          && (!root.get("join_type").isTextual() || !joinType.equals("left"))) {
        throw invalid(
            "join_type",
            "is " + root.get("join_type") + ", not a supported join type",
            "use \"left\" (every left row is kept; _matched tells whether it found its right"
                + " row, so an inner join is the rows WHERE _matched)");
      }

      JsonNode left = object(root, "left", "add \"left\": {\"source\": \"<source>\"}");
      onlyFields(left, LEFT_FIELDS, "left.");
      DatasetContract leftContract = contract(requiredText(left, "source", "left.source"), "left");
      List<String> leftColumns = new ArrayList<>(leftContract.columnNames());
      leftColumns.addAll(LEFT_ENVELOPE);

      JsonNode right =
          object(
              root,
              "right",
              "add \"right\": {\"source\": \"<source>\", \"columns\": [...]} or \"right\":"
                  + " {\"reference\": {...}, \"columns\": [...]}");
      onlyFields(right, RIGHT_FIELDS, "right.");
      boolean hasSource = right.has("source");
      boolean hasReference = right.has("reference");
      if (hasSource == hasReference) {
        throw invalid(
            "right",
            hasSource
                ? "has both 'source' and 'reference'"
                : "has neither 'source' nor 'reference'",
            "give exactly one: \"source\" (another source's processed table) or \"reference\""
                + " (a CSV or JSON file)");
      }
      RightSide side;
      StructType rightSchema;
      if (hasSource) {
        DatasetContract rightContract =
            contract(requiredText(right, "source", "right.source"), "right");
        side = new ProcessedSource(rightContract.source());
        rightSchema = rightContract.schema();
      } else {
        ReferenceTable reference = reference(right.get("reference"));
        side = reference;
        rightSchema = reference.schema();
      }

      List<JoinKey> keys = keys(leftContract.schema(), rightSchema);
      List<RightColumn> columns = columns(right, rightSchema, leftColumns);
      return new JoinedDataset(
          name, description, leftContract.source(), leftColumns, side, keys, columns, origin);
    }

    private DatasetContract contract(String source, String side) {
      DatasetContract contract = contracts.get(source);
      if (contract == null) {
        throw invalid(
            side + ".source",
            "names '" + source + "', which has no dataset contract",
            "use one of " + new TreeSet<>(contracts.keySet()) + ", or add a contract for it");
      }
      return contract;
    }

    private ReferenceTable reference(JsonNode node) {
      if (!node.isObject()) {
        throw invalid(
            "right.reference",
            "is not an object",
            "give {\"path\": \"devices.csv\", \"format\": \"csv\", \"schema\": \"id STRING,"
                + " ...\"}");
      }
      onlyFields(node, REFERENCE_FIELDS, "right.reference.");
      String path = requiredText(node, "path", "right.reference.path");
      String location;
      try {
        location = resolve(origin, path);
      } catch (IllegalArgumentException e) {
        throw invalid(
            "right.reference.path",
            "is '" + path + "', not a valid path (" + e.getMessage() + ")",
            "give a path relative to this file, or an absolute path or URI");
      }
      if (location.startsWith(ReferenceTable.CLASSPATH + "../")) {
        throw invalid(
            "right.reference.path",
            "is '" + path + "', which leads outside the packaged resources",
            "keep the reference table within the directories packaged with the jar, or give an"
                + " absolute path");
      }
      String formatText =
          requiredText(node, "format", "right.reference.format").toLowerCase(Locale.ROOT);
      ReferenceFormat format;
      if (formatText.equals("csv")) {
        format = ReferenceFormat.CSV;
      } else if (formatText.equals("json")) {
        format = ReferenceFormat.JSON;
      } else {
        throw invalid(
            "right.reference.format",
            "is '" + formatText + "', not a supported format",
            "use \"csv\" (with a header row) or \"json\" (one object per line)");
      }
      String delimiter = node.path("delimiter").asText(",");
      if (delimiter.length() != 1) {
        throw invalid(
            "right.reference.delimiter",
            "is '" + delimiter + "', not a single character",
            "give one character");
      }
      if (format == ReferenceFormat.JSON && node.has("delimiter")) {
        throw invalid(
            "right.reference.delimiter",
            "is set for a JSON reference table",
            "remove it; only CSV has a delimiter");
      }
      String ddl = requiredText(node, "schema", "right.reference.schema");
      StructType schema =
          DeclaredSchema.parse(
              reader,
              ddl,
              "right.reference.schema",
              "write it as 'name TYPE, name TYPE, ...', e.g. 'device_id STRING, model STRING'");
      if (schema.isEmpty()) {
        throw invalid("right.reference.schema", "declares no column", "declare the file's columns");
      }
      ColumnNames.requireDistinct(
          reader, "right.reference.schema", "", List.of(schema.fieldNames()));
      return new ReferenceTable(location, format, delimiter, ddl, schema);
    }

    private List<JoinKey> keys(StructType leftSchema, StructType rightSchema) {
      JsonNode node = root.path("keys");
      if (!node.isArray() || node.isEmpty()) {
        throw invalid(
            "keys",
            "is missing or not a non-empty list",
            "list the join keys: [\"customer_id\"] when both sides name the column alike, or"
                + " [{\"left\": \"customer_id\", \"right\": \"id\"}]");
      }
      List<JoinKey> keys = new ArrayList<>();
      for (JsonNode item : node) {
        JoinKey key;
        if (item.isTextual()) {
          key = new JoinKey(item.asText(), item.asText());
        } else if (item.isObject()) {
          onlyFields(item, KEY_FIELDS, "keys.");
          key =
              new JoinKey(
                  requiredText(item, "left", "keys.left"),
                  requiredText(item, "right", "keys.right"));
        } else {
          throw invalid(
              "keys",
              "holds " + item + ", neither a column name nor {\"left\": ..., \"right\": ...}",
              "give each key as a column name or as {\"left\": \"a\", \"right\": \"b\"}");
        }
        DataType leftType = type(leftSchema, key.left(), "keys", "the left source");
        DataType rightType = type(rightSchema, key.right(), "keys", "the right side");
        if (leftType instanceof StructType
            || leftType instanceof ArrayType
            || leftType instanceof MapType) {
          throw invalid(
              "keys",
              "names '" + key.left() + "' of type " + leftType.sql() + ", which cannot be a key",
              "join on columns of a simple type (STRING, INT, DATE, ...)");
        }
        if (!leftType.equals(rightType)) {
          throw invalid(
              "keys",
              "compares '"
                  + key.left()
                  + "' ("
                  + leftType.sql()
                  + ") with '"
                  + key.right()
                  + "' ("
                  + rightType.sql()
                  + ")",
              "declare both columns with the same type");
        }
        if (keys.contains(key)) {
          throw invalid("keys", "lists '" + key.left() + "' twice", "list each key once");
        }
        keys.add(key);
      }
      return keys;
    }

    private List<RightColumn> columns(
        JsonNode right, StructType rightSchema, List<String> leftColumns) {
      String prefix = right.path("prefix").asText("");
      if (right.has("prefix") && !right.get("prefix").isTextual()) {
        throw invalid("right.prefix", "is not a string", "give a prefix such as \"device_\"");
      }
      JsonNode node = right.path("columns");
      if (!node.isArray() || node.isEmpty()) {
        throw invalid(
            "right.columns",
            "is missing or not a non-empty list",
            "list the right columns to take, e.g. [\"name\", {\"column\": \"country\", \"as\":"
                + " \"customer_country\"}]");
      }
      Map<String, String> taken = new LinkedHashMap<>();
      for (String column : leftColumns) {
        taken.put(column.toLowerCase(Locale.ROOT), "the left source's column '" + column + "'");
      }
      List<RightColumn> columns = new ArrayList<>();
      for (JsonNode item : node) {
        RightColumn column;
        if (item.isTextual()) {
          column = new RightColumn(item.asText(), prefix + item.asText());
        } else if (item.isObject()) {
          onlyFields(item, COLUMN_FIELDS, "right.columns.");
          column =
              new RightColumn(
                  requiredText(item, "column", "right.columns.column"),
                  item.has("as")
                      ? requiredText(item, "as", "right.columns.as")
                      : prefix + requiredText(item, "column", "right.columns.column"));
        } else {
          throw invalid(
              "right.columns",
              "holds " + item + ", neither a column name nor {\"column\": ..., \"as\": ...}",
              "give each column as a name or as {\"column\": \"name\", \"as\": \"new_name\"}");
        }
        DataType type = type(rightSchema, column.column(), "right.columns", "the right side");
        DeclaredSchema.requireWritable(reader, "right.columns", "takes", column.column(), type);
        String as = column.as();
        String lower = as.toLowerCase(Locale.ROOT);
        if (as.isBlank()
            || as.startsWith("_")
            || LakeColumns.PARTITION_COLUMNS.contains(lower)
            || !as.matches("[A-Za-z][A-Za-z0-9_]*")) {
          throw invalid(
              "right.columns",
              "names a result column '" + as + "', which is not allowed",
              "use letters, digits and '_', starting with a letter; names starting with '_'"
                  + " and year/month/day are the lake's");
        }
        String clash = taken.put(lower, "right column '" + column.column() + "'");
        if (clash != null) {
          throw invalid(
              "right.columns",
              "takes '"
                  + column.column()
                  + "' as '"
                  + as
                  + "', a name "
                  + clash
                  + " already has in the result",
              "rename it: {\"column\": \""
                  + column.column()
                  + "\", \"as\": \"<new name>\"}, or set \"prefix\" in \"right\"");
        }
        columns.add(column);
      }
      return columns;
    }

    private DataType type(StructType schema, String column, String field, String side) {
      return DeclaredSchema.columnType(reader, schema, column, field, side + " does not have");
    }

    private JsonNode object(JsonNode node, String name, String fix) {
      return reader.object(node, name, name, fix);
    }

    private void onlyFields(JsonNode node, Set<String> allowed, String prefix) {
      reader.onlyFields(node, allowed, prefix);
    }

    private String requiredText(JsonNode node, String name, String fieldPath) {
      return reader.requiredText(node, name, fieldPath);
    }

    private RuntimeException invalid(String field, String problem, String fix) {
      return reader.invalid(field, problem, fix);
    }
  }
}
