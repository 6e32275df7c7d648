package org.zonelake.deploy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Construct;

/**
 * What the app synthesizes: the stack prefix, an optional region, the lake's sources and curated
 * tables, and the operating thresholds. The prefix names the stacks and is the default of every
 * template's {@code Prefix} parameter, from which all resource names derive; the region, when
 * given, binds the stacks to it (the committed templates are region-agnostic).
 *
 * @param prefix lower-case letters and digits, 3 to 16 characters, starting with a letter
 * @param region the AWS region to bind the stacks to, or empty for region-agnostic templates
 * @param sources the raw sources, one processed and one quarantine table each
 * @param curatedTables the curated tables
 * @param qualityThreshold the ValidationSuccessRate (0 to 1) below which a source alarms
 * @param bytesScannedCutoffPerQuery the Athena workgroup's scan limit per query, in bytes
 */
public record LakeSettings(
    String prefix,
    Optional<String> region,
    List<String> sources,
    List<String> curatedTables,
    double qualityThreshold,
    long bytesScannedCutoffPerQuery) {

  /** The prefix used when none is given. */
  public static final String DEFAULT_PREFIX = "zonelake";

  /** The sources of the lake, as the dataset contracts name them. */
  public static final List<String> SOURCES =
      List.of("orders", "customers", "sensor_readings", "web_logs");

  /**
   * The curated tables ProcessedToCurated maintains: its aggregates, the statistics of its joins
   * and one table per joined dataset declared in the contracts' {@code joins/} directory.
   */
  public static final List<String> CURATED_TABLES =
      List.of(
          "daily_summary",
          "hourly_metrics",
          "source_statistics",
          "join_statistics",
          "orders_with_customers",
          "sensor_readings_with_devices");

  /** The prefix rule; it also becomes the Glue database name, so no dashes. */
  public static final String PREFIX_PATTERN = "^[a-z][a-z0-9]{2,15}$";

  private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
  private static final Pattern TABLE_NAME = Pattern.compile("^[a-z][a-z0-9_]*$");
  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");

  /** Validates the fields; messages name the field and the accepted form. */
  public LakeSettings {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix '"
              + prefix
              + "' is invalid: use 3 to 16 lower-case letters or digits, starting with a letter"
              + " (it names buckets and the Glue database)");
    }
    region.ifPresent(
        r -> {
          if (!REGION.matcher(r).matches()) {
            throw new IllegalArgumentException(
                "region '" + r + "' is not an AWS region name such as eu-west-1");
          }
        });
    sources = List.copyOf(sources);
    curatedTables = List.copyOf(curatedTables);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources is empty: name at least one source");
    }
    for (String name : concat(sources, curatedTables)) {
      if (!TABLE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "table name '" + name + "' is invalid: use lower-case letters, digits and '_'");
      }
    }
    if (!(qualityThreshold > 0 && qualityThreshold <= 1)) {
      throw new IllegalArgumentException(
          "qualityThreshold " + qualityThreshold + " is outside (0, 1]");
    }
    // Athena's own lower bound for a workgroup scan limit is 10 MB.
    if (bytesScannedCutoffPerQuery < 10_000_000L) {
      throw new IllegalArgumentException(
          "bytesScannedCutoffPerQuery " + bytesScannedCutoffPerQuery + " is below 10 MB");
    }
  }

  /** The settings the committed templates are synthesized with. */
  public static LakeSettings defaults() {
    return new LakeSettings(
        DEFAULT_PREFIX, Optional.empty(), SOURCES, CURATED_TABLES, 0.95, 10L * 1024 * 1024 * 1024);
  }

  /**
   * The defaults with the app context's {@code prefix} and {@code region} applied, when set (for
   * example {@code -c prefix=mylake} or the CDK_CONTEXT_JSON environment variable).
   */
  public static LakeSettings fromContext(Construct app) {
    LakeSettings base = defaults();
    Object prefix = app.getNode().tryGetContext("prefix");
    Object region = app.getNode().tryGetContext("region");
    return new LakeSettings(
        prefix == null ? base.prefix() : prefix.toString(),
        region == null || region.toString().isBlank()
            ? Optional.empty()
            : Optional.of(region.toString()),
        base.sources(),
        base.curatedTables(),
        base.qualityThreshold(),
        base.bytesScannedCutoffPerQuery());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
