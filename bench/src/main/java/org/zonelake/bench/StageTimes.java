package org.zonelake.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Records every completed Spark stage with the job it ran for, so the benchmark can say where the
 * time of a run goes. The source being processed is read from the job's local property {@link
 * #SOURCE}.
 */
final class StageTimes extends SparkListener {

  /** Local property naming the source a job works for. */
  static final String SOURCE = org.zonelake.jobs.RawToProcessedPlan.SOURCE_PROPERTY;

  private final Map<Integer, String[]> jobOfStage = new ConcurrentHashMap<>();
  private final List<EngineResult.StageTime> stages = new ArrayList<>();

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    Properties p = job.properties();
    String description = p == null ? null : p.getProperty("spark.job.description");
    String callSite = p == null ? null : p.getProperty("callSite.short");
    String source = p == null ? null : p.getProperty(SOURCE);
    // A streaming batch's jobs are described by the query's name, id, run id and batch id;
    // Delta appends what the job does. Keep what the job does.
    String label =
        description != null
            ? oneLine(description)
                .replaceAll("raw_to_processed_\\S+ id = \\S+ runId = \\S+ batch = \\d+:?", "")
                .trim()
            : callSite != null ? callSite : "?";
    if (label.isEmpty() || label.equals("Delta:")) {
      label = "(batch)";
    }
    String[] info = {label, source == null ? "-" : source};
    for (int i = 0; i < job.stageIds().size(); i++) {
      jobOfStage.put((Integer) job.stageIds().apply(i), info);
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo stage = completed.stageInfo();
    if (stage.submissionTime().isEmpty() || stage.completionTime().isEmpty()) {
      return;
    }
    long millis = (Long) stage.completionTime().get() - (Long) stage.submissionTime().get();
    double taskSeconds =
        stage.taskMetrics() == null ? 0 : stage.taskMetrics().executorRunTime() / 1000.0;
    String[] job = jobOfStage.getOrDefault(stage.stageId(), new String[] {"?", "-"});
    stages.add(
        new EngineResult.StageTime(
            job[0], label(stage), job[1], millis / 1000.0, taskSeconds, stage.numTasks()));
  }

  /** Every stage recorded so far, in completion order. */
  synchronized List<EngineResult.StageTime> all() {
    return List.copyOf(stages);
  }

  /** The stages summed per (job, stage name, source), longest first. */
  synchronized List<EngineResult.StageTime> summed() {
    Map<String, EngineResult.StageTime> sums = new LinkedHashMap<>();
    for (EngineResult.StageTime s : stages) {
      String key = s.job() + "\u0000" + s.stage() + "\u0000" + s.source();
      sums.merge(
          key,
          s,
          (a, b) ->
              new EngineResult.StageTime(
                  a.job(),
                  a.stage(),
                  a.source(),
                  a.seconds() + b.seconds(),
                  a.taskSeconds() + b.taskSeconds(),
                  a.tasks() + b.tasks()));
    }
    List<EngineResult.StageTime> list = new ArrayList<>(sums.values());
    list.sort(Comparator.comparingDouble(EngineResult.StageTime::seconds).reversed());
    return list;
  }

  /**
   * What a stage works for: the first frame of our code in its call stack and, for Delta commands,
   * the command. A streaming batch's stages all carry the query's start as their name.
   */
  static String label(StageInfo stage) {
    String ours = null;
    String delta = null;
    for (String frame : stage.details().split("\n")) {
      String f = frame.trim();
      if (ours == null && f.startsWith("org.zonelake.") && !f.startsWith("org.zonelake.bench.")) {
        ours = shortFrame(f);
      }
      if (delta == null
          && f.startsWith("org.apache.spark.sql.delta.commands.")
          && !f.contains("$")) {
        delta = shortFrame(f);
      }
    }
    String label = ours == null ? oneLine(stage.name()) : ours;
    return delta == null ? label : label + " / " + delta;
  }

  /** {@code org.x.Class.method(File.java:12)} as {@code Class.method:12}. */
  private static String shortFrame(String frame) {
    String method = frame.contains("(") ? frame.substring(0, frame.indexOf('(')) : frame;
    String[] parts = method.split("\\.");
    String name =
        parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
    String line = frame.replaceAll(".*:(\\d+)\\)$", "$1");
    return line.equals(frame) ? name : name + ":" + line;
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }
}
