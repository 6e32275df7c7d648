package org.zonelake.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example analyst queries of the repository's {@code queries/} directory (the ones {@code
 * ./lake sql} runs on the sample lake), saved as Athena named queries in the lake's workgroup. They
 * run against the lake's Glue database (unqualified table names). The build copies the files into
 * this module's class path, so a query is written once, for both engines.
 */
public final class AnalystQueries {

  /**
   * One saved query.
   *
   * @param name the named query's name: the file's name without {@code .sql}, words joined by
   *     hyphens
   * @param description what it answers: the file's first line, a {@code --} comment
   * @param sql the statement: the file's text, without a closing {@code ;}
   */
  public record Query(String name, String description, String sql) {}

  /** The files of {@code queries/}, in the order they are saved. */
  static final List<String> FILES =
      List.of(
          "counts_by_source.sql",
          "orders_by_category_country.sql",
          "average_price_per_category.sql",
          "orders_on_one_day.sql");

  private static final String RESOURCE_DIR = "zonelake/queries/";

  private static final Pattern PROCESSED_TABLE = Pattern.compile("\\bprocessed_(\\w+)");

  private AnalystQueries() {}

  /**
   * The saved queries of a lake of {@code sources}: every example query whose processed tables are
   * all tables of the lake (the orders queries only where there is an {@code orders} source).
   */
  public static List<Query> all(List<String> sources) {
    List<Query> queries = new ArrayList<>();
    for (String file : FILES) {
      Query query = read(file);
      if (processedSources(query.sql()).stream().allMatch(sources::contains)) {
        queries.add(query);
      }
    }
    return List.copyOf(queries);
  }

  /** The sources whose processed tables {@code sql} reads. */
  static List<String> processedSources(String sql) {
    List<String> sources = new ArrayList<>();
    Matcher table = PROCESSED_TABLE.matcher(sql);
    while (table.find()) {
      sources.add(table.group(1));
    }
    return sources;
  }

  private static Query read(String file) {
    String resource = RESOURCE_DIR + file;
    String text;
    try (InputStream in = AnalystQueries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Analyst query "
                + file
                + " is not on the class path ("
                + resource
                + "). Fix: build the deploy module with Maven, which copies queries/*.sql there.");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read analyst query " + resource, e);
    }
    String firstLine = text.lines().findFirst().orElse("");
    if (!firstLine.startsWith("-- ")) {
      throw new IllegalStateException(
          "Analyst query "
              + file
              + " starts with '"
              + firstLine
              + "'. Fix: begin it with a '-- ' comment that says what it answers (the saved"
              + " query's description).");
    }
    String name = file.substring(0, file.length() - ".sql".length()).replace('_', '-');
    String sql = text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
    return new Query(name.toLowerCase(Locale.ROOT), firstLine.substring(3).strip(), sql);
  }
}
