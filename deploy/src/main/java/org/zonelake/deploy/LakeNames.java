package org.zonelake.deploy;

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

  /** The alert topic's name. */
  public String alertTopic() {
    return named("alerts");
  }

  /** The alert topic's ARN. */
  public String alertTopicArn() {
    return "arn:"
        + Aws.PARTITION
        + ":sns:"
        + Aws.REGION
        + ":"
        + Aws.ACCOUNT_ID
        + ":"
        + alertTopic();
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

  /** The log group the Glue jobs write their continuous logs to. */
  public String glueJobLogGroup() {
    return "/aws-glue/jobs/" + prefix;
  }
}
