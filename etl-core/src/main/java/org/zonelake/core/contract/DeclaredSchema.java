package org.zonelake.core.contract;

import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.zonelake.model.ColumnNames;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.ErrorMessage;

/**
 * The schemas declarations write in Spark DDL (a contract's {@code schema}, a reference table's),
 * read with Spark itself, and their columns: a schema that does not parse, a column it does not
 * have, or a column the lake's tables cannot hold is reported as a mistake of the field that names
 * it.
 */
public final class DeclaredSchema {

  private DeclaredSchema() {}

  /**
   * Parses a Spark DDL schema.
   *
   * @param field the field holding it, for the message
   * @param fix how to write it, for the message
   */
  public static StructType parse(DeclarationReader reader, String ddl, String field, String fix) {
    try {
      return StructType.fromDDL(ddl);
    } catch (Exception e) {
      // Spark's ParseException is checked in Java's eyes but thrown undeclared by Scala.
      throw reader.invalid(
          field, "is not valid Spark DDL (" + ErrorMessage.detail(e).strip() + ")", fix);
    }
  }

  /**
   * The type of {@code column} in {@code schema}.
   *
   * @param field the field naming the column, for the message
   * @param lacking what the message says of a missing column, e.g. {@code the schema does not
   *     declare}
   */
  public static DataType columnType(
      DeclarationReader reader, StructType schema, String column, String field, String lacking) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f.dataType();
      }
    }
    throw reader.invalid(
        field,
        "names column '" + column + "', which " + lacking,
        "use one of " + List.of(schema.fieldNames()));
  }

  /**
   * Refuses a column whose type, at any depth, the lake cannot write or Athena cannot read
   * (TIMESTAMP_NTZ, VARCHAR and CHAR, intervals, VOID, an empty struct, a map whose keys are not
   * STRING), or whose struct fields have names the tables cannot hold.
   *
   * @param field the declaration field, for the message
   * @param verb what the field does with the column, for the message: {@code declares}, {@code
   *     takes}
   */
  public static void requireWritable(
      DeclarationReader reader, String field, String verb, String column, DataType type) {
    new Writable(reader, field, verb, column).check(column, type);
  }

  /** The walk of one column's type, with what its messages name. */
  private record Writable(DeclarationReader reader, String field, String verb, String column) {

    /**
     * @param path where the type is, from the column: {@code location.lat}, {@code tags.element}
     */
    void check(String path, DataType type) {
      if (type instanceof StructType struct) {
        if (struct.isEmpty()) {
          throw refused(
              path, type, "which holds no field (Parquet cannot write it)", "declare its fields");
        }
        ColumnNames.requireDistinct(reader, field, path, List.of(struct.fieldNames()));
        for (StructField f : struct.fields()) {
          ColumnNames.requireField(reader, field, path, f.name());
          check(path + "." + f.name(), f.dataType());
        }
      } else if (type instanceof ArrayType array) {
        check(path + ".element", array.elementType());
      } else if (type instanceof MapType map) {
        check(path + ".value", map.valueType());
        if (!map.keyType().equals(DataTypes.StringType)) {
          throw refused(
              path,
              type,
              "whose keys are not STRING (the keys of a JSON object are text)",
              "declare it MAP<STRING, " + map.valueType().sql() + ">");
        }
      } else if (type.equals(DataTypes.TimestampNTZType)) {
        throw refused(path, type, "which Athena cannot read in Delta", "declare it TIMESTAMP");
      } else if (type instanceof CharType || type instanceof VarcharType) {
        int length = type instanceof CharType c ? c.length() : ((VarcharType) type).length();
        throw refused(
            path,
            type,
            "whose length the lake would not check (Spark reads it as STRING)",
            "declare it STRING"
                + (path.equals(column)
                    ? "; to check its length, add a rule such as ColumnLength \""
                        + column
                        + "\" <= "
                        + length
                        + " to the source's ruleset"
                    : ""));
      } else if (type instanceof DayTimeIntervalType
          || type instanceof YearMonthIntervalType
          || type instanceof CalendarIntervalType) {
        throw refused(
            path,
            type,
            "which Delta tables cannot hold",
            "declare it as a number of a unit (e.g. BIGINT seconds) or as STRING");
      } else if (type instanceof NullType) {
        throw refused(path, type, "a type without values", "declare the type its values have");
      }
    }

    private RuntimeException refused(String path, DataType type, String why, String fix) {
      String where = path.equals(column) ? "" : " with " + path;
      return reader.invalid(
          field, verb + " column '" + column + "'" + where + " as " + type.sql() + ", " + why, fix);
    }
  }
}
