package org.zonelake.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.TableFormat;

/**
 * What each step of a processed-to-curated run works with.
 *
 * @param spark the session
 * @param config the run's configuration
 * @param progress where progress lines go
 * @param recorder records each source and joined dataset in the run ledger
 * @param inputs the input tables' versions, looked up once for the run
 */
record CuratedStep(
    SparkSession spark,
    ProcessedToCuratedConfig config,
    PrintStream progress,
    RunRecorder recorder,
    InputVersions inputs) {

  /** The steps of one run, which look up each input table's version once. */
  CuratedStep(
      SparkSession spark,
      ProcessedToCuratedConfig config,
      PrintStream progress,
      RunRecorder recorder) {
    this(spark, config, progress, recorder, new InputVersions(spark));
  }

  /** Writes the curated tables, each commit naming this run. */
  CuratedTableWriter writer() {
    return new CuratedTableWriter(spark, config.jobName(), config.runId());
  }

  /**
   * The path of a source's processed table, the curated job's input. Whether it exists comes from
   * the run's lookup of its version ({@link InputVersions}), which the run needs anyway.
   *
   * @throws org.zonelake.core.errors.LakeException when the table does not exist yet, or its log
   *     cannot be read
   */
  String processedTable(String source) {
    String table = config.zones().processedTable(source);
    long version;
    try {
      version = inputs.latest(table);
    } catch (Exception e) {
      // Delta throws checked exceptions undeclared.
      throw LakeErrors.unreadableTable(table, e);
    }
    if (version < 0 && TableFormat.PARQUET.exists(spark, table)) {
      throw LakeErrors.curatedNeedsDelta(source, table);
    }
    if (version < 0) {
      throw LakeErrors.missingPath(
          "Processed Delta table",
          table,
          "run raw-to-processed (with --format delta) for " + source + " first");
    }
    return table;
  }

  /** Names the Spark jobs of a step ({@code curated: <step>}), as Spark's UI and listeners show. */
  static void describe(SparkSession spark, String step) {
    spark.sparkContext().setJobDescription("curated: " + step);
  }
}
