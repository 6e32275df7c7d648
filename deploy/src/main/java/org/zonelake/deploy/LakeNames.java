package org.zonelake.deploy;

import java.util.List;
import software.amazon.awscdk.Aws;

/**
 * Every deterministic name of the lake, derived from the stack's {@code Prefix} parameter and the
 * account and region it is deployed to. The stacks find each other's resources through these names
 * (and two prefixed exports for the KMS keys), so a template deployed under another prefix creates
 * a second, independent lake.
 */
public final class LakeNames {

  /** Where the Glue job jar is uploaded in the artifacts bucket. */
  public static final String JOB_JAR_KEY = "jars/zonelake-glue-jobs.jar";

  /** Where the dataset contracts are uploaded in the artifacts bucket. */
  public static final String CONTRACTS_PREFIX = "contracts/";

  /** Where Glue names the log groups of its jobs and crawlers. */
  private static final String GLUE_LOG_GROUPS = "/aws-glue/";

  /**
   * Where the state machines' log groups go: under {@code /aws/vendedlogs/}, log delivery does not
   * add every log group to the CloudWatch Logs resource policy.
   */
  private static final String STATE_MACHINE_LOG_GROUPS = "/aws/vendedlogs/states/";

  /** Where the lake's API Gateway log groups go. */
  private static final String API_LOG_GROUPS = "/aws/apigateway/";

  private final String prefix;

