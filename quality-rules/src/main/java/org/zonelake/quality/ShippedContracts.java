package org.zonelake.quality;

import java.util.List;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;

/** The dataset contracts packaged with this module, one per sample source. */
public final class ShippedContracts {

  /** The class-path directory holding the contracts and their INDEX. */
  public static final String RESOURCE_DIR = "zonelake/contracts";

  private ShippedContracts() {}

  /** Loads and validates every shipped contract. */
  public static List<DatasetContract> load() {
    return ContractLoader.fromClasspath(RESOURCE_DIR, ShippedContracts.class.getClassLoader());
  }
}
