package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.zonelake.core.testing.TestSpark;
import scala.collection.JavaConverters;

/**
 * One {@code lake} command run in the test's JVM, with its exit status and what it printed.
 *
 * <p>The command's session is the test JVM's shared one ({@code getOrCreate}), which takes on the
 * runtime settings the local runner gives it (shuffle partitions, code generation, adaptive
 * execution); they are put back when the command ends, so the tests that follow run with the shared
 * session's own.
 *
 * @param status the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CliRun(int status, String out, String err) {

  /**
   * Runs {@code lake <args>} as {@link #of} does, and asserts it exits 0 (showing stderr if not).
   */
  static CliRun succeeded(String... args) {
    CliRun run = of(args);
    assertThat(run.status()).as(run.err()).isZero();
    return run;
  }

  /** Runs {@code lake <args>} from the module's directory (the repository is its parent). */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RuntimeConfig conf = TestSpark.session().conf();
    Map<String, String> before = settings(conf);
    int status;
    try {
      status =
          new LakeCli(
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  "..")
              .execute(args);
    } finally {
      Map<String, String> after = settings(conf);
      after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(conf::unset);
      before.forEach(
          (key, value) -> {
            if (!value.equals(after.get(key))) {
              conf.set(key, value);
            }
          });
    }
    return new CliRun(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The lines of {@code lake runs} for {@code source} in {@code lake} that name {@code job}. */
  static java.util.List<String> ledger(String lake, String source, String job) {
    return of("runs", "--lake", lake, "--source", source)
        .out()
        .lines()
        .filter(l -> l.contains(job))
        .toList();
  }

  private static Map<String, String> settings(RuntimeConfig conf) {
    return new HashMap<>(JavaConverters.mapAsJavaMap(conf.getAll()));
  }
}
