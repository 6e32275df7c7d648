package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.glue.CfnCrawler;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Storage and catalog: the data key, the buckets of every zone (plus Athena results, artifacts
 * and access logs), the Glue database with a Delta table entry per processed, quarantine and
 * curated table, the Glue security configuration, and a crawler that discovers raw data.
 */
public final class StorageStack extends LakeStack {

  /** How often the raw discovery crawler runs (daily, 03:15 UTC). */
  public static final String CRAWLER_SCHEDULE = "cron(15 3 * * ? *)";

  /** The crawler's grouping: one table per source, compatible schemas combined. */
  public static final String CRAWLER_CONFIGURATION =
      "{\"Version\":1.0,"
          + "\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\","
          + "\"TableLevelConfiguration\":3},"
          + "\"CrawlerOutput\":{\"Partitions\":{\"AddOrUpdateBehavior\":\"InheritFromTable\"}}}";

  private final Key dataKey;
  private final Map<LakeBucket, SecureBucket> buckets = new EnumMap<>(LakeBucket.class);

  /** Creates the stack. */
  public StorageStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "storage",
        "ZoneLake storage and catalog: zone buckets, data key, Glue database, Delta tables,"
            + " raw crawler.");
    LakeNames names = names();

    this.dataKey =
        Key.Builder.create(this, "DataKey")
            .alias("alias/" + names.named("data"))
            .description("Encrypts the lake: zone buckets, Glue output and logs, ledger, Athena.")
            .enableKeyRotation(true)
            .pendingWindow(Duration.days(30))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // Glue (security configuration), Step Functions and API Gateway write log groups encrypted
    // with this key; CloudWatch Logs may use it only for this account's lake log groups.
    String logGroups = "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID;
    dataKey.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AllowLakeLogGroups")
            .effect(Effect.ALLOW)
            .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
            .actions(
                List.of(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKey",
                    "kms:DescribeKey"))
            .resources(List.of("*"))
            .conditions(
                Ordered.map(
                    "ArnLike",
                    Ordered.map(
                        "kms:EncryptionContext:aws:logs:arn",
                        List.of(
                            logGroups + ":log-group:/aws-glue/*",
                            logGroups + ":log-group:/aws/vendedlogs/states/" + names.named("*"),
                            logGroups + ":log-group:/aws/apigateway/" + names.named("*")))))
            .build());

    SecureBucket logs =
        bucket(LakeBucket.ACCESS_LOGS, Optional.empty(), List.of(expireAfter("expire-logs", 365)));
    IBucket logBucket = logs.bucket();
    Nag.acknowledge(
        logs.bucket(),
        "AwsSolutions-S1",
        "This is the server access log bucket of the lake; logging its own access would write a"
            + " log object for every log object delivered.",
        false);
    bucket(
        LakeBucket.RAW,
        Optional.of(logBucket),
        List.of(
            LifecycleRule.builder()
                .id("raw-to-infrequent-access")
                .transitions(
                    List.of(
                        Transition.builder()
                            .storageClass(StorageClass.INFREQUENT_ACCESS)
                            .transitionAfter(Duration.days(90))
                            .build()))
                .noncurrentVersionExpiration(Duration.days(90))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build()));
    for (LakeBucket zone :
        List.of(LakeBucket.PROCESSED, LakeBucket.CURATED, LakeBucket.QUARANTINE)) {
      bucket(zone, Optional.of(logBucket), List.of(noncurrentExpiry("expire-replaced-files", 30)));
    }
    bucket(
        LakeBucket.ATHENA_RESULTS,
        Optional.of(logBucket),
        List.of(expireAfter("expire-query-results", 30)));
    bucket(
        LakeBucket.ARTIFACTS,
        Optional.of(logBucket),
        List.of(
            noncurrentExpiry("expire-old-artifacts", 90),
            LifecycleRule.builder()
                .id("expire-glue-temp")
                .prefix("glue-temp/")
                .expiration(Duration.days(7))
                .noncurrentVersionExpiration(Duration.days(1))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                .id("expire-spark-logs")
                .prefix("spark-logs/")
                .expiration(Duration.days(30))
                .noncurrentVersionExpiration(Duration.days(1))
                .build()));

    CfnDatabase database =
        CfnDatabase.Builder.create(this, "Database")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseInput(
                CfnDatabase.DatabaseInputProperty.builder()
                    .name(names.database())
                    .description(
                        "ZoneLake: processed_<source>, quarantine_<source> and curated Delta"
                            + " tables; raw_<source> tables from the raw crawler.")
                    .build())
            .build();
    for (DeltaTable table : catalogTables(names, settings)) {
      table.getNode().addDependency(database);
    }

    CfnSecurityConfiguration security =
        CfnSecurityConfiguration.Builder.create(this, "GlueSecurityConfiguration")
            .name(names.glueSecurityConfiguration())
            .encryptionConfiguration(
                CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
                    .s3Encryptions(
                        List.of(
                            CfnSecurityConfiguration.S3EncryptionProperty.builder()
                                .s3EncryptionMode("SSE-KMS")
                                .kmsKeyArn(dataKey.getKeyArn())
                                .build()))
                    .cloudWatchEncryption(
                        CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                            .cloudWatchEncryptionMode("SSE-KMS")
                            .kmsKeyArn(dataKey.getKeyArn())
                            .build())
                    .jobBookmarksEncryption(
                        CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                            .jobBookmarksEncryptionMode("CSE-KMS")
                            .kmsKeyArn(dataKey.getKeyArn())
                            .build())
                    .build())
            .build();

    rawCrawler(names, database, security);

    CfnOutput.Builder.create(this, "DataKeyArn")
        .description("The lake's data key; imported by the other stacks.")
        .value(dataKey.getKeyArn())
        .exportName(names.dataKeyExport())
        .build();
    for (Map.Entry<LakeBucket, SecureBucket> entry : buckets.entrySet()) {
      CfnOutput.Builder.create(this, outputId(entry.getKey()))
          .description("The " + entry.getKey().suffix() + " bucket.")
          .value(entry.getValue().bucket().getBucketName())
          .build();
    }
    CfnOutput.Builder.create(this, "DatabaseName")
        .description("The Glue database of the lake.")
        .value(names.database())
        .build();
  }

  /** The lake's customer managed key. */
  public Key dataKey() {
    return dataKey;
  }

  /** The bucket of {@code which}. */
  public SecureBucket bucket(LakeBucket which) {
    return buckets.get(which);
  }

  /** The output id carrying a bucket's name, for example {@code ArtifactsBucketName}. */
  public static String outputId(LakeBucket bucket) {
    String camel =
        java.util.Arrays.stream(bucket.name().toLowerCase(java.util.Locale.ROOT).split("_"))
            .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
            .reduce("", String::concat);
    return camel + "BucketName";
  }

  private SecureBucket bucket(
      LakeBucket which, Optional<IBucket> accessLogs, List<LifecycleRule> lifecycle) {
    String camel = outputId(which).replace("BucketName", "");
    SecureBucket bucket =
        new SecureBucket(
            this,
            camel + "Bucket",
            new SecureBucket.Props(
                names().bucketName(which),
                which.customerKey() ? Optional.of(dataKey) : Optional.empty(),
                accessLogs,
                "s3/" + which.suffix() + "/",
                lifecycle));
    buckets.put(which, bucket);
    return bucket;
  }

  private static LifecycleRule expireAfter(String id, int days) {
    return LifecycleRule.builder()
        .id(id)
        .expiration(Duration.days(days))
        .noncurrentVersionExpiration(Duration.days(1))
        .abortIncompleteMultipartUploadAfter(Duration.days(1))
        .build();
  }

  private static LifecycleRule noncurrentExpiry(String id, int days) {
    return LifecycleRule.builder()
        .id(id)
        .noncurrentVersionExpiration(Duration.days(days))
        .abortIncompleteMultipartUploadAfter(Duration.days(7))
        .build();
  }

  private List<DeltaTable> catalogTables(LakeNames names, LakeSettings settings) {
    List<DeltaTable> tables = new ArrayList<>();
    for (String source : settings.sources()) {
      tables.add(
          new DeltaTable(
              this,
              "Processed-" + source,
              new DeltaTable.Props(
                  names.database(),
                  "processed_" + source,
                  names.s3Uri(LakeBucket.PROCESSED, "processed/" + source + "/"),
                  "Processed " + source + ": typed, checked and de-duplicated; partitioned by"
                      + " year, month, day of the event time.",
                  TableSchemas.processed(source))));
      tables.add(
          new DeltaTable(
              this,
              "Quarantine-" + source,
              new DeltaTable.Props(
                  names.database(),
                  "quarantine_" + source,
                  names.s3Uri(LakeBucket.QUARANTINE, "quarantine/" + source + "/"),
                  "Quarantined " + source + " records, verbatim, with the reasons they failed.",
                  List.of())));
    }
    for (String curated : settings.curatedTables()) {
      tables.add(
          new DeltaTable(
              this,
              "Curated-" + curated,
              new DeltaTable.Props(
                  names.database(),
                  curated,
                  names.s3Uri(LakeBucket.CURATED, "curated/" + curated + "/"),
                  "Curated " + curated.replace('_', ' ') + " across sources.",
                  List.of())));
    }
    return tables;
  }

  private void rawCrawler(
      LakeNames names, CfnDatabase database, CfnSecurityConfiguration security) {
    String glueArn = "arn:" + Aws.PARTITION + ":glue:" + Aws.REGION + ":" + Aws.ACCOUNT_ID;
    String rawTables = glueArn + ":table/" + names.database() + "/raw_*";
    String crawlerLogs =
        "arn:"
            + Aws.PARTITION
            + ":logs:"
            + Aws.REGION
            + ":"
            + Aws.ACCOUNT_ID
            + ":log-group:/aws-glue/crawlers*";
    DataAccess raw = new DataAccess(names).read(LakeBucket.RAW, "raw/");
    Role role =
        Role.Builder.create(this, "CrawlerRole")
            .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
            .description("Raw discovery crawler: reads raw/, maintains raw_* catalog tables.")
            .inlinePolicies(
                Ordered.<PolicyDocument>map(
                    "raw-data",
                    raw.document(),
                    "catalog",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(
                                        List.of(
                                            "glue:GetDatabase",
                                            "glue:GetTable",
                                            "glue:GetTables",
                                            "glue:CreateTable",
                                            "glue:UpdateTable",
                                            "glue:GetPartition",
                                            "glue:GetPartitions",
                                            "glue:BatchGetPartition",
                                            "glue:CreatePartition",
                                            "glue:BatchCreatePartition",
                                            "glue:UpdatePartition",
                                            "glue:BatchUpdatePartition"))
                                    .resources(
                                        List.of(
                                            glueArn + ":catalog",
                                            glueArn + ":database/" + names.database(),
                                            rawTables))
                                    .build(),
                                PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(
                                        List.of(
                                            "logs:CreateLogGroup",
                                            "logs:CreateLogStream",
                                            "logs:PutLogEvents",
                                            "logs:AssociateKmsKey"))
                                    .resources(List.of(crawlerLogs))
                                    .build(),
                                PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                                    .resources(List.of(dataKey.getKeyArn()))
                                    .build()))
                        .build()))
            .build();
    List<String> wildcards = new ArrayList<>(raw.objectArns());
    wildcards.add(rawTables);
    wildcards.add(crawlerLogs);
    Nag.acknowledge(
        role,
        "AwsSolutions-IAM5",
        "The crawler reads every object under raw/ and creates one raw_<source> table per source"
            + " it finds; Glue names its crawler log groups /aws-glue/crawlers*.",
        Nag.resourceFindings(this, wildcards));

    CfnCrawler crawler =
        CfnCrawler.Builder.create(this, "RawCrawler")
            .name(names.named("raw-discovery"))
            .description("Discovers raw data: one raw_<source> table per raw/<source>/ prefix.")
            .role(role.getRoleArn())
            .databaseName(names.database())
            .tablePrefix("raw_")
            .targets(
                CfnCrawler.TargetsProperty.builder()
                    .s3Targets(
                        List.of(
                            CfnCrawler.S3TargetProperty.builder()
                                .path(names.s3Uri(LakeBucket.RAW, "raw/"))
                                .build()))
                    .build())
            .schedule(
                CfnCrawler.ScheduleProperty.builder().scheduleExpression(CRAWLER_SCHEDULE).build())
            .schemaChangePolicy(
                CfnCrawler.SchemaChangePolicyProperty.builder()
                    .updateBehavior("LOG")
                    .deleteBehavior("LOG")
                    .build())
            .recrawlPolicy(
                CfnCrawler.RecrawlPolicyProperty.builder()
                    .recrawlBehavior("CRAWL_NEW_FOLDERS_ONLY")
                    .build())
            .configuration(CRAWLER_CONFIGURATION)
            .crawlerSecurityConfiguration(security.getName())
            .build();
    crawler.addDependency(database);
    crawler.addDependency(security);
  }
}
