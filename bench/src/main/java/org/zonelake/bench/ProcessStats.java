package org.zonelake.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the running JVM process, from {@code /proc} (Linux). */
final class ProcessStats {

  private ProcessStats() {}

  /** Peak resident set size in KiB ({@code VmHWM}), or -1 where {@code /proc} is missing. */
  static long peakRssKb() {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU seconds this process has used so far, all threads (native ones included), or -1 where the
   * JVM does not tell.
   */
  static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1e9;
    }
    return -1;
  }

  /**
   * The wall and CPU time of one phase of a run.
   *
   * @param seconds wall time
   * @param cpuSeconds CPU time of the whole process (all threads) meanwhile
   */
  record Phase(double seconds, double cpuSeconds) {}

  /** A phase that starts now: {@link Stopwatch#stop} gives its wall and CPU time so far. */
  static Stopwatch start() {
    return new Stopwatch(System.nanoTime(), cpuSeconds());
  }

  /**
   * When a phase started.
   *
   * @param nanos {@link System#nanoTime} at the start
   * @param cpuSeconds {@link #cpuSeconds} at the start
   */
  record Stopwatch(long nanos, double cpuSeconds) {

    /** The phase's wall and CPU time until now. */
    Phase stop() {
      return new Phase((System.nanoTime() - nanos) / 1e9, ProcessStats.cpuSeconds() - cpuSeconds);
    }
  }

  /** Seconds since this JVM started. */
  static double uptimeSeconds() {
    return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
  }

  /** The 1-, 5- and 15-minute load averages, or "" where {@code /proc} is missing. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "";
    }
  }
}