  /**
   * Names for one stack.
   *
   * @param prefix the value of the stack's {@code Prefix} parameter (a token)
   */
  public LakeNames(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix token itself. */
  public String prefix() {
    return prefix;
  }

  /** {@code <prefix>-<suffix>}: the form of most resource names. */
  public String named(String suffix) {
    return prefix + "-" + suffix;
  }

  /** The globally unique bucket name {@code <prefix>-<suffix>-<account>-<region>}. */
  public String bucketName(LakeBucket bucket) {
    return prefix + "-" + bucket.suffix() + "-" + Aws.ACCOUNT_ID + "-" + Aws.REGION;
  }

  /** The bucket's ARN. */
  public String bucketArn(LakeBucket bucket) {
    return "arn:" + Aws.PARTITION + ":s3:::" + bucketName(bucket);
  }

  /** The ARN of the objects under {@code keyPrefix} ({@code <bucket-arn>/<keyPrefix>*}). */
  public String objectsArn(LakeBucket bucket, String keyPrefix) {
    return bucketArn(bucket) + "/" + keyPrefix + "*";
  }

  /** The {@code s3://} URI of {@code key} in the bucket. */
  public String s3Uri(LakeBucket bucket, String key) {
    return "s3://" + bucketName(bucket) + "/" + key;
  }

  /** The {@code s3://} URI of the zone's prefix ({@code s3://<bucket>/<zone>/}). */
  public String zoneUri(LakeBucket zone) {
    return s3Uri(zone, zone.zonePrefix());
  }

  /** The {@code s3://} URI of a table of the zone ({@code s3://<bucket>/<zone>/<table>/}). */
  public String tableUri(LakeBucket zone, String table) {
    return s3Uri(zone, zone.zonePrefix() + table + "/");
  }

  /** The Glue database of the lake: the prefix itself. */
  public String database() {
    return prefix;
  }

  /** The ARN of this account's Glue Data Catalog in the region. */
  public String glueCatalogArn() {
    return arn("glue", "catalog");
  }

  /** The ARN of the lake's Glue database. */
  public String glueDatabaseArn() {
    return arn("glue", "database/" + database());
  }

  /**
   * The ARN of the tables of the lake's database whose names match {@code tablePattern} ({@code *}
   * for every table, {@code raw_*} for the raw ones).
   */
  public String glueTablesArn(String tablePattern) {
    return arn("glue", "table/" + database() + "/" + tablePattern);
  }

  /** The Glue job's name. */
  public String jobName(LakeJob job) {
    return named(job.jobName());
  }

  /** The Glue security configuration of {@code user} ({@code crawler} or {@code jobs}). */
  public String glueSecurityConfiguration(String user) {
    return named("glue-" + user);
  }

  /** The run ledger DynamoDB table. */
  public String ledgerTable() {
    return named("run-ledger");
  }

  /** The run ledger table's ARN (its indexes are under {@code <arn>/index/}). */
  public String ledgerTableArn() {
    return arn("dynamodb", "table/" + ledgerTable());
  }

  /** The alert topic's name. */
  public String alertTopic() {
    return named("alerts");
  }

  /** The alert topic's ARN. */
  public String alertTopicArn() {
    return arn("sns", alertTopic());
  }

  /** The export carrying the data key's ARN (S3, Glue, DynamoDB, Athena, logs). */
  public String dataKeyExport() {
    return named("data-key-arn");
  }

  /** The export carrying the alert key's ARN (SNS). */
  public String alertKeyExport() {
    return named("alert-key-arn");
  }

  /** The Athena workgroup. */
  public String workgroup() {
    return named("analytics");
  }

  /** The Athena workgroup's ARN. */
  public String workgroupArn() {
    return arn("athena", "workgroup/" + workgroup());
  }

  /** The pipeline state machine's name. */
  public String pipeline() {
    return named("pipeline");
  }

  /** The pipeline state machine's ARN. */
  public String pipelineArn() {
    return arn("states", "stateMachine:" + pipeline());
  }

  /** The ingest REST API's name (also the {@code ApiName} dimension of its metrics). */
  public String ingestApi() {
    return named("ingest");
  }

  /** The log group the Glue jobs write their continuous logs to. */
  public String glueJobLogGroup() {
    return GLUE_LOG_GROUPS + "jobs/" + prefix;
  }

  /**
   * The log groups of the Glue crawlers (a pattern: Glue names them {@code /aws-glue/crawlers*}).
   */
  public String glueCrawlerLogGroups() {
    return GLUE_LOG_GROUPS + "crawlers*";
  }

  /**
   * Every log group Glue writes for the jobs and crawlers (a pattern: Glue names them under {@code
   * /aws-glue/}, adding the security configuration's name to those it encrypts).
   */
  public String glueLogGroups() {
    return GLUE_LOG_GROUPS + "*";
  }

  /** The log group the pipeline state machine writes its execution history to. */
  public String pipelineLogGroup() {
    return STATE_MACHINE_LOG_GROUPS + pipeline();
  }

  /** The log group of the ingest API's access logs. */
  public String ingestAccessLogGroup() {
    return API_LOG_GROUPS + named("ingest-access");
  }

  /**
   * The log groups the data key may encrypt (patterns): Glue's, and the lake's state machine and
   * API log groups, so {@link #pipelineLogGroup()} and {@link #ingestAccessLogGroup()} match.
   */
  public List<String> encryptedLogGroups() {
    return List.of(
        glueLogGroups(), STATE_MACHINE_LOG_GROUPS + named("*"), API_LOG_GROUPS + named("*"));
  }

  /** The ARN of the log group {@code logGroup} (a name or a pattern of names). */
  public String logGroupArn(String logGroup) {
    return arn("logs", "log-group:" + logGroup);
  }

  /**
   * The ARN {@code arn:<partition>:<service>:<region>:<account>:<resource>} of a resource of the
   * account and region the stack is deployed to.
   *
   * @param service the service's ARN namespace ({@code glue}, {@code logs}, {@code states}, ...)
   * @param resource the resource part, as the service writes it ({@code table/<db>/<table>})
   */
  public static String arn(String service, String resource) {
    return "arn:"
        + Aws.PARTITION
        + ":"
        + service
        + ":"
        + Aws.REGION
        + ":"
        + Aws.ACCOUNT_ID
        + ":"
        + resource;
  }
}
