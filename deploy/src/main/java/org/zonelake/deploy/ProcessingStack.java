package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.LedgerKeys;
import org.zonelake.model.QualityMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.GlueStartJobRun;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.constructs.Construct;

/**
 * Processing: the Glue 5.0 jobs (raw to processed, processed to curated, table maintenance, and the
 * on-demand quarantine replay) with one least-privilege role each, the run ledger table, the
 * pipeline state machine (raw to processed, then optionally curated, then optionally maintenance,
 * with retries and an SNS alert on failure) and its schedules: hourly ingest, daily ingest plus
 * curation, weekly ingest plus curation plus maintenance. The replay job is started by hand only.
 */
public final class ProcessingStack extends LakeStack {

  /** Hourly at minute 5: raw to processed. */
  public static final String INGEST_SCHEDULE = "cron(5 * * * ? *)";

  /** Daily at 02:15 UTC: raw to processed, then processed to curated. */
  public static final String CURATE_SCHEDULE = "cron(15 2 * * ? *)";

  /**
   * Weekly on Sunday at 03:45 UTC: raw to processed, processed to curated, then table maintenance
   * (after the daily run, between two hourly ones).
   */
  public static final String MAINTAIN_SCHEDULE = "cron(45 3 ? * SUN *)";

  /** The Glue error codes the state machine retries (transient, not a failed run). */
  public static final List<String> RETRIED_ERRORS =
      List.of(
          "Glue.ConcurrentRunsExceededException",
          "Glue.InternalServiceException",
          "Glue.ThrottlingException");

  /** The namespace of the job metrics Glue publishes for a job ({@code --enable-metrics}). */
  public static final String GLUE_METRICS_NAMESPACE = "Glue";

  /** What raw to processed does on the run ledger: leases, run items, lookups by index. */
  public static final List<String> LEDGER_ACTIONS =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query");

  private final LakeGlueJob rawToProcessed;
  private final LakeGlueJob processedToCurated;
  private final LakeGlueJob maintenance;
  private final LakeGlueJob replayQuarantine;
  private final Table ledger;
  private final StateMachine pipeline;

