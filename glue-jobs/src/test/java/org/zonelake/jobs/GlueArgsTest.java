package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.JobArgument;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.JobSpec;

class GlueArgsTest {

  @Test
  void readsDeclaredArgumentsAndIgnoresWhatGlueInjects() {
    GlueArgs args =
        GlueArgs.parse(
            JobCatalog.RAW_TO_PROCESSED,
            new String[] {
              "--JOB_ID",
              "j_1",
              "--JOB_RUN_ID",
              "jr_42",
              "--job-bookmark-option",
              "job-bookmark-disable",
              "--TempDir",
              "s3://tmp/",
              "--class",
              "org.zonelake.jobs.RawToProcessedJob",
              "--conf",
              "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
              "--continuous-log-logGroup",
              "/aws-glue/jobs/lake",
              "--continuous-log-logStreamPrefix",
              "raw",
              "--datalake-formats",
              "delta",
              "--enable-continuous-cloudwatch-log",
              "true",
              "--enable-metrics",
              "",
              "--enable-spark-ui",
              "true",
              "--extra-jars",
              "s3://artifacts/lake.jar",
              "--job-language",
              "scala",
              "--spark-event-logs-path",
              "s3://logs/",
              "--JOB_NAME",
              "nightly",
              "--raw_path",
              "s3://raw/",
              "--processed_path=s3://processed/processed/",
              "--quarantine_path",
              "s3://q/quarantine/",
              "--format",
              "parquet"
            });

    RawToProcessedConfig config = RawToProcessedConfig.fromArgs(args);

    assertThat(config.jobName()).isEqualTo("nightly");
    assertThat(config.runId()).isEqualTo("jr_42");
    assertThat(config.layout().raw()).isEqualTo("s3://raw");
    assertThat(config.layout().processedTable("orders"))
        .isEqualTo("s3://processed/processed/orders");
    assertThat(config.layout().checkpoint("orders"))
        .isEqualTo("s3://processed/processed/_checkpoints/raw_to_processed/orders");
    assertThat(config.format()).isEqualTo(TableFormat.PARQUET);
    assertThat(config.maxFilesPerBatch()).isEqualTo(1000);
    assertThat(config.contracts()).isEmpty();
  }

  @Test
  void earlierVersionsCheckpointsAreReadWhereCheckpointPathSays() {
    RawToProcessedConfig config =
        RawToProcessedConfig.fromArgs(
            GlueArgs.parse(
                JobCatalog.RAW_TO_PROCESSED,
                withRequiredPaths("--format", "delta", "--checkpoint_path", "s3://old/streams/")));

    assertThat(config.layout().checkpoint("orders")).isEqualTo("s3://old/streams/orders");
    assertThat(config.layout().processedTable("orders")).isEqualTo("p/orders");
  }

