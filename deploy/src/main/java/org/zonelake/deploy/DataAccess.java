package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Collects least-privilege S3 statements for one role: object actions only under the key prefixes
 * the role works on, bucket-level listing only on the buckets it touches. It remembers the object
 * ARNs (which end in {@code *}) so the role can acknowledge exactly those wildcard findings.
 */
final class DataAccess {

  private final LakeNames names;
  private final List<PolicyStatement> statements = new ArrayList<>();
  private final Set<LakeBucket> buckets = new LinkedHashSet<>();
  private final List<String> objectArns = new ArrayList<>();
  private boolean listing = true;

  DataAccess(LakeNames names) {
    this.names = names;
  }

  /** Read objects under {@code keyPrefix} ("" for the whole bucket). */
  DataAccess read(LakeBucket bucket, String keyPrefix) {
    return objects(bucket, keyPrefix, List.of("s3:GetObject"));
  }

  /** Read the zone's objects (under its prefix). */
  DataAccess readZone(LakeBucket zone) {
    return read(zone, zone.zonePrefix());
  }

  /** Read, write and delete the zone's objects (under its prefix). */
  DataAccess readWriteZone(LakeBucket zone) {
    return readWrite(zone, zone.zonePrefix());
  }

  /** Create objects under {@code keyPrefix}, without reading or deleting. */
  DataAccess put(LakeBucket bucket, String keyPrefix) {
    return objects(bucket, keyPrefix, List.of("s3:PutObject"));
  }

  /** Read, write and delete objects under {@code keyPrefix} (Delta tables, manifests). */
  DataAccess readWrite(LakeBucket bucket, String keyPrefix) {
    return objects(
        bucket,
        keyPrefix,
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"));
  }

  private DataAccess objects(LakeBucket bucket, String keyPrefix, List<String> actions) {
    String arn = names.objectsArn(bucket, keyPrefix);
    statements.add(IamActions.allow(actions, List.of(arn)));
    buckets.add(bucket);
    objectArns.add(arn);
    return this;
  }

  /** Leaves out bucket listing: for a role that only writes new objects. */
  DataAccess withoutListing() {
    listing = false;
    return this;
  }

  /** The statements, listing included unless left out, for an inline policy. */
  PolicyDocument document() {
    return PolicyDocument.Builder.create().statements(statements()).build();
  }

  /** The statements, listing included unless left out. */
  List<PolicyStatement> statements() {
    List<PolicyStatement> all = new ArrayList<>(statements);
    if (!listing) {
      return all;
    }
    all.add(
        IamActions.allow(
            List.of("s3:ListBucket", "s3:GetBucketLocation"),
            buckets.stream().map(names::bucketArn).toList()));
    return all;
  }

  /** The object ARNs granted, each ending in {@code *}. */
  List<String> objectArns() {
    return List.copyOf(objectArns);
  }
}
