package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.model.JobCatalog;

/**
 * The shaded Glue jar through the real submit path: {@code org.apache.spark.deploy.SparkSubmit} in
 * a fresh JVM whose class path holds only what Glue provides (Spark, Delta, Hadoop, Scala).
 */
class SparkSubmitIT {

  private static final Path JAR = Path.of(System.getProperty("glue.jar"));
  private static final Path PROVIDED = Path.of("target", "provided-classpath.txt");

  @TempDir Path temp;

  @Test
  void sparkSubmitRunsTheJobOnTestdata() throws Exception {
    Path lake = temp.resolve("lake");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(List.of(System.getProperty("spark.java17.opens", "").split(" ")));
    command.removeIf(String::isBlank);
    // The compiler options of this JVM (the build's test.jit: the quick compiler alone costs a
    // third less CPU than both for this one short run).
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("-XX:TieredStopAtLevel")
          || option.startsWith("-XX:ReservedCodeCacheSize")) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            Files.readString(PROVIDED, StandardCharsets.UTF_8).strip(),
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "local[2]",
            "--class",
            JobCatalog.RAW_TO_PROCESSED.mainClass(),
            "--conf",
            "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
            "--conf",
            "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.shuffle.partitions=2",
            "--conf",
            "spark.driver.host=127.0.0.1",
            JAR.toString(),
            "--JOB_NAME",
            "submit-test",
            "--JOB_RUN_ID",
            "jr_submit",
            "--job-bookmark-option",
            "job-bookmark-disable",
            "--raw_path",
            SampleLake.TESTDATA.resolve("raw").toString(),
            "--processed_path",
            lake.resolve("processed").toString(),
            "--quarantine_path",
            lake.resolve("quarantine").toString()));
    File log = temp.resolve("submit.log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);

    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("Run jr_submit")
        .containsPattern("orders\\s+SUCCEEDED\\s+3\\s+20\\s+2\\s+5\\s+7\\s+3\\s+10")
        .containsPattern("total\\s+9\\s+47\\s+5\\s+13\\s+18\\s+7\\s+22");
    // The Delta log holds the rows: 10 orders in 4 partitions (one per event day).
    try (var files = Files.walk(lake.resolve("processed/orders"))) {
      List<String> partitions =
          files
              .filter(p -> p.toString().endsWith(".parquet"))
              .map(p -> lake.resolve("processed/orders").relativize(p.getParent()).toString())
              .distinct()
              .sorted()
              .toList();
      assertThat(partitions)
          .containsExactly(
              "year=2026/month=11/day=17",
              "year=2026/month=11/day=20",
              "year=2026/month=11/day=21",
              "year=2026/month=11/day=22");
    }
  }

  /**
   * A job started outside Glue that refuses its arguments says so in one error line, with the
   * usage, and exit status 1: no Java stack trace.
   */
  @Test
  void aRefusedArgumentIsOneErrorLineAndExitStatusOne() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                JAR
                    + File.pathSeparator
                    + Files.readString(PROVIDED, StandardCharsets.UTF_8).strip(),
                JobCatalog.RAW_TO_PROCESSED.mainClass(),
                "--raw_path",
                "/raw")
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(err).isEqualTo(1);
    assertThat(out).isEmpty();
    assertThat(err)
        .startsWith(
            "error: Job raw-to-processed: missing required argument(s) --processed_path,"
                + " --quarantine_path.\n\nUsage:")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
