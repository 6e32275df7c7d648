package org.zonelake.jobs;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.JobSpec;

/**
 * What every Glue entry point has before it runs its plan: the job's config, parsed from Glue-style
 * arguments against its catalog entry; the AWS services those arguments ask for; and the session of
 * the environment (Glue, or spark-submit's {@code --master} and {@code --conf}), named for the job.
 *
 * @param config the validated config
 * @param services the run ledger, metrics and alerts the arguments name
 * @param spark the session
 * @param <C> the job's config record
 */
record GlueLaunch<C extends JobConfig>(C config, RunServices services, SparkSession spark) {

  /**
   * Parses {@code args} against {@code job}, builds the config with {@code fromArgs} and starts the
   * session under the job's name.
   */
  static <C extends JobConfig> GlueLaunch<C> of(
      JobSpec job, String[] args, Function<GlueArgs, C> fromArgs) {
    GlueArgs glueArgs = GlueArgs.parse(job, args);
    C config = fromArgs.apply(glueArgs);
    RunServices services = AwsRunServices.of(glueArgs);
    SparkSession spark = SparkSession.builder().appName(config.jobName()).getOrCreate();
    return new GlueLaunch<>(config, services, spark);
  }

  /**
   * Launches {@code job} from {@code args} ({@link #of}) and runs {@code body}, a job's {@code
   * main}, with it. A failure it explains (a {@link LakeException}: an argument it refuses, a
   * source that failed) ends a run outside Glue with one {@code error:} line on standard error and
   * exit status 1, without a stack trace. On AWS Glue, which passes every job run {@code
   * --JOB_RUN_ID}, it is thrown: Glue fails a run by its exception and shows its message.
   */
  static <C extends JobConfig> void run(
      String[] args, JobSpec job, Function<GlueArgs, C> fromArgs, Consumer<GlueLaunch<C>> body) {
    try {
      body.accept(of(job, args, fromArgs));
    } catch (LakeException e) {
      if (Arrays.asList(args).contains("--JOB_RUN_ID")) {
        throw e;
      }
      System.out.flush();
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }
}
