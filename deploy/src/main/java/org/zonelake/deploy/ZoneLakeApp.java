package org.zonelake.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The CDK app: defines the lake's stacks, checks them with cdk-nag (AwsSolutions) and writes one
 * CloudFormation template per stack, {@code <StackId>.template.json}, into a directory (the
 * committed {@code deploy/cloudformation}).
 *
 * <p>Usage: {@code ZoneLakeApp <templates-dir> [--prefix NAME] [--region REGION] [--contracts
 * DIR]}. The committed templates use the defaults: prefix {@value LakeSettings#DEFAULT_PREFIX} (a
 * parameter, so other prefixes deploy from the same files), no region, and the contracts shipped in
 * the jar (system property {@value LakeSettings#CONTRACTS_PROPERTY}, which the build sets). Every
 * per-source resource derives from the contracts: synthesizing for another contract directory gives
 * templates for its sources.
 */
public final class ZoneLakeApp {

  /** Metadata entry types of construct errors and warnings in the cloud assembly. */
  private static final List<String> FINDING_LEVELS = List.of("aws:cdk:error", "aws:cdk:warning");

  private ZoneLakeApp() {}

  /**
   * A CDK app with this project's feature flags and deterministic output: no version reporting, no
   * construct paths or stack traces in the output, no tree metadata.
   *
   * @param outdir where the cloud assembly goes
   * @param context extra context ({@code prefix}, {@code region}, {@code contracts})
   */
  public static App newApp(Path outdir, Map<String, Object> context) {
    Map<String, Object> all = new LinkedHashMap<>(featureFlags());
    all.put("aws:cdk:enable-path-metadata", false);
    all.put("aws:cdk:disable-stack-trace", true);
    all.put("aws:cdk:version-reporting", false);
    all.putAll(context);
    return new App(
        AppProps.builder()
            .outdir(outdir.toString())
            .context(all)
            .analyticsReporting(false)
            .stackTraces(false)
            .treeMetadata(false)
            .build());
  }

  /** Defines the lake in {@code app} and adds the AwsSolutions checks to every stack. */
  public static LakeStacks define(App app) {
    LakeStacks stacks = LakeStacks.define(app, LakeSettings.fromContext(app));
    for (LakeStack stack : stacks.inDeployOrder()) {
      Aspects.of(stack)
          .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).reports(false).build()));
    }
    return stacks;
  }

  /**
   * The AwsSolutions errors and warnings of the synthesized stacks, one line each: {@code <stack>
   * <path>: <message>}.
   */
  public static List<String> nagFindings(CloudAssembly assembly) {
    List<String> findings = new ArrayList<>();
    for (CloudFormationStackArtifact stack : assembly.getStacks()) {
      stack.getMessages().stream()
          .filter(m -> FINDING_LEVELS.contains(m.getEntry().getType()))
          .map(m -> stack.getStackName() + " " + m.getId() + ": " + m.getEntry().getData())
          .filter(line -> line.contains("AwsSolutions-"))
          .forEach(findings::add);
    }
    return findings;
  }

  /**
   * Writes each stack's template to {@code templatesDir} as {@code <StackId>.template.json} and
   * removes templates of stacks that no longer exist.
   */
  public static List<Path> writeTemplates(CloudAssembly assembly, Path templatesDir)
      throws IOException {
    Files.createDirectories(templatesDir);
    List<Path> written = new ArrayList<>();
    for (CloudFormationStackArtifact stack : assembly.getStacks()) {
      Path target = templatesDir.resolve(stack.getTemplateFile());
      Files.copy(Path.of(stack.getTemplateFullPath()), target, StandardCopyOption.REPLACE_EXISTING);
      written.add(target);
    }
    try (Stream<Path> existing = Files.list(templatesDir)) {
      for (Path stale :
          existing
              .filter(p -> p.getFileName().toString().endsWith(".template.json"))
              .filter(p -> !written.contains(p))
              .toList()) {
        Files.delete(stale);
      }
    }
    return written;
  }

  /** Synthesizes the templates into the directory given as first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].startsWith("-")) {
      System.err.println(
          "usage: ZoneLakeApp <templates-dir> [--prefix NAME] [--region REGION] [--contracts DIR]");
      System.exit(2);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length
          || !List.of("--prefix", "--region", "--contracts").contains(args[i])) {
        System.err.println("unknown or incomplete option: " + args[i]);
        System.exit(2);
      }
      context.put(args[i].substring(2), args[i + 1]);
    }
    Path outdir = Files.createTempDirectory("zonelake-cdk-out");
    App app = newApp(outdir, context);
    LakeStacks stacks = define(app);
    LakeSettings settings = stacks.storage().settings();
    System.out.println(
        "synthesizing for the contracts in "
            + settings.contracts().location()
            + ": sources "
            + settings.sources()
            + ", curated tables "
            + settings.curatedTables());
    CloudAssembly assembly = app.synth();
    List<String> findings = nagFindings(assembly);
    if (!findings.isEmpty()) {
      findings.forEach(System.err::println);
      System.err.println(
          findings.size() + " unacknowledged cdk-nag findings; no templates written");
      System.exit(1);
    }
    try {
      for (Path written : writeTemplates(assembly, Path.of(args[0]))) {
        System.out.println("wrote " + written);
      }
    } finally {
      deleteRecursively(outdir);
    }
  }

  /** Deletes a synthesis directory and what it holds (best effort: it is a temporary one). */
  static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Left behind under the system's temporary directory.
    }
  }

  private static Map<String, Object> featureFlags() {
    try (InputStream in = ZoneLakeApp.class.getResourceAsStream("feature-flags.json")) {
      if (in == null) {
        throw new IllegalStateException("feature-flags.json is missing from the classpath");
      }
      return new ObjectMapper()
          .readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
