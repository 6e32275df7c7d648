package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zonelake.model.JobArgument;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.JobSpec;

/**
 * The Glue job definitions against the job catalog the jobs parse their arguments with: each Glue
 * job whose spec the catalog has runs that spec's class, passes only arguments the spec declares
 * (besides Glue's own) and every argument the spec requires.
 */
class GlueJobCatalogTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();

  /** Arguments Glue itself consumes; the jobs ignore them. */
  private static final List<String> GLUE_ARGUMENTS =
      List.of(
          "--job-language",
          "--class",
          "--datalake-formats",
          "--conf",
          "--extra-jars",
          "--TempDir",
          "--job-bookmark-option",
          "--spark-event-logs-path");

  private static final List<String> GLUE_ARGUMENT_PREFIXES =
      List.of("--enable-", "--continuous-log-");

  @Test
  void everyCatalogJobDeployedMatchesItsSpec() {
    Map<String, JsonNode> jobs = glueJobsByShortName();
    List<String> matched = new ArrayList<>();
    for (JobSpec spec : JobCatalog.all()) {
      JsonNode job = jobs.get(spec.name());
      if (job == null) {
        continue;
      }
      matched.add(spec.name());
      Map<String, String> arguments = Cfn.renderFields(job.get("DefaultArguments"));
      assertThat(arguments.get("--class")).as(spec.name()).isEqualTo(spec.mainClass());

      List<String> own =
          arguments.keySet().stream()
              .filter(a -> !isGlueArgument(a))
              .map(a -> a.substring(2))
              .toList();
      assertThat(spec.argumentNames())
          .as(spec.name() + ": declared arguments must include every default argument")
          .containsAll(own);
      List<String> required =
          spec.arguments().stream().filter(JobArgument::required).map(JobArgument::name).toList();
      assertThat(own)
          .as(spec.name() + ": every required argument must have a default")
          .containsAll(required);
    }
    assertThat(matched)
        .containsExactly(
            JobCatalog.RAW_TO_PROCESSED.name(),
            JobCatalog.PROCESSED_TO_CURATED.name(),
            JobCatalog.MAINTENANCE.name(),
            JobCatalog.REPLAY_QUARANTINE.name());
  }

  @Test
  void deployedJobsAreExactlyTheLakeJobs() {
    assertThat(glueJobsByShortName().keySet())
        .containsExactly(
            "raw-to-processed", "processed-to-curated", "maintenance", "replay-quarantine");
    assertThat(LakeJob.values())
        .extracting(LakeJob::jobName, LakeJob::mainClass)
        .containsExactly(
            tuple("raw-to-processed", "org.zonelake.jobs.RawToProcessedJob"),
            tuple("processed-to-curated", "org.zonelake.jobs.ProcessedToCuratedJob"),
            tuple("maintenance", "org.zonelake.jobs.MaintenanceJob"),
            tuple("replay-quarantine", "org.zonelake.jobs.ReplayQuarantineJob"));
  }

  @Test
  void rawToProcessedPassesItsPathFormatAndRunReportingArguments() {
    Map<String, String> arguments =
        Cfn.renderFields(glueJobsByShortName().get("raw-to-processed").get("DefaultArguments"));
    Map<String, String> own = new LinkedHashMap<>();
    arguments.forEach(
        (name, value) -> {
          if (!isGlueArgument(name)) {
            own.put(name, value);
          }
        });
    assertThat(own.keySet())
        .containsExactly(
            "--raw_path",
            "--processed_path",
            "--quarantine_path",
            "--contracts",
            "--format",
            "--ledger_table",
            "--metrics_namespace",
            "--alert_topic_arn");
  }

  @Test
  void replayQuarantineHasNoDefaultSourceSoEveryStartNamesOne() {
    Map<String, String> arguments =
        Cfn.renderFields(glueJobsByShortName().get("replay-quarantine").get("DefaultArguments"));
    assertThat(JobCatalog.REPLAY_QUARANTINE.argumentNames()).contains("source", "reason");
    assertThat(arguments.keySet().stream().filter(a -> !isGlueArgument(a)).toList())
        .containsExactly(
            "--processed_path",
            "--quarantine_path",
            "--contracts",
            "--ledger_table",
            "--metrics_namespace",
            "--alert_topic_arn");
  }

  /** Whether Glue consumes the argument itself (the jobs ignore it). */
  static boolean isGlueArgument(String name) {
    return GLUE_ARGUMENTS.contains(name)
        || GLUE_ARGUMENT_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** Glue jobs by name without the prefix ({@code zonelake-raw-to-processed} to the spec name). */
  private static Map<String, JsonNode> glueJobsByShortName() {
    Map<String, JsonNode> jobs = new LinkedHashMap<>();
    for (JsonNode job : LAKE.resources(LAKE.stacks.processing(), "AWS::Glue::Job").values()) {
      String name = Cfn.render(job.at("/Properties/Name"));
      jobs.put(name.substring((LakeSettings.DEFAULT_PREFIX + "-").length()), job.get("Properties"));
    }
    return jobs;
  }
}
