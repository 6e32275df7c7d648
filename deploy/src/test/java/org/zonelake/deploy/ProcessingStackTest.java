package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The processing stack: Glue jobs, roles, ledger, pipeline, schedules. */
class ProcessingStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final ProcessingStack STACK = LAKE.stacks.processing();
  private static final Template TEMPLATE = LAKE.template(STACK);
  private static final String ARTIFACTS = "s3://" + Cfn.bucket(LakeBucket.ARTIFACTS) + "/";
  private static final String ALERT_TOPIC = "arn:aws:sns:eu-west-1:123456789012:zonelake-alerts";
  private static final String LEDGER =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/zonelake-run-ledger";

  // The jobs' own arguments, as the template renders them.
  private static final Map.Entry<String, String> RAW_PATH =
      Map.entry("--raw_path", "s3://" + Cfn.bucket(LakeBucket.RAW) + "/raw/");
  private static final Map.Entry<String, String> PROCESSED_PATH =
      Map.entry("--processed_path", "s3://" + Cfn.bucket(LakeBucket.PROCESSED) + "/processed/");
  private static final Map.Entry<String, String> QUARANTINE_PATH =
      Map.entry("--quarantine_path", "s3://" + Cfn.bucket(LakeBucket.QUARANTINE) + "/quarantine/");
  private static final Map.Entry<String, String> CURATED_PATH =
      Map.entry("--curated_path", "s3://" + Cfn.bucket(LakeBucket.CURATED) + "/curated/");
  private static final Map.Entry<String, String> CONTRACTS =
      Map.entry("--contracts", ARTIFACTS + "contracts/");
  private static final Map.Entry<String, String> LEDGER_TABLE =
      Map.entry(
          "--ledger_table",
          "<" + LAKE.logicalIdStartingWith(STACK, "AWS::DynamoDB::Table", "RunLedger") + ">");
  private static final Map.Entry<String, String> QUALITY_METRICS =
      Map.entry("--metrics_namespace", "DataLake/Quality");
  private static final Map.Entry<String, String> ALERTS =
      Map.entry("--alert_topic_arn", ALERT_TOPIC);

  // The object grants on the zones a job's role may have: read, or read and write, a zone prefix.
  private static final String READ_RAW = read(LakeBucket.RAW, "raw/");
  private static final String READ_PROCESSED = read(LakeBucket.PROCESSED, "processed/");
  private static final String READ_QUARANTINE = read(LakeBucket.QUARANTINE, "quarantine/");
  private static final String RW_PROCESSED = rw(LakeBucket.PROCESSED, "processed/");
  private static final String RW_QUARANTINE = rw(LakeBucket.QUARANTINE, "quarantine/");
  private static final String RW_CURATED = rw(LakeBucket.CURATED, "curated/");

  @Test
  void everyJobRunsOnGlue5WithTwoG1xWorkersOneAtATime() {
    TEMPLATE.resourceCountIs("AWS::Glue::Job", 4);
    TEMPLATE.allResourcesProperties(
        "AWS::Glue::Job",
        Match.objectLike(
            Map.of(
                "GlueVersion",
                "5.0",
                "WorkerType",
                "G.1X",
                "NumberOfWorkers",
                2,
                "ExecutionProperty",
                Map.of("MaxConcurrentRuns", 1),
                "Timeout",
                120,
                "MaxRetries",
                1,
                "Command",
                Match.objectLike(Map.of("Name", "glueetl")))));
  }

  @Test
  void rawToProcessedHasExactlyTheseDefaultArguments() {
    JsonNode job = job("zonelake-raw-to-processed");
    assertThat(Cfn.renderFields(job.get("DefaultArguments")))
        .containsExactly(
            Map.entry("--job-language", "scala"),
            Map.entry("--class", "org.zonelake.jobs.RawToProcessedJob"),
            Map.entry("--extra-jars", ARTIFACTS + "jars/zonelake-glue-jobs.jar"),
            Map.entry("--datalake-formats", "delta"),
            Map.entry(
                "--conf",
                "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf"
                    + " spark.sql.catalog.spark_catalog="
                    + "org.apache.spark.sql.delta.catalog.DeltaCatalog"),
            Map.entry("--job-bookmark-option", "job-bookmark-disable"),
            Map.entry("--TempDir", ARTIFACTS + "glue-temp/raw-to-processed/"),
            Map.entry("--enable-metrics", "true"),
            Map.entry("--enable-continuous-cloudwatch-log", "true"),
            Map.entry(
                "--continuous-log-logGroup",
                "<"
                    + LAKE.logicalIdStartingWith(STACK, "AWS::Logs::LogGroup", "GlueJobLogs")
                    + ">"),
            Map.entry("--continuous-log-logStreamPrefix", "raw-to-processed/"),
            Map.entry("--enable-spark-ui", "true"),
            Map.entry("--spark-event-logs-path", ARTIFACTS + "spark-logs/raw-to-processed/"),
            RAW_PATH,
            PROCESSED_PATH,
            QUARANTINE_PATH,
            CONTRACTS,
            Map.entry("--format", "delta"),
            LEDGER_TABLE,
            QUALITY_METRICS,
            ALERTS);
    assertThat(Cfn.render(job.at("/Command/ScriptLocation")))
        .isEqualTo(ARTIFACTS + "jars/zonelake-glue-jobs.jar");
  }

  @Test
  void processedToCuratedReadsProcessedAndQuarantineAndWritesCurated() {
    String job = "zonelake-processed-to-curated";
    assertThat(arguments(job).get("--class")).isEqualTo("org.zonelake.jobs.ProcessedToCuratedJob");
    assertThat(ownArguments(job))
        .containsExactly(
            PROCESSED_PATH,
            QUARANTINE_PATH,
            CURATED_PATH,
            CONTRACTS,
            LEDGER_TABLE,
            QUALITY_METRICS,
            ALERTS);
  }

  @Test
  void jobsUseTheirSecurityConfigurationWithEverythingEncrypted() {
    JsonNode config = LAKE.single(STACK, "AWS::Glue::SecurityConfiguration").get("Properties");
    assertThat(Cfn.render(config.get("Name"))).isEqualTo("zonelake-glue-jobs");
    JsonNode encryption = config.get("EncryptionConfiguration");
    assertThat(encryption.at("/S3Encryptions/0/S3EncryptionMode").asText()).isEqualTo("SSE-KMS");
    assertThat(encryption.at("/CloudWatchEncryption/CloudWatchEncryptionMode").asText())
        .isEqualTo("SSE-KMS");
    assertThat(encryption.at("/JobBookmarksEncryption/JobBookmarksEncryptionMode").asText())
        .isEqualTo("CSE-KMS");
    for (String name :
        List.of(
            "zonelake-raw-to-processed",
            "zonelake-processed-to-curated",
            "zonelake-maintenance",
            "zonelake-replay-quarantine")) {
      assertThat(Cfn.render(job(name).get("SecurityConfiguration")))
          .isEqualTo("<JobSecurityConfiguration>");
    }
  }

  /**
   * The zone prefixes each job's role may use: raw to processed reads raw and writes only processed
   * and quarantine, processed to curated never touches raw and writes only curated, maintenance may
   * delete under the zone prefixes but never touches raw, replay reads and writes only processed
   * and quarantine.
   */
  static Stream<Arguments> zoneGrantsOfEachJob() {
    return Stream.of(
        Arguments.of("raw-to-processed", List.of(READ_RAW, RW_PROCESSED, RW_QUARANTINE)),
        Arguments.of("processed-to-curated", List.of(READ_PROCESSED, READ_QUARANTINE, RW_CURATED)),
        Arguments.of("maintenance", List.of(RW_PROCESSED, RW_QUARANTINE, RW_CURATED)),
        Arguments.of("replay-quarantine", List.of(RW_PROCESSED, RW_QUARANTINE)));
  }

  /**
   * The object grants of a job's role are exactly its zone prefixes and those every job has: the
   * jars, the contracts, its temporary and log prefixes.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("zoneGrantsOfEachJob")
  void roleGrantsItsZonePrefixesItsArtifactsAndNothingElse(String job, List<String> zone) {
    List<String> grants = new ArrayList<>(zone);
    grants.add(read(LakeBucket.ARTIFACTS, "jars/"));
    grants.add(read(LakeBucket.ARTIFACTS, "contracts/"));
    grants.add(rw(LakeBucket.ARTIFACTS, "glue-temp/" + job + "/"));
    grants.add(rw(LakeBucket.ARTIFACTS, "spark-logs/" + job + "/"));
    assertThat(objectGrants(roleOf("zonelake-" + job))).containsExactlyInAnyOrderElementsOf(grants);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zonelake-raw-to-processed",
        "zonelake-processed-to-curated",
        "zonelake-replay-quarantine"
      })
  void roleMayRecordRunsPublishQualityMetricsAndAlertButNothingMore(String job) {
    assertThat(runStatements(roleOf(job)))
        .containsExactlyElementsOf(runStatementsPublishingTo("\"DataLake/Quality\",\"Glue\""));
  }

  @Test
  void maintenanceTakesTheZonesARetentionAndItsRunReporting() {
    Map<String, String> arguments = arguments("zonelake-maintenance");
    assertThat(arguments.get("--class")).isEqualTo("org.zonelake.jobs.MaintenanceJob");
    assertThat(arguments.get("--TempDir")).isEqualTo(ARTIFACTS + "glue-temp/maintenance/");
    assertThat(ownArguments("zonelake-maintenance"))
        .containsExactly(
            PROCESSED_PATH,
            QUARANTINE_PATH,
            CURATED_PATH,
            Map.entry("--retention_days", "7"),
            LEDGER_TABLE,
            ALERTS);
  }

  @Test
  void maintenanceRoleMayRecordRunsAndAlertButPublishesOnlyGlueMetrics() {
    assertThat(runStatements(roleOf("zonelake-maintenance")))
        .containsExactlyElementsOf(runStatementsPublishingTo("\"Glue\""));
  }

  @Test
  void replayQuarantineRunsItsClassWithTheZonesContractsAndRunReportingButNoSource() {
    JsonNode job = job("zonelake-replay-quarantine");
    assertThat(job.get("Description").asText())
        .isEqualTo(
            "Replay quarantine (on demand, one source a run): rows that pass the current contract"
                + " and rules go to processed, the replayed quarantine rows are marked.");
    assertThat(job.at("/Command/Name").asText()).isEqualTo("glueetl");
    assertThat(Cfn.render(job.at("/Command/ScriptLocation")))
        .isEqualTo(ARTIFACTS + "jars/zonelake-glue-jobs.jar");
    assertThat(arguments("zonelake-replay-quarantine"))
        .contains(
            Map.entry("--job-language", "scala"),
            Map.entry("--class", "org.zonelake.jobs.ReplayQuarantineJob"),
            Map.entry("--extra-jars", ARTIFACTS + "jars/zonelake-glue-jobs.jar"),
            Map.entry("--TempDir", ARTIFACTS + "glue-temp/replay-quarantine/"),
            Map.entry("--continuous-log-logStreamPrefix", "replay-quarantine/"),
            Map.entry("--spark-event-logs-path", ARTIFACTS + "spark-logs/replay-quarantine/"));
    assertThat(ownArguments("zonelake-replay-quarantine"))
        .containsExactly(
            PROCESSED_PATH, QUARANTINE_PATH, CONTRACTS, LEDGER_TABLE, QUALITY_METRICS, ALERTS);
  }

  @Test
  void replayQuarantineIsStartedOnDemandOnlyNeitherScheduledNorInThePipeline() throws Exception {
    String replay = jobId("zonelake-replay-quarantine");
    for (LakeStack stack : LAKE.stacks()) {
      assertThat(LAKE.resources(stack, "AWS::Glue::Trigger")).as(stack.getStackName()).isEmpty();
    }
    // The schedules start the state machine only (schedulesRun... checks each target).
    assertThat(LAKE.resources(STACK, "AWS::Events::Rule")).hasSize(3);
    JsonNode machine = LAKE.single(STACK, "AWS::StepFunctions::StateMachine").get("Properties");
    JsonNode definition = new ObjectMapper().readTree(Cfn.render(machine.get("DefinitionString")));
    List<String> jobsRun = new ArrayList<>();
    definition
        .get("States")
        .forEach(
            state -> {
              if (state.has("Parameters") && state.get("Parameters").has("JobName")) {
                jobsRun.add(state.at("/Parameters/JobName").asText());
              }
            });
    assertThat(jobsRun)
        .containsExactlyInAnyOrder(
            "<" + jobId("zonelake-raw-to-processed") + ">",
            "<" + jobId("zonelake-processed-to-curated") + ">",
            "<" + jobId("zonelake-maintenance") + ">");
    JsonNode pipelinePolicy =
        LAKE.resources(STACK, "AWS::IAM::Policy").entrySet().stream()
            .filter(e -> e.getKey().startsWith("PipelineRoleDefaultPolicy"))
            .findFirst()
            .orElseThrow()
            .getValue();
    List<String> startable = new ArrayList<>();
    for (JsonNode statement : pipelinePolicy.at("/Properties/PolicyDocument/Statement")) {
      if (Cfn.strings(statement.get("Action")).contains("glue:StartJobRun")) {
        startable.addAll(Cfn.strings(statement.get("Resource")));
      }
    }
    String jobArn = "arn:aws:glue:eu-west-1:123456789012:job/<%s>";
    assertThat(startable)
        .containsExactlyInAnyOrder(
            jobArn.formatted(jobId("zonelake-maintenance")),
            jobArn.formatted(jobId("zonelake-processed-to-curated")),
            jobArn.formatted(jobId("zonelake-raw-to-processed")))
        .doesNotContain(jobArn.formatted(replay));
  }

  @Test
  void replayQuarantineRoleListsOnlyTheProcessedQuarantineAndArtifactsBuckets() {
    assertThat(bucketGrants(roleOf("zonelake-replay-quarantine")))
        .containsExactlyInAnyOrder(
            "s3:GetBucketLocation,s3:ListBucket arn:aws:s3:::" + Cfn.bucket(LakeBucket.PROCESSED),
            "s3:GetBucketLocation,s3:ListBucket arn:aws:s3:::" + Cfn.bucket(LakeBucket.QUARANTINE),
            "s3:GetBucketLocation,s3:ListBucket arn:aws:s3:::" + Cfn.bucket(LakeBucket.ARTIFACTS));
  }

  /**
   * The run statements of a job that records its runs, alerts and publishes metrics to {@code
   * namespaces} (the JSON array's elements).
   */
  private static List<String> runStatementsPublishingTo(String namespaces) {
    return List.of(
        "RunLedger dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query,"
            + "dynamodb:UpdateItem on ["
            + LEDGER
            + ", "
            + LEDGER
            + "/index/gsi1]",
        "Alerts sns:Publish on [" + ALERT_TOPIC + "]",
        "AlertKey kms:Decrypt,kms:GenerateDataKey on [import:zonelake-alert-key-arn]",
        "DataKey kms:Decrypt,kms:Encrypt,kms:GenerateDataKey on [import:zonelake-data-key-arn]",
        "Metrics cloudwatch:PutMetricData on [*] if"
            + " {\"StringEquals\":{\"cloudwatch:namespace\":["
            + namespaces
            + "]}}",
        "Logs logs:AssociateKmsKey,logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents"
            + " on [arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*]");
  }

  @Test
  void ledgerTableArgumentNamesTheTableTheRoleMayUse() {
    JsonNode table = LAKE.single(STACK, "AWS::DynamoDB::Table");
    assertThat(Cfn.render(table.at("/Properties/TableName")))
        .isEqualTo(LEDGER.substring(LEDGER.lastIndexOf('/') + 1));
    assertThat(arguments("zonelake-raw-to-processed").get("--ledger_table"))
        .isEqualTo(
            "<" + LAKE.logicalIdStartingWith(STACK, "AWS::DynamoDB::Table", "RunLedger") + ">");
  }

  @Test
  void ledgerIsOnDemandWithPitrEncryptionGsiAndTtl() {
    JsonNode table = LAKE.single(STACK, "AWS::DynamoDB::Table");
    JsonNode p = table.get("Properties");
    assertThat(Cfn.render(p.get("TableName"))).isEqualTo("zonelake-run-ledger");
    assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    assertThat(keys(p.get("KeySchema"))).containsExactly("pk HASH", "sk RANGE");
    assertThat(attributes(p.get("AttributeDefinitions")))
        .containsExactlyInAnyOrder("pk S", "sk S", "gsi1pk S", "gsi1sk S");
    assertThat(p.get("GlobalSecondaryIndexes")).hasSize(1);
    JsonNode gsi = p.at("/GlobalSecondaryIndexes/0");
    assertThat(gsi.get("IndexName").asText()).isEqualTo("gsi1");
    assertThat(keys(gsi.get("KeySchema"))).containsExactly("gsi1pk HASH", "gsi1sk RANGE");
    assertThat(gsi.at("/Projection/ProjectionType").asText()).isEqualTo("ALL");
    assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
        .isTrue();
    assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
    assertThat(p.at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
    assertThat(Cfn.render(p.at("/SSESpecification/KMSMasterKeyId")))
        .isEqualTo("import:zonelake-data-key-arn");
    assertThat(p.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("expires_at");
    assertThat(p.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
    assertThat(p.get("DeletionProtectionEnabled").asBoolean()).isTrue();
    assertThat(table.get("DeletionPolicy").asText()).isEqualTo("Retain");
  }

  @Test
  void pipelineRunsRawToProcessedThenOptionallyCuratedAndAlertsOnFailure() throws Exception {
    JsonNode machine = LAKE.single(STACK, "AWS::StepFunctions::StateMachine").get("Properties");
    assertThat(Cfn.render(machine.get("StateMachineName"))).isEqualTo("zonelake-pipeline");
    JsonNode definition = new ObjectMapper().readTree(Cfn.render(machine.get("DefinitionString")));
    assertThat(definition.get("StartAt").asText()).isEqualTo("Raw to processed");
    JsonNode states = definition.get("States");
    List<String> names = new ArrayList<>();
    states.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder(
            "Raw to processed",
            "Curate too?",
            "Processed to curated",
            "Maintain too?",
            "Maintenance",
            "Done",
            "Notify failure",
            "Pipeline failed");

    for (String task : List.of("Raw to processed", "Processed to curated", "Maintenance")) {
      JsonNode state = states.get(task);
      assertThat(state.get("Resource").asText())
          .isEqualTo("arn:aws:states:::glue:startJobRun.sync");
      assertThat(Cfn.strings(state.at("/Retry/0/ErrorEquals")))
          .containsExactly(
              "Glue.ConcurrentRunsExceededException",
              "Glue.InternalServiceException",
              "Glue.ThrottlingException");
      assertThat(state.at("/Retry/0/MaxAttempts").asInt()).isEqualTo(3);
      assertThat(state.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
      assertThat(state.at("/Catch/0/Next").asText()).isEqualTo("Notify failure");
    }
    assertThat(states.at("/Raw to processed/Parameters/JobName").asText())
        .isEqualTo("<" + jobId("zonelake-raw-to-processed") + ">");
    assertThat(states.at("/Raw to processed/Next").asText()).isEqualTo("Curate too?");
    assertThat(states.at("/Curate too?/Choices/0/Next").asText()).isEqualTo("Processed to curated");
    assertThat(states.at("/Curate too?/Default").asText()).isEqualTo("Maintain too?");
    assertThat(states.at("/Processed to curated/Next").asText()).isEqualTo("Maintain too?");
    assertThat(states.at("/Maintain too?/Choices/0/Next").asText()).isEqualTo("Maintenance");
    assertThat(states.at("/Maintain too?/Choices/0/And/1/Variable").asText())
        .isEqualTo("$.maintain");
    assertThat(states.at("/Maintain too?/Choices/0/And/1/BooleanEquals").asBoolean()).isTrue();
    assertThat(states.at("/Maintain too?/Default").asText()).isEqualTo("Done");
    assertThat(states.at("/Maintenance/Parameters/JobName").asText())
        .isEqualTo("<" + jobId("zonelake-maintenance") + ">");
    assertThat(states.at("/Maintenance/Next").asText()).isEqualTo("Done");
    assertThat(states.at("/Notify failure/Resource").asText())
        .isEqualTo("arn:aws:states:::sns:publish");
    assertThat(states.at("/Notify failure/Parameters/TopicArn").asText())
        .isEqualTo("arn:aws:sns:eu-west-1:123456789012:zonelake-alerts");
    assertThat(states.at("/Notify failure/Next").asText()).isEqualTo("Pipeline failed");
    assertThat(states.at("/Pipeline failed/Type").asText()).isEqualTo("Fail");

    assertThat(machine.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
    assertThat(machine.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
  }

  @Test
  void schedulesRunIngestHourlyCurationDailyAndMaintenanceWeekly() {
    Map<String, String> schedules = new LinkedHashMap<>();
    for (JsonNode rule : LAKE.resources(STACK, "AWS::Events::Rule").values()) {
      JsonNode p = rule.get("Properties");
      assertThat(Cfn.render(p.at("/Targets/0/Arn")))
          .isEqualTo(
              "<"
                  + LAKE.logicalIdStartingWith(
                      STACK, "AWS::StepFunctions::StateMachine", "Pipeline")
                  + ">");
      schedules.put(
          Cfn.render(p.get("Name")),
          p.get("ScheduleExpression").asText() + " " + p.at("/Targets/0/Input").asText());
    }
    assertThat(schedules)
        .containsExactly(
            Map.entry("zonelake-ingest-hourly", "cron(5 * * * ? *) {\"curate\":false}"),
            Map.entry("zonelake-curate-daily", "cron(15 2 * * ? *) {\"curate\":true}"),
            Map.entry(
                "zonelake-maintain-weekly",
                "cron(45 3 ? * SUN *) {\"curate\":true,\"maintain\":true}"));
    assertThat(ProcessingStack.MAINTAIN_SCHEDULE).isEqualTo("cron(45 3 ? * SUN *)");
  }

  @Test
  void logGroupsAreEncryptedAndExpire() {
    Map<String, String> logs = new LinkedHashMap<>();
    for (JsonNode group : LAKE.resources(STACK, "AWS::Logs::LogGroup").values()) {
      JsonNode p = group.get("Properties");
      logs.put(
          Cfn.render(p.get("LogGroupName")),
          p.get("RetentionInDays").asInt() + " " + Cfn.render(p.get("KmsKeyId")));
    }
    assertThat(logs)
        .containsExactly(
            Map.entry("/aws-glue/jobs/zonelake", "30 import:zonelake-data-key-arn"),
            Map.entry(
                "/aws/vendedlogs/states/zonelake-pipeline", "90 import:zonelake-data-key-arn"));
  }

  private static String read(LakeBucket bucket, String prefix) {
    return "s3:GetObject arn:aws:s3:::" + Cfn.bucket(bucket) + "/" + prefix + "*";
  }

  private static String rw(LakeBucket bucket, String prefix) {
    return "s3:AbortMultipartUpload,s3:DeleteObject,s3:GetObject,s3:PutObject arn:aws:s3:::"
        + Cfn.bucket(bucket)
        + "/"
        + prefix
        + "*";
  }

  /** The job's default arguments. */
  private static Map<String, String> arguments(String job) {
    return Cfn.renderFields(job(job).get("DefaultArguments"));
  }

  /** The job's default arguments but those every job has (the Glue ones). */
  private static Map<String, String> ownArguments(String job) {
    Map<String, String> own = new LinkedHashMap<>(arguments(job));
    own.keySet().removeIf(GlueJobCatalogTest::isGlueArgument);
    return own;
  }

  private static JsonNode job(String name) {
    return LAKE.resources(STACK, "AWS::Glue::Job").values().stream()
        .map(j -> j.get("Properties"))
        .filter(p -> Cfn.render(p.get("Name")).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Glue job " + name));
  }

  private static String jobId(String name) {
    return LAKE.logicalId(STACK, "AWS::Glue::Job", "Name", name);
  }

  private static JsonNode roleOf(String jobName) {
    String roleId = Cfn.render(job(jobName).get("Role"));
    String logicalId = roleId.substring(1, roleId.indexOf('.'));
    return LAKE.json(STACK).at("/Resources/" + logicalId);
  }

  /** "sid actions on [resources] if condition" for each statement of the role's "run" policy. */
  private static List<String> runStatements(JsonNode role) {
    List<String> statements = new ArrayList<>();
    for (JsonNode policy : role.at("/Properties/Policies")) {
      if (!policy.get("PolicyName").asText().equals("run")) {
        continue;
      }
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        String condition =
            statement.has("Condition") ? " if " + statement.get("Condition").toString() : "";
        statements.add(
            statement.get("Sid").asText()
                + " "
                + String.join(",", Cfn.strings(statement.get("Action")))
                + " on "
                + Cfn.strings(statement.get("Resource"))
                + condition);
      }
    }
    return statements;
  }

  /** "actions resource" for every S3 object statement of the role's inline policies. */
  static List<String> objectGrants(JsonNode role) {
    return grants(
        role,
        actions -> actions.stream().anyMatch(a -> a.endsWith("Object") || a.endsWith("Upload")));
  }

  /** "actions bucket" for every bucket-level S3 statement of the role's inline policies. */
  private static List<String> bucketGrants(JsonNode role) {
    return grants(role, actions -> actions.contains("s3:ListBucket"));
  }

  /**
   * "actions resource" for every resource of the statements of the role's inline policies whose
   * actions are {@code wanted}.
   */
  private static List<String> grants(JsonNode role, Predicate<List<String>> wanted) {
    List<String> grants = new ArrayList<>();
    for (JsonNode policy : role.at("/Properties/Policies")) {
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        List<String> actions = Cfn.strings(statement.get("Action"));
        if (!wanted.test(actions)) {
          continue;
        }
        for (String resource : Cfn.strings(statement.get("Resource"))) {
          grants.add(String.join(",", actions) + " " + resource);
        }
      }
    }
    return grants;
  }

  private static List<String> keys(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema.forEach(k -> out.add(k.get("AttributeName").asText() + " " + k.get("KeyType").asText()));
    return out;
  }

  private static List<String> attributes(JsonNode definitions) {
    List<String> out = new ArrayList<>();
    definitions.forEach(
        a -> out.add(a.get("AttributeName").asText() + " " + a.get("AttributeType").asText()));
    return out;
  }
}
