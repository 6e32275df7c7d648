package org.zonelake.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.write.CuratedTableWriter;

/**
 * What each step of a processed-to-curated run works with.
 *
 * @param spark the session
 * @param config the run's configuration
 * @param progress where progress lines go
 * @param recorder records each source and joined dataset in the run ledger
 */
record CuratedStep(
    SparkSession spark,
    ProcessedToCuratedConfig config,
    PrintStream progress,
    RunRecorder recorder) {

  /** Writes the curated tables, each commit naming this run. */
  CuratedTableWriter writer() {
    return new CuratedTableWriter(spark, config.jobName(), config.runId());
  }

  /** Names the Spark jobs of a step ({@code curated: <step>}), as Spark's UI and listeners show. */
  static void describe(SparkSession spark, String step) {
    spark.sparkContext().setJobDescription("curated: " + step);
  }
}
