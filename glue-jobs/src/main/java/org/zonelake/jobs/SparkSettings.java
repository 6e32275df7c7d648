package org.zonelake.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The SQL settings the jobs rely on, applied to whatever session they run in (Glue's,
 * spark-submit's or the local runner's).
 */
final class SparkSettings {

  private SparkSettings() {}

  static void apply(SparkSession spark) {
    // Partition columns and canonical hashes are computed in UTC, whatever the cluster's zone.
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // A value one parser accepts and another rejects must not fail the batch: it is quarantined.
    spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    // A JSON object with a repeated key keeps the last value instead of failing the batch.
    spark.conf().set("spark.sql.mapKeyDedupPolicy", "LAST_WIN");
  }
}
