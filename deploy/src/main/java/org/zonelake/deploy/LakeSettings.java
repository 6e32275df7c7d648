package org.zonelake.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.JoinDeclaration;
import software.constructs.Construct;

/**
 * What the app synthesizes: the stack prefix, an optional region, the dataset contracts the lake's
 * per-source resources derive from, and the operating thresholds. The prefix names the stacks and
 * is the default of every template's {@code Prefix} parameter, from which all resource names
 * derive; the region, when given, binds the stacks to it (the committed templates are
 * region-agnostic). Every source of the contracts gets its catalog tables, ingest route, raw prefix
 * in the ingest role, alarms and dashboard widgets; every joined dataset declared beside them its
 * curated table.
 *
 * @param prefix lower-case letters and digits, 3 to 16 characters, starting with a letter
 * @param region the AWS region to bind the stacks to, or empty for region-agnostic templates
 * @param contracts the contract directory the jobs are deployed with
 * @param qualityThreshold the ValidationSuccessRate (0 to 1) below which a source alarms
 * @param bytesScannedCutoffPerQuery the Athena workgroup's scan limit per query, in bytes
 */
public record LakeSettings(
    String prefix,
    Optional<String> region,
    ContractDirectory contracts,
    double qualityThreshold,
    long bytesScannedCutoffPerQuery) {

  /** The prefix used when none is given. */
  public static final String DEFAULT_PREFIX = "zonelake";

  /**
   * The system property naming the default contract directory: the contracts shipped in the jar
   * ({@code quality-rules/src/main/resources/zonelake/contracts}), set by the build.
   */
  public static final String CONTRACTS_PROPERTY = "zonelake.contracts.dir";

  /** The prefix rule; it also becomes the Glue database name, so no dashes. */
  public static final String PREFIX_PATTERN = "^[a-z][a-z0-9]{2,15}$";

  private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");

  /** Validates the fields; messages name the field and the accepted form. */
  public LakeSettings {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(contracts, "contracts");
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

  /** The raw sources, in contract order: one processed and one quarantine table each. */
  public List<String> sources() {
    return contracts.sources();
  }

  /** The joined datasets declared in the contracts' {@code joins/}, by name. */
  public List<String> joinedDatasets() {
    return contracts.joins().stream().map(JoinDeclaration::name).toList();
  }

  /** The curated tables: the curated job's aggregates, then one per joined dataset. */
  public List<String> curatedTables() {
    return contracts.curatedTables();
  }

  /** The settings of the committed templates, for the contracts in {@code contractsDir}. */
  public static LakeSettings defaults(Path contractsDir) {
    return new LakeSettings(
        DEFAULT_PREFIX,
        Optional.empty(),
        ContractDirectory.read(contractsDir),
        0.95,
        10L * 1024 * 1024 * 1024);
  }

  /** The settings of the committed templates: the shipped contracts. */
  public static LakeSettings defaults() {
    return defaults(shippedContracts());
  }

  /** The shipped contract directory, from the {@value #CONTRACTS_PROPERTY} system property. */
  public static Path shippedContracts() {
    String dir = System.getProperty(CONTRACTS_PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "no contract directory: pass --contracts DIR, or set the system property "
              + CONTRACTS_PROPERTY
              + " (the build sets it to the shipped contracts)");
    }
    return Path.of(dir);
  }

  /**
   * The defaults with the app context's {@code prefix}, {@code region} and {@code contracts} (a
   * directory) applied, when set (for example {@code -c prefix=mylake} or the CDK_CONTEXT_JSON
   * environment variable).
   */
  public static LakeSettings fromContext(Construct app) {
    Object prefix = app.getNode().tryGetContext("prefix");
    Object region = app.getNode().tryGetContext("region");
    Object contracts = app.getNode().tryGetContext("contracts");
    LakeSettings base =
        defaults(
            contracts == null || contracts.toString().isBlank()
                ? shippedContracts()
                : Path.of(contracts.toString()));
    return new LakeSettings(
        prefix == null ? base.prefix() : prefix.toString(),
        region == null || region.toString().isBlank()
            ? Optional.empty()
            : Optional.of(region.toString()),
        base.contracts(),
        base.qualityThreshold(),
        base.bytesScannedCutoffPerQuery());
  }
}
