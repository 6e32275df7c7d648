package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The example analyst queries, saved as Athena named queries in the lake's workgroup. They run
 * against the lake's Glue database (unqualified table names): the record count of every source,
 * and, for a lake with the sample {@code orders} source, three queries over its orders.
 */
public final class AnalystQueries {

  /**
   * One saved query.
   *
   * @param name the named query's name
   * @param description what it answers
   * @param sql the statement
   */
  public record Query(String name, String description, String sql) {}

  private AnalystQueries() {}

  /** The saved queries, for the given sources. */
  public static List<Query> all(List<String> sources) {
    List<Query> queries = new ArrayList<>();
    queries.add(
        new Query(
            "records-by-source",
            "Processed record count of every source.",
            sources.stream()
                    .map(
                        s ->
                            "SELECT '" + s + "' AS source, count(*) AS records FROM processed_" + s)
                    .collect(Collectors.joining("\nUNION ALL\n"))
                + "\nORDER BY source"));
    if (!sources.contains("orders")) {
      return List.copyOf(queries);
    }
    queries.add(
        new Query(
            "orders-by-category-and-country",
            "Orders, units and revenue per category and country.",
            "SELECT category, country, count(*) AS orders, sum(quantity) AS units,\n"
                + "       sum(price * quantity) AS revenue\n"
                + "FROM processed_orders\n"
                + "GROUP BY category, country\n"
                + "ORDER BY revenue DESC"));
    queries.add(
        new Query(
            "average-price-per-category",
            "Average, minimum and maximum unit price per category.",
            "SELECT category, round(avg(price), 2) AS avg_price, min(price) AS min_price,\n"
                + "       max(price) AS max_price, count(*) AS orders\n"
                + "FROM processed_orders\n"
                + "GROUP BY category\n"
                + "ORDER BY category"));
    queries.add(
        new Query(
            "orders-of-one-day",
            "The orders of one day; the partition filter lets Athena read only that day's files.",
            "SELECT order_id, customer_id, product, category, price, quantity, country,"
                + " order_ts\n"
                + "FROM processed_orders\n"
                + "WHERE year = 2024 AND month = 1 AND day = 15\n"
                + "ORDER BY order_ts"));
    return List.copyOf(queries);
  }
}
