package org.zonelake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;

/** The sample raw data of testdata/, its manifest, and runs of the job on a copy of it. */
public final class SampleLake {

  static final Path TESTDATA = Path.of("..", "testdata").toAbsolutePath().normalize();

  private SampleLake() {}

  /** The manifest of expected counts. */
  static JsonNode manifest() {
    try {
      return new ObjectMapper().readTree(TESTDATA.resolve("manifest.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies testdata/raw into {@code target} (so tests can add files) and returns the copy. */
  static Path copyRaw(Path target) {
    return copyTree(TESTDATA.resolve("raw"), target);
  }

  /** Copies the directory {@code source} with everything below it to {@code target}. */
  public static Path copyTree(Path source, Path target) {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** A configuration for a lake under {@code lake} reading {@code raw}. */
  static RawToProcessedConfig config(
      Path raw, Path lake, RawToProcessedConfig.TableFormat format, String runId) {
    return config(raw, lake, format, runId, List.of());
  }

  /** A configuration processing only {@code sources} (all when empty). */
  static RawToProcessedConfig config(
      Path raw,
      Path lake,
      RawToProcessedConfig.TableFormat format,
      String runId,
      List<String> sources) {
    return new RawToProcessedConfig(
        "raw-to-processed",
        runId,
        LakeLayout.under(lake.toString(), raw.toString()),
        Optional.empty(),
        format,
        sources,
        1000,
        RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
  }

  /** Runs raw to processed once. */
  static List<SourceOutcome> run(SparkSession spark, RawToProcessedConfig config) {
    return new RawToProcessedPlan(spark, config, RunListener.NONE).run();
  }
}
