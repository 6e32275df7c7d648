package org.zonelake.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.spark.LocalSessions;

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
      // Under the module's build directory, which the build cleans (nothing is written to it).
      Path warehouse = Path.of("target", "spark-warehouse").toAbsolutePath();
      try {
        Files.createDirectories(warehouse);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session =
          LocalSessions.start(
              LocalSessions.builder("zonelake-tests", "local[2]", warehouse.toString())
                  .config("spark.sql.shuffle.partitions", "2")
                  .config("spark.default.parallelism", "2")
                  .config("spark.sql.codegen.wholeStage", "false")
                  .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                  .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
                  .config("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
                  .config("spark.driver.host", "127.0.0.1"));
    }
    return session;
  }

  /**
   * Runs {@code work} with {@code settings} set on the shared session (as a cluster's {@code
   * --conf} would set them), and unsets them afterwards, whatever the work set them to.
   */
  public static <T> T withSettings(Map<String, String> settings, Callable<T> work)
      throws Exception {
    settings.forEach(session().conf()::set);
    try {
      return work.call();
    } finally {
      settings.keySet().forEach(session().conf()::unset);
    }
  }
}
