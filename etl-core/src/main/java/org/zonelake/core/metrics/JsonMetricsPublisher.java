package org.zonelake.core.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.model.QualityMetrics;

/**
 * Writes the figures of each run and subject to a JSON file, for local runs: {@code
 * <directory>/<source>/<runId>.json} for a source or joined dataset, {@code
 * <directory>/_tables/<table>/<runId>.json} for a curated table (a joined dataset is both), holding
 * the same names, values, units and dimensions that go to CloudWatch ({@link QualityMetrics}):
 * those of every figure at the top, a figure's own beside it.
 */
public final class JsonMetricsPublisher implements MetricsPublisher {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final String namespace;

  /** Writes below {@code directory}, naming the default namespace in each file. */
  public JsonMetricsPublisher(Path directory) {
    this(directory, QualityMetrics.NAMESPACE);
  }

  /** Writes below {@code directory}, naming {@code namespace} in each file. */
  public JsonMetricsPublisher(Path directory, String namespace) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** The file the figures of a run and source (or joined dataset) go to. */
  public Path file(String source, String runId) {
    return directory.resolve(source).resolve(runId + ".json");
  }

  /** The file the figures of a run and curated table go to. */
  public Path tableFile(String table, String runId) {
    return directory.resolve("_tables").resolve(table).resolve(runId + ".json");
  }

  @Override
  public void publish(RunMetrics metrics) {
    ObjectNode root = JSON.createObjectNode();
    root.put("namespace", namespace);
    root.put("job", metrics.job());
    root.put("runId", metrics.runId());
    root.put("timestamp", metrics.endedAt().toString());
    ObjectNode dimensions = root.putObject("dimensions");
    metrics.dimensions().forEach(dimensions::put);
    ArrayNode figures = root.putArray("metrics");
    for (MetricValue figure : metrics.figures()) {
      ObjectNode node =
          figures
              .addObject()
              .put("name", figure.name())
              .put("value", figure.value())
              .put("unit", figure.unit());
      if (!figure.dimensions().isEmpty()) {
        ObjectNode own = node.putObject("dimensions");
        new java.util.TreeMap<>(figure.dimensions()).forEach(own::put);
      }
    }
    Path file =
        metrics.dimensions().containsKey(QualityMetrics.TABLE_DIMENSION)
            ? tableFile(metrics.subject(), metrics.runId())
            : file(metrics.subject(), metrics.runId());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw LakeErrors.metricsNotWritten(file.toString(), e);
    }
  }
}
