package org.zonelake.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local runner's start-up: {@code ./lake run} on the sample data into an empty lake, then the
 * same command again with nothing new, each in its own process as a user runs it (after the build,
 * and after the first run that writes the class-data archive), timed from the command's start to
 * its exit.
 */
final class StartupBench {

  private StartupBench() {}

  /**
   * Runs both commands {@code runs} times and returns the table of their median wall times.
   *
   * @param home the repository (where the {@code lake} script is)
   * @param scratch where the lakes go
   */
  static String measure(Path home, Path scratch, int runs, PrintStream out)
      throws IOException, InterruptedException {
    prepare(home, scratch, out);
    List<Double> first = new ArrayList<>();
    List<Double> rerun = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path lake = scratch.resolve("startup-" + run);
      deleteTree(lake);
      first.add(lakeRun(home, lake, scratch.resolve("startup-" + run + "-first.log")));
      rerun.add(lakeRun(home, lake, scratch.resolve("startup-" + run + "-rerun.log")));
      out.printf(
          Locale.ROOT,
          "  start-up run %d: first run %.1f s, rerun %.1f s%n",
          run,
          first.get(run - 1),
          rerun.get(run - 1));
    }
    return String.format(
        Locale.ROOT,
        "%nStart-up of the local runner (`./lake run` on the sample data, 47 raw lines, after the"
            + " build and the first run that writes the class-data archive; medians of %d runs,"
            + " each in a fresh process):%n%n"
            + "| command | wall s | runs |%n|---|---:|---:|%n"
            + "| first run (empty lake: raw→processed, then processed→curated) | %.1f | %d |%n"
            + "| rerun with nothing new | %.1f | %d |%n",
        runs,
        median(first),
        runs,
        median(rerun),
        runs);
  }

  /**
   * Untimed, so every timed run is a run "after the build": builds the job jar when its sources
   * changed ({@code ./lake help}), then writes the class-data archive with one {@code ./lake run}
   * into a new lake, as the first run after a build does. An archive already there is replaced: one
   * written by a run on a lake that had its tables (a rerun with nothing new, say) holds fewer of
   * the classes a first run loads, and would make the figures depend on what ran before.
   */
  private static void prepare(Path home, Path scratch, PrintStream out)
      throws IOException, InterruptedException {
    lake(home, scratch.resolve("startup-build.log"), "help");
    Path archive = home.resolve("glue-jobs").resolve("target").resolve("lake-classes.jsa");
    Files.deleteIfExists(archive);
    Files.deleteIfExists(archive.resolveSibling(archive.getFileName() + ".partial"));
    Path lake = scratch.resolve("startup-archive");
    deleteTree(lake);
    lake(home, scratch.resolve("startup-archive.log"), "run", "--lake", lake.toString());
    deleteTree(lake);
    out.println("  start-up: the class-data archive was written first, by a run not timed");
  }

  private static double lakeRun(Path home, Path lake, Path log)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    lake(home, log, "run", "--lake", lake.toString());
    return (System.nanoTime() - start) / 1e9;
  }

  /** Runs {@code ./lake ARGS} with its output in {@code log}; fails when it fails. */
  private static void lake(Path home, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("lake").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int status = process.waitFor();
    if (status != 0) {
      throw new IllegalStateException(
          "./lake " + args[0] + " exited with " + status + "; its output is in " + log);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
