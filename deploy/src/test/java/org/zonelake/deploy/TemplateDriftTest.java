package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed templates are exactly what the app synthesizes now. */
class TemplateDriftTest {

  private static final String HINT =
      "templates drifted: run ./deploy/synth.sh and commit" + " deploy/cloudformation";

  private static final SynthesizedLake LAKE = SynthesizedLake.get();

  @Test
  void committedTemplatesEqualAFreshSynth() throws IOException {
    Path committed = Path.of(System.getProperty("zonelake.templates.dir", "cloudformation"));
    ObjectMapper json = new ObjectMapper();
    List<String> drifted = new ArrayList<>();
    List<String> expectedFiles = new ArrayList<>();
    for (LakeStack stack : LAKE.stacks()) {
      String file = stack.getTemplateFile();
      expectedFiles.add(file);
      Path path = committed.resolve(file);
      if (!Files.exists(path)) {
        drifted.add(file + " is missing");
        continue;
      }
      JsonNode fresh = LAKE.json(stack);
      if (!json.readTree(path.toFile()).equals(fresh)
          || !Files.readString(path).equals(Files.readString(LAKE.outdir.resolve(file)))) {
        drifted.add(file + " differs");
      }
    }
    if (Files.isDirectory(committed)) {
      try (Stream<Path> files = Files.list(committed)) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".template.json") && !expectedFiles.contains(n))
            .forEach(n -> drifted.add(n + " belongs to no stack"));
      }
    }
    if (!drifted.isEmpty()) {
      fail(HINT + " (" + String.join("; ", drifted) + ")");
    }
    assertThat(expectedFiles).hasSize(6);
  }

  @Test
  void templatesCarryNoMachineSpecificContent() throws IOException {
    for (LakeStack stack : LAKE.stacks()) {
      String text = Files.readString(LAKE.outdir.resolve(stack.getTemplateFile()));
      assertThat(text)
          .as(stack.getTemplateFile())
          .doesNotContain(LAKE.outdir.toString())
          .doesNotContain(System.getProperty("user.home"))
          .doesNotContain("aws:cdk:path")
          .doesNotContain("CDKMetadata")
          .doesNotContain("BootstrapVersion")
          .doesNotContain("aws:asset:");
    }
  }
}
