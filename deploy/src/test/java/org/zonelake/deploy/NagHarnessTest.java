package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;

/**
 * The checks really run in this app's setup, and an unacknowledged error fails synthesis (so the
 * app never copies such a template into the committed directory): a bare bucket has no access logs
 * and no TLS-only policy.
 */
class NagHarnessTest {

  @Test
  void unacknowledgedFindingFailsSynthesisAndIsReported(@TempDir Path outdir) throws Exception {
    App app = ZoneLakeApp.newApp(outdir, Map.of());
    Stack stack = new Stack(app, "Control");
    Bucket.Builder.create(stack, "Bare").encryption(BucketEncryption.S3_MANAGED).build();
    Aspects.of(stack)
        .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(false).reports(false).build()));

    assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");

    JsonNode report =
        new ObjectMapper().readTree(outdir.resolve("validation-report.json").toFile());
    List<String> rules = new ArrayList<>();
    for (JsonNode plugin : report.get("pluginReports")) {
      for (JsonNode violation : plugin.get("violations")) {
        if (violation.get("severity").asText().equals("error")) {
          rules.add(violation.get("description").asText().split(":")[0]);
        }
      }
    }
    assertThat(rules).containsExactlyInAnyOrder("AwsSolutions-S1", "AwsSolutions-S10");
  }
}
