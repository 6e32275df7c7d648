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
 * same command again with nothing new, each in its own process as a user runs it (after the build),
 * timed from the command's start to its exit.
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
            + " build; medians of %d runs, each in a fresh process):%n%n"
            + "| command | wall s | runs |%n|---|---:|---:|%n"
            + "| first run (empty lake: raw→processed, then processed→curated) | %.1f | %d |%n"
            + "| rerun with nothing new | %.1f | %d |%n",
        runs,
        median(first),
        runs,
        median(rerun),
        runs);
  }

  private static double lakeRun(Path home, Path lake, Path log)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(home.resolve("lake").toString(), "run", "--lake", lake.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    int status = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (status != 0) {
      throw new IllegalStateException(
          "./lake run exited with " + status + "; its output is in " + log);
    }
    return seconds;
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
