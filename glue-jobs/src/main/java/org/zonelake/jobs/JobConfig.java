package org.zonelake.jobs;

/** What the config of every job names: the job and the run. */
interface JobConfig {

  /** The job's name (Glue's {@code JOB_NAME}); the Spark application takes it too. */
  String jobName();

  /** The run's id. */
  String runId();
}
