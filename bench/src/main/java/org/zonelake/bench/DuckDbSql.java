package org.zonelake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;

/**
 * The DuckDB statements that do the work of raw to processed for one contract: read the raw files
 * with the contract's explicit schema (every value as text first), check required values, types and
 * the event time exactly as the lake does, hash the typed record (128 bits: two seeded 64-bit
 * hashes), and add the partition columns. The result, one row per raw record, is what {@link
 * DuckDbEngine} splits, de-duplicates and writes.
 */
final class DuckDbSql {

  /** A character no raw line of the benchmark holds: reads a file line by line, unsplit. */
  private static final String NO_DELIMITER = "\u0001";

  private DuckDbSql() {}

  /** Rows with {@code _raw_record, _raw_file, _malformed, v_<column>..., _unknown}. */
  static String parse(DatasetContract contract, String sourceDir) {
    String files = literal(sourceDir + "/**");
    RawFormat format = contract.format();
    List<String> columns = contract.columnNames();
    if (format instanceof RawFormat.JsonLines) {
      String lines =
          "SELECT line AS _raw_record, filename AS _raw_file FROM read_csv("
              + files
              + ", columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, delim = "
              + literal(NO_DELIMITER)
              + ", quote = '', escape = '', filename = true)";
      return jsonObjects(
          contract,
          // CASE, not AND: json_type fails on invalid JSON, and AND does not short-circuit.
          "SELECT _raw_record, _raw_file, CASE WHEN json_valid(_raw_record) THEN CASE WHEN"
              + " json_type(_raw_record) = 'OBJECT' THEN _raw_record::JSON END END AS _j,"
              + " 'line is not a valid JSON object' AS _why FROM ("
              + lines
              + ")");
    }
    if (format instanceof RawFormat.JsonArray) {
      String arrays =
          "SELECT filename AS _raw_file, content, CASE WHEN json_valid(content) THEN CASE WHEN"
              + " json_type(content) = 'ARRAY' THEN from_json(content, '[\"JSON\"]') END END AS"
              + " _elements FROM read_text("
              + files
              + ")";
      String elements =
          "SELECT _raw_file, content, _elements IS NULL AS _bad_file, unnest(CASE WHEN _elements IS"
              + " NULL THEN [NULL::JSON] ELSE _elements END) AS _e FROM ("
              + arrays
              + ")";
      return jsonObjects(
          contract,
          "SELECT coalesce(_e::VARCHAR, content) AS _raw_record, _raw_file, CASE WHEN NOT"
              + " _bad_file AND json_type(_e) = 'OBJECT' THEN _e END AS _j, CASE WHEN _bad_file"
              + " THEN 'file is not a valid JSON array' ELSE 'array element is not a valid JSON"
              + " object' END AS _why FROM ("
              + elements
              + ")");
    }
    if (format instanceof RawFormat.Csv csv) {
      String columnTypes =
          columns.stream()
              .map(c -> literal(c) + ": 'VARCHAR'")
              .collect(Collectors.joining(", ", "{", "}"));
      List<String> select = new ArrayList<>();
      List<String> quoted = new ArrayList<>();
      for (String c : columns) {
        select.add(ident(c) + " AS " + ident("v_" + c));
        quoted.add(
            "CASE WHEN regexp_matches("
                + ident(c)
                + ", '[\"\\n,]') THEN '\"' || replace("
                + ident(c)
                + ", '\"', '\"\"') || '\"' ELSE coalesce("
                + ident(c)
                + ", '') END");
      }
      // Records Spark's parser cannot split into the header's fields are rejected by DuckDB's
      // reader too; DuckDbEngine counts them (reject table) as malformed.
      return "SELECT concat_ws("
          + literal(csv.delimiter())
          + ", "
          + String.join(", ", quoted)
          + ") AS _raw_record, filename AS _raw_file, NULL::VARCHAR AS _malformed, "
          + String.join(", ", select)
          + ", NULL::MAP(VARCHAR, VARCHAR) AS _unknown FROM read_csv("
          + files
          + ", columns = "
          + columnTypes
          + ", header = true, auto_detect = false, delim = "
          + literal(csv.delimiter())
          + ", quote = "
          + literal(csv.quote())
          + ", escape = "
          + literal(csv.escape())
          + ", filename = true, store_rejects = true, rejects_table = "
          + literal(rejectsTable(contract))
          + ", rejects_scan = "
          + literal(rejectsTable(contract) + "_scan")
          + ")";
    }
    if (format instanceof RawFormat.Text text) {
      String anchored = "^(?:" + text.pattern() + ")$";
      String groups =
          text.groupNames().stream().map(DuckDbSql::literal).collect(Collectors.joining(", "));
      List<String> select = new ArrayList<>();
      for (String c : columns) {
        select.add("CASE WHEN _m THEN nullif(_g." + ident(c) + ", '') END AS " + ident("v_" + c));
      }
      return "SELECT _raw_record, _raw_file, CASE WHEN NOT _m THEN 'line does not match the"
          + " source''s pattern' END AS _malformed, "
          + String.join(", ", select)
          + ", NULL::MAP(VARCHAR, VARCHAR) AS _unknown FROM (SELECT line AS _raw_record,"
          + " filename AS _raw_file, regexp_full_match(line, "
          + literal(text.pattern())
          + ") AS _m, regexp_extract(line, "
          + literal(anchored)
          + ", ["
          + groups
          + "]) AS _g FROM read_csv("
          + files
          + ", columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, delim = "
          + literal(NO_DELIMITER)
          + ", quote = '', escape = '', filename = true))";
    }
    throw new IllegalArgumentException("Unsupported raw format " + format);
  }

