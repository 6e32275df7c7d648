package org.zonelake.model;

import java.util.List;

/**
 * What the shipped contracts (quality-rules' {@code zonelake/contracts}) declare, as the tests that
 * read them through the deployment's reader and the catalog expect it. Shared with the tests of
 * deploy and glue-jobs through lake-model's test jar.
 */
public final class ExpectedShippedContracts {

  /** The sources, in source order. */
  public static final List<String> SOURCES =
      List.of("customers", "orders", "sensor_readings", "web_logs");

  /** The curated tables: the jobs' aggregates, then the declared joined datasets. */
  public static final List<String> CURATED_TABLES =
      List.of(
          "daily_summary",
          "hourly_metrics",
          "source_statistics",
          "join_statistics",
          "orders_with_customers",
          "sensor_readings_with_devices");

  /** The orders contract's columns, {@code "name glueType"}, in schema order. */
  public static final List<String> ORDERS_COLUMNS =
      List.of(
          "order_id string",
          "customer_id string",
          "product string",
          "category string",
          "price decimal(10,2)",
          "quantity int",
          "country string",
          "order_ts timestamp");

  /** The sensor readings contract's columns, {@code "name glueType"}, in schema order. */
  public static final List<String> SENSOR_READINGS_COLUMNS =
      List.of(
          "device_id string",
          "reading_ts timestamp",
          "temperature double",
          "humidity double",
          "battery int",
          "location struct<lat:double,lon:double>",
          "tags array<string>");

  private ExpectedShippedContracts() {}
}
