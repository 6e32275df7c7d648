package org.zonelake.model;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a contract's schema may give its columns and their fields, so that Delta, Spark and
 * Athena all hold them. The jobs' contract parser applies every rule here; the deployment's
 * contract reader applies those on single names with the same messages, and finds names that differ
 * only in case as it parses the schema ({@link SparkDdl}).
 */
public final class ColumnNames {

  /** What a name cannot hold: what Delta refuses, and the dot of a nested field. */
  private static final Pattern UNWRITABLE = Pattern.compile("[ ,;{}()\\n\\t=.]");

  private ColumnNames() {}

  /**
   * Refuses a column name the lake's tables cannot hold, or one the lake adds itself (a leading
   * {@code _}, the partition columns).
   *
   * @param field the declaration field holding the schema, for the message
   */
  public static void requireColumn(DeclarationReader reader, String field, String name) {
    requireWritable(reader, field, "column '" + name + "'", name);
    if (name.startsWith("_") || LakeColumns.PARTITION_COLUMNS.contains(lowerCase(name))) {
      throw reader.invalid(
          field,
          "declares column '" + name + "', a name the lake reserves",
          "rename it: names starting with '_' and year/month/day are added by the lake");
    }
  }

  /**
   * Refuses the name of a struct's field that the lake's tables cannot hold.
   *
   * @param path the struct's path from its column, e.g. {@code location} or {@code items.element}
   */
  public static void requireField(
      DeclarationReader reader, String field, String path, String name) {
    requireWritable(reader, field, "field '" + name + "' in '" + path + "'", name);
  }

  /**
   * Refuses names declared twice, or that differ only in case.
   *
   * @param path the struct whose fields they are, or empty for the schema's columns
   */
  public static void requireDistinct(
      DeclarationReader reader, String field, String path, List<String> names) {
    String noun = path.isEmpty() ? "column" : "field";
    String in = path.isEmpty() ? "" : " in '" + path + "'";
    Map<String, String> seen = new HashMap<>();
    for (String name : names) {
      String earlier = seen.putIfAbsent(lowerCase(name), name);
      if (earlier == null) {
        continue;
      }
      throw earlier.equals(name)
          ? reader.invalid(
              field, "declares " + noun + " '" + name + "' twice" + in, "declare it once")
          : reader.invalid(
              field,
              "declares "
                  + noun
                  + "s '"
                  + earlier
                  + "' and '"
                  + name
                  + "'"
                  + in
                  + ", which differ only in case (Spark and Athena do not tell them apart)",
              "give them names that differ in more than case");
    }
  }

  private static void requireWritable(
      DeclarationReader reader, String field, String what, String name) {
    if (name.isEmpty()) {
      throw reader.invalid(field, "declares " + what + ", an empty name", "give it a name");
    }
    Matcher unwritable = UNWRITABLE.matcher(name);
    if (unwritable.find()) {
      throw reader.invalid(
          field,
          "declares "
              + what
              + ", whose name holds '"
              + unwritable.group().replace("\n", "\\n").replace("\t", "\\t")
              + "', which the lake's tables cannot hold (Delta refuses a space and ,;{}()= in"
              + " column names, and a dot names a field of a struct)",
          "name it with letters, digits, '_' or '-'; the raw field or header must carry the same"
              + " name");
    }
  }

  private static String lowerCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
