package org.zonelake.jobs.local;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.zonelake.jobs.RawToProcessedPlan;

/**
 * Progress of a long run on a terminal: every {@code period} seconds, per source still reading, the
 * raw bytes and records read so far, the rate, and the time left at that rate. Counts come from
 * Spark's task metrics of the jobs each source's thread runs.
 */
final class Progress extends SparkListener implements AutoCloseable {

  private record Source(long bytes, long startNanos, AtomicLong read, AtomicLong records) {}

  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageSource = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final PrintStream out;
  private final SparkContext context;

  private Progress(SparkContext context, PrintStream out, long periodSeconds) {
    this.context = context;
    this.out = out;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "zonelake-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    context.addSparkListener(this);
  }

  /** Starts printing progress to {@code out} every {@code periodSeconds}. */
  static Progress start(SparkContext context, PrintStream out, long periodSeconds) {
    return new Progress(context, out, periodSeconds);
  }

  /** A source's batch of {@code bytes} raw bytes starts. */
  void started(String source, long bytes) {
    sources.put(source, new Source(bytes, System.nanoTime(), new AtomicLong(), new AtomicLong()));
  }

  /** A source is done: no more lines for it. */
  void finished(String source) {
    sources.remove(source);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    java.util.Properties properties = submitted.properties();
    String source =
        properties == null ? null : properties.getProperty(RawToProcessedPlan.SOURCE_PROPERTY);
    if (source != null) {
      stageSource.put(submitted.stageInfo().stageId(), source);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    String source = stageSource.get(end.stageId());
    Source s = source == null ? null : sources.get(source);
    if (s == null || end.taskMetrics() == null) {
      return;
    }
    s.read().addAndGet(end.taskMetrics().inputMetrics().bytesRead());
    s.records().addAndGet(end.taskMetrics().inputMetrics().recordsRead());
  }

  private void print() {
    sources.forEach(
        (name, s) -> {
          double seconds = (System.nanoTime() - s.startNanos()) / 1e9;
          long read = Math.min(s.read().get(), s.bytes());
          double rate = read / Math.max(seconds, 1e-3);
          String left =
              read == 0
                  ? ""
                  : String.format(Locale.ROOT, ", about %.0f s left", (s.bytes() - read) / rate);
          out.printf(
              Locale.ROOT,
              "%s: %.1f of %.1f MB read, %,d records, %.1f MB/s%s%n",
              name,
              read / 1e6,
              s.bytes() / 1e6,
              s.records().get(),
              rate / 1e6,
              left);
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    context.removeSparkListener(this);
  }
}
