package org.zonelake.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The lake synthesized once per test JVM (the first synthesis starts node and takes seconds), with
 * the AwsSolutions checks applied, exactly as the app synthesizes the committed templates.
 */
final class SynthesizedLake {

  private static SynthesizedLake instance;

  final Path outdir;
  final App app;
  final LakeStacks stacks;
  final CloudAssembly assembly;
  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, JsonNode> json = new LinkedHashMap<>();

  /** The lake synthesized into {@code outdir} with the app's {@code context} (its settings). */
  SynthesizedLake(Path outdir, Map<String, Object> context) {
    this.outdir = outdir;
    this.app = ZoneLakeApp.newApp(outdir, context);
    this.stacks = ZoneLakeApp.define(app);
    this.assembly = app.synth();
  }

  /** The lake with the default settings. */
  static synchronized SynthesizedLake get() {
    if (instance == null) {
      try {
        Path outdir = Files.createTempDirectory("zonelake-test-cdk-out");
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> ZoneLakeApp.deleteRecursively(outdir)));
        instance = new SynthesizedLake(outdir, Map.of());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  List<LakeStack> stacks() {
    return stacks.inDeployOrder();
  }

  /** The CDK assertions view of a stack's template. */
  synchronized Template template(LakeStack stack) {
    return templates.computeIfAbsent(stack.getArtifactId(), id -> Template.fromStack(stack));
  }

  /** The stack's template as written to the cloud assembly. */
  synchronized JsonNode json(LakeStack stack) {
    return json.computeIfAbsent(
        stack.getArtifactId(),
        id -> {
          try {
            return new ObjectMapper().readTree(outdir.resolve(stack.getTemplateFile()).toFile());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The resources of {@code type} in the stack, by logical id. */
  Map<String, JsonNode> resources(LakeStack stack, String type) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    json(stack)
        .get("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().get("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
              }
            });
    return found;
  }

  /**
   * The logical id of the one resource of {@code type} in the stack whose {@code property} renders
   * as {@code value} (a name).
   */
  String logicalId(LakeStack stack, String type, String property, String value) {
    List<String> ids =
        resources(stack, type).entrySet().stream()
            .filter(e -> value.equals(Cfn.render(e.getValue().at("/Properties/" + property))))
            .map(Map.Entry::getKey)
            .toList();
    if (ids.size() != 1) {
      throw new AssertionError(
          "expected one " + type + " with " + property + " " + value + " but found " + ids);
    }
    return ids.get(0);
  }

  /** The single resource of {@code type} in the stack. */
  JsonNode single(LakeStack stack, String type) {
    return singleEntry(stack, type).getValue();
  }

  /** The logical id of the single resource of {@code type} in the stack. */
  String singleId(LakeStack stack, String type) {
    return singleEntry(stack, type).getKey();
  }

  /** The logical id of the first resource of {@code type} whose id starts with {@code prefix}. */
  String logicalIdStartingWith(LakeStack stack, String type, String prefix) {
    return resources(stack, type).keySet().stream()
        .filter(id -> id.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " whose id starts with " + prefix));
  }

  private Map.Entry<String, JsonNode> singleEntry(LakeStack stack, String type) {
    Map<String, JsonNode> found = resources(stack, type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type + " but found " + found.keySet());
    }
    return found.entrySet().iterator().next();
  }
}
