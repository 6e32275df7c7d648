package org.zonelake.deploy;

/**
 * The buckets of the lake. Each zone is its own bucket; the objects of a zone sit under the zone's
 * key prefix ({@code raw/}, {@code processed/}, ...), so a bucket can also be read as a lake root.
 */
public enum LakeBucket {
  /** Raw zone: immutable input files, {@code raw/<source>/year=YYYY/month=MM/day=DD/<file>}. */
  RAW("raw", true),
  /** Processed zone: one Delta table per source under {@code processed/}. */
  PROCESSED("processed", true),
  /** Curated zone: aggregate Delta tables under {@code curated/}. */
  CURATED("curated", true),
  /** Quarantine zone: rejected records with their reasons under {@code quarantine/}. */
  QUARANTINE("quarantine", true),
  /** Athena query results (expire after a month). */
  ATHENA_RESULTS("athena", true),
  /** The Glue job jar, the dataset contracts, Glue temporary files and Spark event logs. */
  ARTIFACTS("artifacts", true),
  /** S3 server access logs of all other buckets; SSE-S3, as log delivery requires. */
  ACCESS_LOGS("logs", false);

  private final String suffix;
  private final boolean customerKey;

  LakeBucket(String suffix, boolean customerKey) {
    this.suffix = suffix;
    this.customerKey = customerKey;
  }

  /** The word in the bucket name, {@code <prefix>-<suffix>-<account>-<region>}. */
  public String suffix() {
    return suffix;
  }

  /** Whether the bucket is encrypted with the lake's customer managed KMS key (else SSE-S3). */
  public boolean customerKey() {
    return customerKey;
  }

  /**
   * The key prefix the zone's objects sit under: {@code raw/}, {@code processed/}, {@code curated/}
   * or {@code quarantine/}.
   *
   * @throws IllegalStateException for a bucket that is not a zone
   */
  public String zonePrefix() {
    return switch (this) {
      case RAW, PROCESSED, CURATED, QUARANTINE -> suffix + "/";
      default -> throw new IllegalStateException(this + " is not a zone of the lake");
    };
  }
}
