package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import org.zonelake.deploy.DeltaTable.Column;

/**
 * The documented schemas of the processed tables: the contract's typed columns, the envelope
 * columns every processed table carries, and the partition columns. The Delta log stays
 * authoritative (Athena reads it); sources without a schema here are catalogued by location only.
 */
public final class TableSchemas {

  /** The envelope columns every processed table carries. */
  public static final List<Column> ENVELOPE =
      List.of(
          new Column("_source", "string", "Source name"),
          new Column("_event_time", "timestamp", "Event time from the contract's time column"),
          new Column("_record_hash", "string", "Hash of the canonical record (dedupe key)"),
          new Column("_quality_score", "double", "Share of row-level rules the record passed"),
          new Column("_ingested_at", "timestamp", "When the raw file arrived"),
          new Column("_processed_at", "timestamp", "When the record was processed"),
          new Column("_raw_file", "string", "The raw file the record came from"),
          new Column("_run_id", "string", "The job run that wrote the record"));

  /** The partition columns, derived from the event time. */
  public static final List<Column> PARTITIONS =
      List.of(
          new Column("year", "int", "Event year"),
          new Column("month", "int", "Event month"),
          new Column("day", "int", "Event day of month"));

  /** The typed columns of the orders contract. */
  public static final List<Column> ORDERS =
      List.of(
          new Column("order_id", "string", "Order id"),
          new Column("customer_id", "string", "Customer id"),
          new Column("product", "string", "Product name"),
          new Column("category", "string", "Product category"),
          new Column("price", "decimal(10,2)", "Unit price"),
          new Column("quantity", "int", "Units ordered"),
          new Column("country", "string", "Country of the order"),
          new Column("order_ts", "timestamp", "When the order was placed"));

  private TableSchemas() {}

  /**
   * The documented columns of {@code processed_<source>}: typed, envelope and partition columns, or
   * an empty list for a source whose schema only the Delta log declares.
   */
  public static List<Column> processed(String source) {
    List<Column> typed = "orders".equals(source) ? ORDERS : List.of();
    if (typed.isEmpty()) {
      return List.of();
    }
    List<Column> all = new ArrayList<>(typed);
    all.addAll(ENVELOPE);
    all.addAll(PARTITIONS);
    return List.copyOf(all);
  }
}
