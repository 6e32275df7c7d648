package org.zonelake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one engine run measured, written by the engine's JVM and read by {@link BenchCli}.
 *
 * @param engine {@code spark} or {@code duckdb}
 * @param rawToProcessedSeconds wall time of raw to processed (parse, check, hash, de-duplicate,
 *     write processed and quarantine)
 * @param curatedSeconds wall time of processed to curated (daily and hourly aggregates, the joined
 *     datasets)
 * @param rawToProcessedCpuSeconds CPU time the process used during raw to processed: on a machine
 *     shared with other work it moves far less than the wall time
 * @param curatedCpuSeconds CPU time the process used during processed to curated
 * @param startupSeconds from the JVM's start to the engine being ready (Spark session, DuckDB
 *     connection)
 * @param peakRssKb the JVM process's peak resident set size ({@code VmHWM}), native memory included
 * @param sources counts per source
 * @param joins rows and unmatched rows per joined dataset (empty when curated did not run)
 * @param stages Spark stages of raw to processed, longest first (empty for DuckDB)
 * @param curatedStages Spark stages of processed to curated, longest first; for DuckDB its steps
 *     (an aggregation per source, a joined dataset), each with its wall and CPU time
 */
public record EngineResult(
    String engine,
    double rawToProcessedSeconds,
    double curatedSeconds,
    double rawToProcessedCpuSeconds,
    double curatedCpuSeconds,
    double startupSeconds,
    long peakRssKb,
    Map<String, SourceCounts> sources,
    Map<String, JoinCounts> joins,
    List<StageTime> stages,
    List<StageTime> curatedStages) {

  /**
   * The counts an engine reports for one source.
   *
   * @param read raw records read
   * @param written distinct valid records written to processed
   * @param duplicates valid records not written again
   * @param quarantined records written to quarantine
   */
  public record SourceCounts(long read, long written, long duplicates, long quarantined) {}

  /**
   * The rows an engine wrote to one joined dataset.
   *
   * @param rows rows of the joined dataset (every written row of its left source once)
   * @param unmatched rows that found no right-side row
   */
  public record JoinCounts(long rows, long unmatched) {}

  /**
   * One Spark stage, or the stages of one label summed.
   *
   * @param job the job's description (Delta and our plans name their jobs) or its call site
   * @param stage the stage's name (its call site)
   * @param source the source being processed
   * @param seconds wall time from submission to completion
   * @param taskSeconds the tasks' run time summed (CPU-side work on the two cores)
   * @param tasks number of tasks
   */
  public record StageTime(
      String job, String stage, String source, double seconds, double taskSeconds, int tasks) {}

  /**
   * A result whose peak memory is this process's so far.
   *
   * @param engine {@code spark} or {@code duckdb}
   * @param rawToProcessed wall and CPU time of raw to processed
   * @param curated wall and CPU time of processed to curated
   * @param startupSeconds from the JVM's start to the engine being ready
   * @param sources counts per source
   * @param joins rows and unmatched rows per joined dataset
   * @param stages stages of raw to processed
   * @param curatedStages stages or steps of processed to curated
   */
  static EngineResult measured(
      String engine,
      ProcessStats.Phase rawToProcessed,
      ProcessStats.Phase curated,
      double startupSeconds,
      Map<String, SourceCounts> sources,
      Map<String, JoinCounts> joins,
      List<StageTime> stages,
      List<StageTime> curatedStages) {
    return new EngineResult(
        engine,
        rawToProcessed.seconds(),
        curated.seconds(),
        rawToProcessed.cpuSeconds(),
        curated.cpuSeconds(),
        startupSeconds,
        ProcessStats.peakRssKb(),
        sources,
        joins,
        stages,
        curatedStages);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes the result as JSON. */
  public void write(Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  /** Reads a result written by {@link #write}. */
  public static EngineResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), EngineResult.class);
  }
}