  /** Creates the stack. */
  public ProcessingStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "processing",
        "ZoneLake processing: Glue 5.0 jobs, run ledger, pipeline state machine and schedules.");
    LakeNames names = names();
    IKey dataKey = importDataKey();
    IKey alertKey = importAlertKey();

    this.ledger =
        Table.Builder.create(this, "RunLedger")
            .tableName(names.ledgerTable())
            .partitionKey(stringKey(LedgerKeys.PARTITION_KEY))
            .sortKey(stringKey(LedgerKeys.SORT_KEY))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .encryption(TableEncryption.CUSTOMER_MANAGED)
            .encryptionKey(dataKey)
            .timeToLiveAttribute(LedgerKeys.EXPIRES_AT)
            .deletionProtection(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    ledger.addGlobalSecondaryIndex(
        GlobalSecondaryIndexProps.builder()
            .indexName(LedgerKeys.STATUS_INDEX)
            .partitionKey(stringKey(LedgerKeys.STATUS_INDEX_PARTITION_KEY))
            .sortKey(stringKey(LedgerKeys.STATUS_INDEX_SORT_KEY))
            .projectionType(ProjectionType.ALL)
            .build());

    CfnSecurityConfiguration security =
        GlueSecurity.create(
            this, "JobSecurityConfiguration", names.glueSecurityConfiguration("jobs"), dataKey);

    LogGroup jobLogs =
        encryptedLogGroup("GlueJobLogs", names.glueJobLogGroup(), RetentionDays.ONE_MONTH, dataKey);

    String artifactsRoot = names.s3Uri(LakeBucket.ARTIFACTS, "");
    String jarUri = names.s3Uri(LakeBucket.ARTIFACTS, LakeNames.JOB_JAR_KEY);
    // What every job shares: the jar, Glue's locations, encryption, 2 workers, 120 min, 1 retry,
    // and a role of its own (<id>Role) with access to the zones it uses, the metric namespaces it
    // publishes to and the run reporting (ledger, alerts).
    JobFactory glueJob =
        (jobId, job, description, zones, metricNamespaces, arguments) ->
            new LakeGlueJob(
                this,
                jobId,
                new LakeGlueJob.Props(
                    job,
                    names.jobName(job),
                    description,
                    jobRole(
                        jobId + "Role",
                        job,
                        dataKey,
                        jobLogs,
                        zones.access(names),
                        metricNamespaces,
                        runReporting(names, alertKey)),
                    jarUri,
                    artifactsRoot,
                    security.getRef(),
                    jobLogs.getLogGroupName(),
                    jobArguments(names, zones, arguments, metricNamespaces),
                    2,
                    120,
                    1));
    String contracts = names.s3Uri(LakeBucket.ARTIFACTS, LakeNames.CONTRACTS_PREFIX);

    this.rawToProcessed =
        glueJob.create(
            "RawToProcessed",
            LakeJob.RAW_TO_PROCESSED,
            "Raw to processed: parse, check, hash, de-duplicate and merge new raw files.",
            JobZones.reading(LakeBucket.RAW)
                .andWriting(LakeBucket.PROCESSED, LakeBucket.QUARANTINE),
            List.of(QualityMetrics.NAMESPACE, GLUE_METRICS_NAMESPACE),
            Ordered.map("contracts", contracts, "format", "delta"));

    this.processedToCurated =
        glueJob.create(
            "ProcessedToCurated",
            LakeJob.PROCESSED_TO_CURATED,
            "Processed to curated: recompute the curated aggregates of the touched days.",
            JobZones.reading(LakeBucket.PROCESSED, LakeBucket.QUARANTINE)
                .andWriting(LakeBucket.CURATED),
            List.of(QualityMetrics.NAMESPACE, GLUE_METRICS_NAMESPACE),
            Ordered.map("contracts", contracts));

    // VACUUM and the manifest cleanup delete objects: read-write on the zone prefixes, and
    // nothing of raw.
    this.maintenance =
        glueJob.create(
            "Maintenance",
            LakeJob.MAINTENANCE,
            "Table maintenance: compact small files, VACUUM after the retention, remove old"
                + " manifests.",
            JobZones.writing(LakeBucket.PROCESSED, LakeBucket.QUARANTINE, LakeBucket.CURATED),
            List.of(GLUE_METRICS_NAMESPACE),
            Ordered.map("retention_days", JobCatalog.MAINTENANCE.defaultOf("retention_days")));

    // On demand: no schedule and no pipeline state; --source (and the filters) come with each
    // start. It reads quarantine rows, merges the recovered ones into processed and marks the
    // quarantine rows it replayed, so it writes both zones and nothing else.
    this.replayQuarantine =
        glueJob.create(
            "ReplayQuarantine",
            LakeJob.REPLAY_QUARANTINE,
            "Replay quarantine (on demand, one source a run): rows that pass the current contract"
                + " and rules go to processed, the replayed quarantine rows are marked.",
            JobZones.writing(LakeBucket.PROCESSED, LakeBucket.QUARANTINE),
            List.of(QualityMetrics.NAMESPACE, GLUE_METRICS_NAMESPACE),
            Ordered.map("contracts", contracts));

    this.pipeline = pipeline(names, dataKey, alertKey);
    schedule(
        "IngestSchedule",
        names.named("ingest-hourly"),
        "Hourly: raw to processed.",
        Schedule.cron(CronOptions.builder().minute("5").build()),
        Ordered.map("curate", false));
    schedule(
        "CurateSchedule",
        names.named("curate-daily"),
        "Daily: raw to processed, then processed to curated.",
        Schedule.cron(CronOptions.builder().minute("15").hour("2").build()),
        Ordered.map("curate", true));
    schedule(
        "MaintainSchedule",
        names.named("maintain-weekly"),
        "Weekly: raw to processed, processed to curated, then table maintenance.",
        Schedule.cron(CronOptions.builder().minute("45").hour("3").weekDay("SUN").build()),
        Ordered.map("curate", true, "maintain", true));

    output(
        "PipelineArn",
        "Start an execution with {\"curate\": true} to also refresh curated, and"
            + " {\"maintain\": true} to also run table maintenance.",
        pipeline.getStateMachineArn());
    output("LedgerTableName", "The run ledger.", ledger.getTableName());
  }

  /** The raw to processed job. */
  public LakeGlueJob rawToProcessed() {
    return rawToProcessed;
  }

  /** The processed to curated job. */
  public LakeGlueJob processedToCurated() {
    return processedToCurated;
  }

  /** The table maintenance job. */
  public LakeGlueJob maintenance() {
    return maintenance;
  }

  /** The on-demand quarantine replay job (in no schedule and not in the pipeline). */
  public LakeGlueJob replayQuarantine() {
    return replayQuarantine;
  }

  /** The run ledger. */
  public Table ledger() {
    return ledger;
  }

  /** The pipeline state machine. */
  public StateMachine pipeline() {
    return pipeline;
  }

  /**
   * What a job that records its runs needs: the ledger table and its index (leases, run items), the
   * alert topic and the key it is encrypted with.
   */
  /** A string key attribute of the run ledger's table or index. */
  private static Attribute stringKey(String name) {
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }

  private List<PolicyStatement> runReporting(LakeNames names, IKey alertKey) {
    String ledgerArn = names.ledgerTableArn();
    return List.of(
        IamActions.allow(
            "RunLedger",
            LEDGER_ACTIONS,
            List.of(ledgerArn, ledgerArn + "/index/" + LedgerKeys.STATUS_INDEX)),
        IamActions.allow("Alerts", List.of("sns:Publish"), List.of(names.alertTopicArn())),
        IamActions.allow(
            "AlertKey",
            List.of("kms:Decrypt", "kms:GenerateDataKey"),
            List.of(alertKey.getKeyArn())));
  }

  private Role jobRole(
      String id,
      LakeJob job,
      IKey dataKey,
      LogGroup jobLogs,
      DataAccess access,
      List<String> metricNamespaces,
      List<PolicyStatement> reporting) {
    LakeNames names = names();
    DataAccess artifacts =
        new DataAccess(names)
            .read(LakeBucket.ARTIFACTS, "jars/")
            .read(LakeBucket.ARTIFACTS, LakeNames.CONTRACTS_PREFIX)
            .readWrite(LakeBucket.ARTIFACTS, "glue-temp/" + job.jobName() + "/")
            .readWrite(LakeBucket.ARTIFACTS, "spark-logs/" + job.jobName() + "/");
    String glueLogGroups = names.logGroupArn(names.glueLogGroups());
    List<PolicyStatement> statements = new ArrayList<>(reporting);
    statements.add(
        IamActions.allow(
            "DataKey",
            List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
            List.of(dataKey.getKeyArn())));
    statements.add(
        PolicyStatement.Builder.create()
            .sid("Metrics")
            .effect(Effect.ALLOW)
            .actions(List.of("cloudwatch:PutMetricData"))
            .resources(List.of("*"))
            .conditions(
                Ordered.map("StringEquals", Ordered.map("cloudwatch:namespace", metricNamespaces)))
            .build());
    statements.add(IamActions.allow("Logs", IamActions.WRITE_LOGS, List.of(glueLogGroups)));
    Role role =
        Role.Builder.create(this, id)
            .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
            .description("Glue job " + job.jobName() + ": only the zones and prefixes it uses.")
            .inlinePolicies(
                Ordered.<PolicyDocument>map(
                    "lake-data",
                    access.document(),
                    "artifacts",
                    artifacts.document(),
                    "run",
                    PolicyDocument.Builder.create().statements(statements).build()))
            .build();
    List<String> wildcards = new ArrayList<>(access.objectArns());
    wildcards.addAll(artifacts.objectArns());
    wildcards.add(glueLogGroups);
    List<String> findings = new ArrayList<>(Nag.resourceFindings(this, wildcards));
    findings.add("Resource::*");
    Nag.acknowledge(
        role,
        "AwsSolutions-IAM5",
        "Objects: only under the zone prefixes this job reads or writes (Delta tables,"
            + " manifests, its own temp and Spark UI prefixes), the keys below them are data."
            + " Logs: Glue names the job log groups under /aws-glue/ (adding the security"
            + " configuration's name). Resource::* is cloudwatch:PutMetricData, which has no"
            + " resource-level permissions and is limited by the cloudwatch:namespace condition"
            + " to "
            + String.join(", ", metricNamespaces)
            + ".",
        findings);
    return role;
  }

  /** A state that runs {@code job} to its end, its result kept at {@code resultPath}. */
  private GlueStartJobRun runJob(String id, String state, LakeGlueJob job, String resultPath) {
    return GlueStartJobRun.Builder.create(this, id)
        .stateName(state)
        .glueJobName(job.job().getRef())
        .integrationPattern(IntegrationPattern.RUN_JOB)
        .resultPath(resultPath)
        .taskTimeout(Timeout.duration(Duration.minutes(150)))
        .build();
  }

  /**
   * A job's arguments: the paths of its zones, its {@code own}, then those of the run reporting:
   * the ledger table, the quality metrics namespace (for a job that publishes there) and the alert
   * topic.
   */
  private Map<String, String> jobArguments(
      LakeNames names, JobZones zones, Map<String, String> own, List<String> metricNamespaces) {
    Map<String, String> arguments = new LinkedHashMap<>(zones.paths(names));
    arguments.putAll(own);
    arguments.put("ledger_table", ledger.getTableName());
    if (metricNamespaces.contains(QualityMetrics.NAMESPACE)) {
      arguments.put("metrics_namespace", QualityMetrics.NAMESPACE);
    }
    arguments.put("alert_topic_arn", names.alertTopicArn());
    return arguments;
  }

  /** Creates one of the lake's Glue jobs with the settings every job shares. */
  @FunctionalInterface
  private interface JobFactory {
    LakeGlueJob create(
        String id,
        LakeJob job,
        String description,
        JobZones zones,
        List<String> metricNamespaces,
        Map<String, String> arguments);
  }

  /**
   * The zones a job only reads and those it reads, writes and deletes in, each given to the job as
   * the argument {@code --<zone>_path} (the read ones first) and granted on the zone's prefix only.
   */
  private record JobZones(List<LakeBucket> read, List<LakeBucket> readWrite) {

    static JobZones reading(LakeBucket... zones) {
      return new JobZones(List.of(zones), List.of());
    }

    static JobZones writing(LakeBucket... zones) {
      return new JobZones(List.of(), List.of(zones));
    }

    JobZones andWriting(LakeBucket... zones) {
      return new JobZones(read, List.of(zones));
    }

    DataAccess access(LakeNames names) {
      DataAccess access = new DataAccess(names);
      read.forEach(access::readZone);
      readWrite.forEach(access::readWriteZone);
      return access;
    }

    /** The argument {@code <zone>_path} of each zone, the read ones first. */
    Map<String, String> paths(LakeNames names) {
      Map<String, String> paths = new LinkedHashMap<>();
      for (LakeBucket zone : Stream.concat(read.stream(), readWrite.stream()).toList()) {
        paths.put(zone.suffix() + "_path", names.zoneUri(zone));
      }
      return paths;
    }
  }

  private StateMachine pipeline(LakeNames names, IKey dataKey, IKey alertKey) {
    GlueStartJobRun runRaw =
        runJob("RunRawToProcessed", "Raw to processed", rawToProcessed, "$.rawToProcessed");
    GlueStartJobRun runCurated =
        runJob(
            "RunProcessedToCurated",
            "Processed to curated",
            processedToCurated,
            "$.processedToCurated");
    GlueStartJobRun runMaintenance =
        runJob("RunMaintenance", "Maintenance", maintenance, "$.maintenance");
    SnsPublish notify =
        SnsPublish.Builder.create(this, "NotifyFailure")
            .stateName("Notify failure")
            .topic(Topic.fromTopicArn(this, "AlertTopic", names.alertTopicArn()))
            .subject("ZoneLake pipeline failed")
            .message(
                TaskInput.fromObject(
                    Ordered.map(
                        "execution", JsonPath.stringAt("$$.Execution.Id"),
                        "error", JsonPath.stringAt("$.error.Error"),
                        "cause", JsonPath.stringAt("$.error.Cause"))))
            .resultPath(JsonPath.DISCARD)
            .build();
    Fail failed =
        Fail.Builder.create(this, "Failed")
            .stateName("Pipeline failed")
            .error("PipelineFailed")
            .causePath("$.error.Cause")
            .build();
    notify.next(failed);
    for (GlueStartJobRun task : List.of(runRaw, runCurated, runMaintenance)) {
      task.addRetry(
          RetryProps.builder()
              .errors(RETRIED_ERRORS)
              .interval(Duration.minutes(2))
              .maxAttempts(3)
              .backoffRate(2)
              .build());
      task.addCatch(
          notify, CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.error").build());
    }
    Succeed done = Succeed.Builder.create(this, "Done").stateName("Done").build();
    Choice maintain =
        Choice.Builder.create(this, "Maintain")
            .stateName("Maintain too?")
            .build()
            .when(
                Condition.and(
                    Condition.isPresent("$.maintain"), Condition.booleanEquals("$.maintain", true)),
                runMaintenance.next(done))
            .otherwise(done);
    Choice curate =
        Choice.Builder.create(this, "Curate")
            .stateName("Curate too?")
            .build()
            .when(
                Condition.and(
                    Condition.isPresent("$.curate"), Condition.booleanEquals("$.curate", true)),
                runCurated.next(maintain))
            .otherwise(maintain);

    LogGroup logs =
        encryptedLogGroup(
            "PipelineLogs", names.pipelineLogGroup(), RetentionDays.THREE_MONTHS, dataKey);
    StateMachine machine =
        StateMachine.Builder.create(this, "Pipeline")
            .stateMachineName(names.pipeline())
            .comment(
                "Raw to processed, then (with {\"curate\": true}) processed to curated, then"
                    + " (with {\"maintain\": true}) table maintenance.")
            .definitionBody(DefinitionBody.fromChainable(runRaw.next(curate)))
            .timeout(Duration.hours(6))
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    .includeExecutionData(false)
                    .build())
            .build();
    alertKey.grant(machine, "kms:Decrypt", "kms:GenerateDataKey");
    Nag.acknowledge(
        machine.getRole().getNode().findChild("DefaultPolicy"),
        "AwsSolutions-IAM5",
        "Step Functions log delivery (logs:*LogDelivery, logs:Describe*) and X-Ray tracing"
            + " (xray:PutTraceSegments and friends) support no resource-level permissions.",
        List.of("Resource::*"));
    return machine;
  }

  private void schedule(
      String id, String name, String description, Schedule schedule, Map<String, Object> input) {
    Rule.Builder.create(this, id)
        .ruleName(name)
        .description(description)
        .schedule(schedule)
        .targets(
            List.of(
                new SfnStateMachine(
                    pipeline,
                    SfnStateMachineProps.builder()
                        .input(RuleTargetInput.fromObject(input))
                        .build())))
        .build();
  }
}
