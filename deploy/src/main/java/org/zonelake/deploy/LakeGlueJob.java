package org.zonelake.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * A Glue 5.0 Spark job that runs one of the lake's job classes from the shaded jar: Scala job
 * language with {@code --class}, Delta enabled through {@code --datalake-formats} and the Delta
 * session extension and catalog, G.1X workers, one run at a time (further runs queue), continuous
 * logs in the lake's log group, job metrics, Spark UI event logs, and the lake's security
 * configuration. Glue job bookmarks stay disabled: the jobs record the raw files each batch takes
 * in manifests of their own under the processed zone, which also work for Delta.
 */
public final class LakeGlueJob extends Construct {

  /** The Glue version the jobs target (Spark 3.5, Scala 2.12, Java 17, Delta 3.3). */
  public static final String GLUE_VERSION = "5.0";

  /** The worker type. */
  public static final String WORKER_TYPE = "G.1X";

  /** The Spark confs that make Delta the session catalog. */
  public static final String DELTA_CONF =
      "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension"
          + " --conf spark.sql.catalog.spark_catalog="
          + "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /**
   * What differs between the lake's jobs.
   *
   * @param job which job
   * @param jobName the Glue job name
   * @param description what the job does
   * @param role the job's role
   * @param jarUri the {@code s3://} URI of the shaded job jar
   * @param artifactsRoot the {@code s3://<artifacts>/} URI, for temporary files and Spark UI logs
   * @param securityConfiguration the Glue security configuration's name
   * @param logGroupName the log group for continuous logs
   * @param jobArguments the job's own arguments, names without dashes, in usage order
   * @param workers the number of workers
   * @param timeoutMinutes the run timeout
   * @param maxRetries how often Glue retries a failed run
   */
  public record Props(
      LakeJob job,
      String jobName,
      String description,
      IRole role,
      String jarUri,
      String artifactsRoot,
      String securityConfiguration,
      String logGroupName,
      Map<String, String> jobArguments,
      int workers,
      int timeoutMinutes,
      int maxRetries) {

    /** Validates and copies (keeping the argument order). */
    public Props {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(jobName, "jobName");
      Objects.requireNonNull(role, "role");
      jobArguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jobArguments));
      for (String name : jobArguments.keySet()) {
        if (name.startsWith("-")) {
          throw new IllegalArgumentException(
              "job argument '" + name + "' must be given without the leading dashes");
        }
      }
      if (workers < 2) {
        throw new IllegalArgumentException("workers " + workers + " is below Glue's minimum 2");
      }
      if (timeoutMinutes < 1 || maxRetries < 0) {
        throw new IllegalArgumentException("timeoutMinutes must be >= 1 and maxRetries >= 0");
      }
    }
  }

  private final CfnJob job;

  /** Creates the job. */
  public LakeGlueJob(Construct scope, String id, Props props) {
    super(scope, id);
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("--job-language", "scala");
    arguments.put("--class", props.job().mainClass());
    arguments.put("--extra-jars", props.jarUri());
    arguments.put("--datalake-formats", "delta");
    arguments.put("--conf", DELTA_CONF);
    arguments.put("--job-bookmark-option", "job-bookmark-disable");
    arguments.put("--TempDir", props.artifactsRoot() + "glue-temp/" + props.job().jobName() + "/");
    arguments.put("--enable-metrics", "true");
    arguments.put("--enable-continuous-cloudwatch-log", "true");
    arguments.put("--continuous-log-logGroup", props.logGroupName());
    arguments.put("--continuous-log-logStreamPrefix", props.job().jobName() + "/");
    arguments.put("--enable-spark-ui", "true");
    arguments.put(
        "--spark-event-logs-path",
        props.artifactsRoot() + "spark-logs/" + props.job().jobName() + "/");
    props.jobArguments().forEach((name, value) -> arguments.put("--" + name, value));

    this.job =
        CfnJob.Builder.create(this, "Job")
            .name(props.jobName())
            .description(props.description())
            .role(props.role().getRoleArn())
            .glueVersion(GLUE_VERSION)
            .command(
                CfnJob.JobCommandProperty.builder()
                    .name("glueetl")
                    // The entry point is --class in --extra-jars; the script location names the
                    // same jar so that no separate script has to be uploaded.
                    .scriptLocation(props.jarUri())
                    .build())
            .defaultArguments(arguments)
            .workerType(WORKER_TYPE)
            .numberOfWorkers(props.workers())
            .executionProperty(
                CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
            .jobRunQueuingEnabled(true)
            .executionClass("STANDARD")
            .timeout(props.timeoutMinutes())
            .maxRetries(props.maxRetries())
            .securityConfiguration(props.securityConfiguration())
            .build();
  }

  /** The Glue job resource. */
  public CfnJob job() {
    return job;
  }
}
