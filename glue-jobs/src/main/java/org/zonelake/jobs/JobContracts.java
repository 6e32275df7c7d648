package org.zonelake.jobs;

import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetLoader;
import org.zonelake.quality.Ruleset;
import org.zonelake.quality.Rulesets;
import org.zonelake.quality.ShippedContracts;

/**
 * What a job reads its declarations from: the directory or {@code s3://} prefix of {@code
 * --contracts}, or, without it, the contracts, rulesets and joined datasets packaged in the jar.
 * The directory is listed once, on first use: its contracts and rulesets are read from that
 * listing.
 */
public final class JobContracts {

  private final SparkSession spark;
  private final Optional<String> directory;
  private ListedDirectory listed;

  /**
   * The declarations of {@code directory} ({@code --contracts}), or the jar's without it.
   *
   * @param spark the session (its Hadoop settings reach the directory)
   * @param directory {@code --contracts}, if given
   */
  public JobContracts(SparkSession spark, Optional<String> directory) {
    this.spark = spark;
    this.directory = directory;
  }

  /**
   * The dataset contracts.
   *
   * @throws org.zonelake.core.errors.LakeException also when a ruleset file of the directory is
   *     read by no contract
   */
  public List<DatasetContract> contracts() {
    return directory.map(dir -> inDirectory(listed(dir))).orElseGet(ShippedContracts::load);
  }

  /**
   * The contract of {@code source}.
   *
   * @throws org.zonelake.core.errors.LakeException naming the sources there are, when it has none
   */
  DatasetContract contract(String source) {
    List<DatasetContract> contracts = contracts();
    return contracts.stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(
            () ->
                LakeErrors.unknownSources(
                    List.of(source), contracts.stream().map(DatasetContract::source).toList()));
  }

  /** The quality rules of {@code contract}, from beside it. */
  public Ruleset ruleset(DatasetContract contract) {
    return directory
        .map(dir -> Rulesets.fromDirectory(listed(dir), contract))
        .orElseGet(() -> Rulesets.load(contract));
  }

  /** The joined datasets declared in {@code joins/}, over {@code contracts}. */
  List<JoinedDataset> joinedDatasets(List<DatasetContract> contracts) {
    return directory
        .map(dir -> JoinedDatasetLoader.fromDirectory(dir, hadoop(), contracts))
        .orElseGet(() -> ShippedContracts.loadJoinedDatasets(contracts));
  }

  /**
   * The contracts of a listed directory, refusing a ruleset file that no contract reads: what the
   * jobs load, and what the deploy bundle stages.
   */
  static List<DatasetContract> inDirectory(ListedDirectory directory) {
    List<DatasetContract> contracts = ContractLoader.fromDirectory(directory);
    Rulesets.requireAllRead(directory, contracts);
    return contracts;
  }

  /** The one listing of the directory. */
  private synchronized ListedDirectory listed(String dir) {
    if (listed == null) {
      listed = ListedDirectory.of(dir, hadoop());
    }
    return listed;
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
