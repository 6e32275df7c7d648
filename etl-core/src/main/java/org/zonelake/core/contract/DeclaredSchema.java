package org.zonelake.core.contract;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.ErrorMessage;

/**
 * The schemas declarations write in Spark DDL (a contract's {@code schema}, a reference table's),
 * read with Spark itself, and their columns: a schema that does not parse, or a column it does not
 * have, is reported as a mistake of the field that names it.
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
}
