package org.zonelake.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], Delta enabled, small shuffles, no UI.
 *
 * <p>Expressions are interpreted rather than compiled ({@code spark.sql.codegen.wholeStage=false},
 * {@code spark.sql.codegen.factoryMode=NO_CODEGEN}): the tests run a few rows through many
 * different plans, where generating and compiling Java for each plan took about a third of the
 * suite's CPU. Both modes compute the same results (Spark's own test suites run both); the jobs
 * themselves run with code generation.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      String warehouse;
      try {
        warehouse = Files.createTempDirectory("zonelake-warehouse").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session =
          SparkSession.builder()
              .appName("zonelake-tests")
              .master("local[2]")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.codegen.wholeStage", "false")
              .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
              .config("spark.default.parallelism", "2")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.hadoop.fs.file.impl", "org.zonelake.core.fs.NoForkLocalFileSystem")
              .config(
                  "spark.hadoop.fs.AbstractFileSystem.file.impl",
                  "org.zonelake.core.fs.NoForkLocalFileSystem$Fs")
              .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
              .config("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.warehouse.dir", warehouse)
              .getOrCreate();
    }
    return session;
  }
}
