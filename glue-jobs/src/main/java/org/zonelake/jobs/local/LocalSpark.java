package org.zonelake.jobs.local;

import org.apache.spark.sql.SparkSession;
import org.zonelake.core.spark.LocalSessions;

/** The embedded Spark session of the local runner: local mode with Delta, no UI, small shuffles. */
public final class LocalSpark {

  /**
   * Raw input (of {@code run}) or a lake (of the other commands) up to this size is small: the
   * session shuffles into one partition (the sources run at once, so more tasks per query only add
   * their overhead), interprets expressions instead of generating and compiling code for each plan,
   * and plans each query once instead of re-planning it after every stage (adaptive execution), all
   * of which cost more than they save on a few thousand records. The {@code lake} launcher states
   * the same limit: below it, the command's JVM runs with the quick compiler only.
   */
  public static final long SMALL_INPUT_BYTES = 64L << 20;

  private LocalSpark() {}

  /**
   * Builds (or returns) the local session.
   *
   * @param master the Spark master, e.g. {@code local[*]}
   * @param warehouse a scratch directory for Spark's warehouse
   */
  public static SparkSession session(String master, String warehouse) {
    return session(master, warehouse, false);
  }

  /**
   * Builds (or returns) the local session, for a small input when {@code small} (see {@link
   * #SMALL_INPUT_BYTES}).
   *
   * @param master the Spark master, e.g. {@code local[*]}
   * @param warehouse a scratch directory for Spark's warehouse
   * @param small whether the input is small: one shuffle partition, expressions interpreted (not
   *     compiled), adaptive query execution off
   */
  public static SparkSession session(String master, String warehouse, boolean small) {
    return LocalSessions.start(
        LocalSessions.builder("zonelake-local", master, warehouse)
            .config("spark.sql.shuffle.partitions", small ? "1" : "4")
            .config("spark.default.parallelism", "4")
            .config("spark.sql.codegen.wholeStage", Boolean.toString(!small))
            .config("spark.sql.codegen.factoryMode", small ? "NO_CODEGEN" : "FALLBACK")
            .config("spark.sql.adaptive.enabled", Boolean.toString(!small)));
  }
}
