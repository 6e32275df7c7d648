package org.zonelake.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.write.DeltaTables;

/**
 * The latest version of each input table of a processed-to-curated run (a processed, quarantine or
 * batch statistics table), looked up in its Delta log once per run: a source's aggregation and the
 * joined datasets that read the same processed table share one lookup. The joined datasets read the
 * table at that version; the aggregation reads its latest rows, so rows committed after the lookup
 * are taken this run and their days again by the next (recomputing a day gives the same rows). The
 * run never writes these tables. Thread-safe: the sources and the joined datasets are refreshed
 * side by side.
 */
final class InputVersions {

  private final SparkSession spark;
  private final Map<String, Long> latest = new ConcurrentHashMap<>();

  InputVersions(SparkSession spark) {
    this.spark = spark;
  }

  /** The latest version of the Delta table at {@code path} as this run first saw it (-1: none). */
  long latest(String path) {
    return latest.computeIfAbsent(path, p -> DeltaTables.latestVersion(spark, p));
  }
}
