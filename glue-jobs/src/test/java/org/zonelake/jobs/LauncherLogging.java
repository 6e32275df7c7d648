package org.zonelake.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Runs work in this JVM under the logging configuration of the local runner ({@code ./lake}: the
 * module's {@code src/local/log4j2-local.properties}) and keeps what that logging prints, so a test
 * can assert what a person running {@code ./lake} would see of Spark's and the libraries' logs. The
 * tests' own configuration is back afterwards.
 */
public final class LauncherLogging {

  private LauncherLogging() {}

  /** What the work returned, and what the runner's logging printed meanwhile. */
  public record Logged<T>(T result, String log) {}

  /** Runs {@code work} under the runner's logging. */
  public static <T> Logged<T> capture(Callable<T> work) throws Exception {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    URI tests = context.getConfigLocation();
    // The runner's configuration as it is, its console appender told to write to the standard
    // error stream of the moment (the tests' appender holds on to the stream it started with).
    Path runner = Files.createTempFile("log4j2-local", ".properties");
    Files.writeString(
        runner,
        Files.readString(Path.of("src", "local", "log4j2-local.properties"))
            + "\nappender.stderr.follow = true\n");
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      context.setConfigLocation(runner.toUri());
      T result = work.call();
      return new Logged<>(result, log.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
      context.setConfigLocation(tests);
      Files.delete(runner);
    }
  }
}