  /** Every argument Glue gives a job of its own is ignored by every job, not taken as a typo. */
  @Test
  void glueOwnArgumentsAreNeverTakenForMisspellings() {
    for (JobSpec job : JobCatalog.all()) {
      List<String> args = new java.util.ArrayList<>();
      for (JobArgument argument : job.arguments()) {
        if (argument.required()) {
          args.addAll(List.of("--" + argument.name(), "x"));
        }
      }
      for (String glue : GlueArgs.GLUE_PARAMETERS) {
        args.addAll(List.of("--" + glue, "value"));
      }
      assertThat(GlueArgs.parse(job, args.toArray(String[]::new)).injected("JOB_ID"))
          .as(job.name())
          .contains("value");
    }
    assertThatThrownBy(
            () ->
                GlueArgs.parse(
                    JobCatalog.RAW_TO_PROCESSED, withRequiredPaths("--late-file-day", "3")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed: unknown argument --late-file-day. Did you mean"
                + " --late_file_days?");
    assertThatThrownBy(
            () ->
                GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, withRequiredPaths("--max-files", "3")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed: unknown argument --max-files. Did you mean"
                + " --max_files_per_batch?");
  }

  /** A replay writes only when asked to: --dry_run alone, or before another argument, is true. */
  @Test
  void dryRunGivenWithoutAValueIsADryRun() {
    java.util.function.Function<List<String>, Boolean> dryRun =
        more -> {
          List<String> args = new java.util.ArrayList<>(List.of("--JOB_NAME", "replay"));
          args.addAll(List.of("--processed_path", "p", "--quarantine_path", "q"));
          args.addAll(more);
          return ReplayQuarantineConfig.fromArgs(
                  GlueArgs.parse(JobCatalog.REPLAY_QUARANTINE, args.toArray(String[]::new)))
              .dryRun();
        };
    assertThat(dryRun.apply(List.of("--source", "orders"))).isFalse();
    assertThat(dryRun.apply(List.of("--source", "orders", "--dry_run"))).isTrue();
    assertThat(dryRun.apply(List.of("--dry_run", "--source", "orders"))).isTrue();
    assertThat(dryRun.apply(List.of("--source", "orders", "--dry_run", ""))).isTrue();
    assertThat(dryRun.apply(List.of("--source", "orders", "--dry_run", "FALSE"))).isFalse();
    assertThat(dryRun.apply(List.of("--source", "orders", "--dry_run", "True"))).isTrue();
    assertThatThrownBy(() -> dryRun.apply(List.of("--source", "orders", "--dry_run", "yes")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("--dry_run is 'yes'; use true or false.\n\nUsage:");
  }

  @Test
  void aMisspeltArgumentOfTheJobIsAnErrorNotIgnored() {
    assertThatThrownBy(
            () ->
                GlueArgs.parse(
                    JobCatalog.REPLAY_QUARANTINE,
                    new String[] {
                      "--processed_path", "p", "--quarantine_path", "q", "--dry-run", "true"
                    }))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job replay-quarantine: unknown argument --dry-run. Did you mean --dry_run?\n\nUsage:");
    for (String misspelt :
        List.of("--ledger_tabel", "--Ledger-Table", "--ledger-table", "--ledger-tabel")) {
      assertThatThrownBy(
              () ->
                  GlueArgs.parse(
                      JobCatalog.RAW_TO_PROCESSED, withRequiredPaths(misspelt, "lake-runs")))
          .isInstanceOf(LakeException.class)
          .hasMessageStartingWith(
              "Job raw-to-processed: unknown argument "
                  + misspelt
                  + ". Did you mean --ledger_table?\n\nUsage:");
    }
  }

  @Test
  void missingRequiredArgumentsAreNamedWithTheUsage() {
    assertThatThrownBy(
            () -> GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, new String[] {"--raw_path", "/raw"}))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Job raw-to-processed: missing required argument(s) --processed_path,"
                + " --quarantine_path.\n\nUsage: org.zonelake.jobs.RawToProcessedJob")
        .hasMessageContaining("  --raw_path               (required) Raw zone root");
  }

  @Test
  void badFormatIsRejected() {
    GlueArgs args =
        GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, withRequiredPaths("--format", "orc"));

    assertThatThrownBy(() -> RawToProcessedConfig.fromArgs(args))
        .hasMessageStartingWith("--format is 'orc'; use delta or parquet.");
  }

  @Test
  void aLeaseOutsideOneSecondToADayIsRejected() {
    assertRefused(
        "lease_seconds",
        List.of("0", "86401", "+60", "1.5", "999999999999999999999"),
        AwsRunServices::of,
        "a whole number of 1 to 86400.");
    GlueArgs day =
        GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, withRequiredPaths("--lease_seconds", "86400"));
    assertThat(AwsRunServices.of(day).leaseTtl()).isEqualTo(java.time.Duration.ofDays(1));
  }

  @Test
  void aBatchSizeOrLateFileWindowThatIsNoWholeNumberInRangeIsRejected() {
    assertRefused(
        "max_files_per_batch",
        List.of("0", "-3", "ten", "1.5"),
        RawToProcessedConfig::fromArgs,
        "a whole number of 1 or more.");
    assertRefused(
        "late_file_days",
        List.of("-1", "a week"),
        RawToProcessedConfig::fromArgs,
        "a whole number of 0 or more.");
    RawToProcessedConfig config =
        RawToProcessedConfig.fromArgs(
            GlueArgs.parse(
                JobCatalog.RAW_TO_PROCESSED,
                withRequiredPaths("--max_files_per_batch", "1", "--late_file_days", "0")));
    assertThat(config.maxFilesPerBatch()).isEqualTo(1);
    assertThat(config.lateFileDays()).isZero();
  }

  /**
   * Each of {@code values}, given for raw to processed's {@code --name}, is refused by {@code use}
   * with a message that names it and asks for {@code expected}.
   */
  private static void assertRefused(
      String name, List<String> values, Consumer<GlueArgs> use, String expected) {
    for (String value : values) {
      GlueArgs args =
          GlueArgs.parse(JobCatalog.RAW_TO_PROCESSED, withRequiredPaths("--" + name, value));
      assertThatThrownBy(() -> use.accept(args))
          .hasMessageStartingWith("--" + name + " is '" + value + "'; use " + expected);
    }
  }

  /** Raw to processed's three required paths, then {@code more}. */
  private static String[] withRequiredPaths(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--raw_path", "r", "--processed_path", "p", "--quarantine_path", "q"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
