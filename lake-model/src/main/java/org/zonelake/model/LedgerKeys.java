package org.zonelake.model;

/**
 * The run ledger's DynamoDB table as the jobs write it and the deploy creates it: its key
 * attributes, its one index and its time-to-live attribute. A change here changes both.
 */
public final class LedgerKeys {

  /** The table's partition key (string). */
  public static final String PARTITION_KEY = "pk";

  /** The table's sort key (string). */
  public static final String SORT_KEY = "sk";

  /** The global secondary index of runs by status, newest first. */
  public static final String STATUS_INDEX = "gsi1";

  /** The status index's partition key (string): the run's status. */
  public static final String STATUS_INDEX_PARTITION_KEY = "gsi1pk";

  /** The status index's sort key (string): start time, source and run id. */
  public static final String STATUS_INDEX_SORT_KEY = "gsi1sk";

  /** The time-to-live attribute (epoch seconds): a lease expires with it. */
  public static final String EXPIRES_AT = "expires_at";

  private LedgerKeys() {}
}
