package org.zonelake.deploy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A bucket with the lake's baseline: versioned, encrypted (SSE-KMS with a bucket key, or SSE-S3),
 * TLS 1.2+ only, all public access blocked, ACLs disabled, server access logs to the log bucket,
 * retained when the stack is deleted.
 */
public final class SecureBucket extends Construct {

  /**
   * What differs between the lake's buckets.
   *
   * @param bucketName the bucket name (a token derived from the prefix)
   * @param encryptionKey the customer managed key, or empty for SSE-S3
   * @param accessLogs the bucket receiving server access logs, or empty for the log bucket itself
   * @param accessLogPrefix the key prefix of this bucket's access logs
   * @param lifecycleRules the bucket's lifecycle rules
   */
  public record Props(
      String bucketName,
      Optional<IKey> encryptionKey,
      Optional<IBucket> accessLogs,
      String accessLogPrefix,
      List<LifecycleRule> lifecycleRules) {

    /** Validates and copies. */
    public Props {
      Objects.requireNonNull(bucketName, "bucketName");
      Objects.requireNonNull(encryptionKey, "encryptionKey");
      Objects.requireNonNull(accessLogs, "accessLogs");
      Objects.requireNonNull(accessLogPrefix, "accessLogPrefix");
      lifecycleRules = List.copyOf(lifecycleRules);
    }
  }

  private final Bucket bucket;

  /** Creates the bucket. */
  public SecureBucket(Construct scope, String id, Props props) {
    super(scope, id);
    Bucket.Builder builder =
        Bucket.Builder.create(this, "Bucket")
            .bucketName(props.bucketName())
            .versioned(true)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .lifecycleRules(props.lifecycleRules())
            .removalPolicy(RemovalPolicy.RETAIN);
    props
        .encryptionKey()
        .ifPresentOrElse(
            key ->
                builder.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true),
            () -> builder.encryption(BucketEncryption.S3_MANAGED));
    props
        .accessLogs()
        .ifPresent(
            logs ->
                builder
                    .serverAccessLogsBucket(logs)
                    .serverAccessLogsPrefix(props.accessLogPrefix()));
    this.bucket = builder.build();
  }

  /** The bucket. */
  public Bucket bucket() {
    return bucket;
  }
}