  /** The reject table of a CSV source. */
  static String rejectsTable(DatasetContract contract) {
    return "rejects_" + contract.source();
  }

  private static String jsonObjects(DatasetContract contract, String objects) {
    List<String> columns = contract.columnNames();
    String paths =
        columns.stream()
            .map(c -> literal("$.\"" + c + "\""))
            .collect(Collectors.joining(", ", "[", "]"));
    String known = columns.stream().map(DuckDbSql::literal).collect(Collectors.joining(", "));
    List<String> select = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      select.add("_vals[" + (i + 1) + "] AS " + ident("v_" + columns.get(i)));
    }
    String unknownKeys = "list_filter(json_keys(_j), k -> NOT list_contains([" + known + "], k))";
    return "SELECT _raw_record, _raw_file, CASE WHEN _j IS NULL THEN _why END AS _malformed, "
        + String.join(", ", select)
        + ", CASE WHEN len(_unknown_keys) > 0 THEN map_from_entries(list_transform(_unknown_keys,"
        + " k -> {'k': k, 'v': json_extract_string(_j, '$.\"' || k || '\"')})) END AS _unknown"
        + " FROM (SELECT *, json_extract_string(_j, "
        + paths
        + ") AS _vals, CASE WHEN _j IS NOT NULL THEN "
        + unknownKeys
        + " END AS _unknown_keys FROM ("
        + objects
        + "))";
  }

  /**
   * The 128-bit hash of a typed record, as 32 hex digits: DuckDB's 64-bit {@code hash} of the
   * record under two seeds, as the lake hashes its canonical record with two seeded 64-bit hashes.
   */
  private static String recordHash(String record) {
    return "lpad(to_hex(hash("
        + record
        + ")), 16, '0') || lpad(to_hex(hash("
        + record
        + ", 'zonelake')), 16, '0')";
  }

  /**
   * Checks, types, hashes and partitions parsed rows: the contract's typed columns, {@code
   * _event_time, _record_hash, _quality_score, _reason_codes, _valid, year, month, day}, plus
   * {@code _raw_record, _raw_file, _unknown}.
   */
  static String classify(DatasetContract contract, String parsed) {
    List<String> typed = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    for (String required : contract.required()) {
      String v = ident("v_" + required);
      String present = "(" + v + " IS NOT NULL AND trim(" + v + ") <> '')";
      checks.add(present);
      reasons.add("CASE WHEN NOT " + present + " THEN 'missing_required' END");
    }
    for (StructField field : contract.schema().fields()) {
      String name = field.name();
      String v = ident("v_" + name);
      String value = field.dataType() instanceof StringType ? v : "nullif(trim(" + v + "), '')";
      boolean isEventTime = name.equals(contract.eventTime().column());
      String converted =
          isEventTime ? eventTime(value, contract.eventTime().formats()) : convert(value, field);
      typed.add(converted + " AS " + ident(name));
      String valid = "(" + value + " IS NULL OR " + ident(name) + " IS NOT NULL)";
      checks.add(valid);
      reasons.add(
          "CASE WHEN NOT "
              + valid
              + " THEN '"
              + (isEventTime ? "bad_event_time" : "type_cast")
              + "' END");
    }
    String passed =
        checks.stream()
            .map(c -> "CASE WHEN " + c + " THEN 1 ELSE 0 END")
            .collect(Collectors.joining(" + "));
    String columns =
        contract.columnNames().stream().map(DuckDbSql::ident).collect(Collectors.joining(", "));
    String struct =
        contract.columnNames().stream()
            .map(c -> ident(c) + " := " + ident(c))
            .collect(Collectors.joining(", "));
    String eventTime = ident(contract.eventTime().column());
    return "SELECT "
        + columns
        + ", "
        + eventTime
        + " AS _event_time, "
        + recordHash(
            "struct_pack("
                + struct
                + ", _unknown_fields := CASE WHEN _unknown IS NOT NULL THEN"
                + " list_sort(map_entries(_unknown)) END)")
        + " AS _record_hash, CASE WHEN _malformed IS NOT"
        + " NULL THEN 0.0 ELSE ("
        + passed
        + ") / "
        + checks.size()
        + ".0 END AS _quality_score, _reason_codes, len(_reason_codes) = 0 AS _valid, year("
        + eventTime
        + ") AS year, month("
        + eventTime
        + ") AS month, day("
        + eventTime
        + ") AS day, _raw_record, _raw_file, _unknown FROM (SELECT *, CASE WHEN _malformed IS NOT"
        + " NULL THEN ['malformed'] ELSE list_filter(["
        + String.join(", ", reasons)
        + "], r -> r IS NOT NULL) END AS _reason_codes FROM (SELECT *, "
        + String.join(", ", typed)
        + " FROM ("
        + parsed
        + ")))";
  }

  private static String convert(String value, StructField field) {
    DataType type = field.dataType();
    if (type instanceof StringType) {
      return value;
    }
    if (type instanceof IntegerType
        || type instanceof LongType
        || type instanceof ShortType
        || type instanceof ByteType) {
      // A cast rounds "1.5" to 2; an integral column accepts whole numbers only.
      return "CASE WHEN regexp_full_match("
          + value
          + ", '[+-]?[0-9]+') THEN TRY_CAST("
          + value
          + " AS "
          + duckType(type)
          + ") END";
    }
    if (type instanceof StructType || type instanceof ArrayType) {
      return "TRY_CAST(TRY_CAST(" + value + " AS JSON) AS " + duckType(type) + ")";
    }
    if (type instanceof DecimalType d) {
      // As ours: a cast rounds "1.005" to 1.01 in a DECIMAL(10,2); the value read with every
      // decimal place its integer digits leave must equal what the column keeps.
      String cast = "TRY_CAST(" + value + " AS " + duckType(type) + ")";
      String exact =
          "TRY_CAST(" + value + " AS DECIMAL(38, " + (38 - (d.precision() - d.scale())) + "))";
      return "CASE WHEN "
          + exact
          + " IS NULL OR "
          + exact
          + " = "
          + cast
          + " THEN "
          + cast
          + " END";
    }
    return "TRY_CAST(" + value + " AS " + duckType(type) + ")";
  }

  /** Spark datetime patterns of the shipped contracts as strptime formats. */
  private static String eventTime(String value, List<String> formats) {
    // strptime's %z takes +01:00 but not Z.
    String text = "regexp_replace(" + value + ", 'Z$', '+00:00')";
    if (formats.isEmpty()) {
      return "TRY_CAST(" + value + " AS TIMESTAMPTZ)";
    }
    List<String> zoned = new ArrayList<>();
    List<String> local = new ArrayList<>();
    for (String format : formats) {
      for (String f : strptime(format)) {
        if (f.contains("%z")) {
          zoned.add(literal(f));
        } else {
          // A text without an offset is UTC, as in the lake's session; strptime alone would read
          // it in whatever zone a thread has.
          local.add(literal(f + "%z"));
        }
      }
    }
    List<String> attempts = new ArrayList<>();
    if (!zoned.isEmpty()) {
      attempts.add("try_strptime(" + text + ", [" + String.join(", ", zoned) + "])");
    }
    if (!local.isEmpty()) {
      attempts.add("try_strptime(" + value + " || '+00:00', [" + String.join(", ", local) + "])");
    }
    return "coalesce(" + String.join(", ", attempts) + ")::TIMESTAMPTZ";
  }

  static List<String> strptime(String spark) {
    if (spark.contains("[.SSS]")) {
      List<String> both = new ArrayList<>();
      both.addAll(strptime(spark.replace("[.SSS]", "")));
      both.addAll(strptime(spark.replace("[.SSS]", ".SSS")));
      return both;
    }
    String f =
        spark
            .replace("'T'", "T")
            .replace("yyyy", "%Y")
            .replace("MMM", "%b")
            .replace("MM", "%m")
            .replace("dd", "%d")
            .replace("HH", "%H")
            .replace("mm", "%M")
            .replace("ss", "%S")
            .replace(".SSS", ".%g")
            .replace("XXX", "%z")
            .replace(" Z", " %z");
    if (f.replaceAll("%[A-Za-z]", "").replace("T", "").matches(".*[A-Za-z].*")) {
      throw new IllegalArgumentException(
          "The DuckDB reference cannot translate the datetime pattern '" + spark + "'.");
    }
    return List.of(f);
  }

  /** The DuckDB names of the Spark types without parameters (see {@link #duckType}). */
  private static final Map<Class<? extends DataType>, String> DUCK_TYPE_NAMES =
      Map.ofEntries(
          Map.entry(StringType.class, "VARCHAR"),
          Map.entry(IntegerType.class, "INTEGER"),
          Map.entry(LongType.class, "BIGINT"),
          Map.entry(ShortType.class, "SMALLINT"),
          Map.entry(ByteType.class, "TINYINT"),
          Map.entry(DoubleType.class, "DOUBLE"),
          Map.entry(FloatType.class, "FLOAT"),
          Map.entry(BooleanType.class, "BOOLEAN"),
          Map.entry(DateType.class, "DATE"),
          Map.entry(TimestampType.class, "TIMESTAMPTZ"));

  /** The DuckDB type of a Spark type. */
  static String duckType(DataType type) {
    for (Map.Entry<Class<? extends DataType>, String> named : DUCK_TYPE_NAMES.entrySet()) {
      if (named.getKey().isInstance(type)) {
        return named.getValue();
      }
    }
    if (type instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + ", " + d.scale() + ")";
    }
    if (type instanceof ArrayType a) {
      return duckType(a.elementType()) + "[]";
    }
    if (type instanceof StructType s) {
      List<String> fields = new ArrayList<>();
      for (StructField f : s.fields()) {
        fields.add(ident(f.name()) + " " + duckType(f.dataType()));
      }
      return "STRUCT(" + String.join(", ", fields) + ")";
    }
    throw new IllegalArgumentException("No DuckDB type for " + type.sql());
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A quoted identifier. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
