package org.zonelake.quality;

import java.util.List;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetLoader;

/**
 * The dataset contracts packaged with this module, one per sample source, and the joined datasets
 * declared beside them ({@code joins/}).
 */
public final class ShippedContracts {

  /** The class-path directory holding the contracts and their INDEX. */
  public static final String RESOURCE_DIR = "zonelake/contracts";

  private ShippedContracts() {}

  /** Loads and validates every shipped contract. */
  public static List<DatasetContract> load() {
    return ContractLoader.fromClasspath(RESOURCE_DIR, ShippedContracts.class.getClassLoader());
  }

  /**
   * The shipped contract of {@code source}.
   *
   * @throws IllegalArgumentException when no shipped contract has that source name
   */
  public static DatasetContract of(String source) {
    return load().stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("No shipped contract for source '" + source + "'"));
  }

  /**
   * Loads and validates every shipped joined-dataset declaration against {@code contracts}.
   * Reference tables of the shipped declarations are packaged beside them ({@code reference/}).
   */
  public static List<JoinedDataset> loadJoinedDatasets(List<DatasetContract> contracts) {
    return JoinedDatasetLoader.fromClasspath(
        RESOURCE_DIR, ShippedContracts.class.getClassLoader(), contracts);
  }
}
