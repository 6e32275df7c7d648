package org.zonelake.deploy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Storage: the lake's data key and the buckets of every zone, plus Athena results, artifacts and
 * access logs. Deployed first and on its own (its template stays under CloudFormation's inline
 * template size, so it needs no bucket to upload to); every later stack finds these buckets by name
 * and the key through the exported ARN.
 */
public final class StorageStack extends LakeStack {

  private final Key dataKey;
  private final Map<LakeBucket, SecureBucket> buckets = new EnumMap<>(LakeBucket.class);

  /** Creates the stack. */
  public StorageStack(Construct scope, String id, LakeSettings settings) {
    super(scope, id, settings, "storage", "ZoneLake storage: zone buckets and the data key.");
    LakeNames names = names();

    this.dataKey =
        retainedKey(
            "DataKey",
            names.named("data"),
            "Encrypts the lake: zone buckets, Glue output and logs, ledger, Athena.");
    // Glue (security configuration), Step Functions and API Gateway write log groups encrypted
    // with this key; CloudWatch Logs may use it only for this account's lake log groups.
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
                        names.encryptedLogGroups().stream().map(names::logGroupArn).toList())))
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

    exportedOutput(
        "DataKeyArn",
        "The lake's data key; imported by the other stacks.",
        dataKey.getKeyArn(),
        names.dataKeyExport());
    for (Map.Entry<LakeBucket, SecureBucket> entry : buckets.entrySet()) {
      output(
          outputId(entry.getKey()),
          "The " + entry.getKey().suffix() + " bucket.",
          entry.getValue().bucket().getBucketName());
    }
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
}
