package org.zonelake.core.join;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.DeclarationFiles;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.DeclarationKind;

/**
 * Loads the joined-dataset declarations that sit beside the dataset contracts, in a {@code joins/}
 * directory of the contracts location: every {@code *.json} file of it on a file system, or the
 * files its {@code INDEX} lists on the class path. A location without that directory declares no
 * joined dataset. Declarations are returned sorted by name; two for one name fail.
 */
public final class JoinedDatasetLoader {

  /** The directory, beside the contracts, holding the joined-dataset declarations. */
  public static final String DIRECTORY = ContractDirectory.JOINS;

  private JoinedDatasetLoader() {}

  /**
   * Loads every {@code <contracts>/joins/*.json}.
   *
   * @param contractsLocation the contracts directory (a URI or local path)
   * @param hadoopConf the Hadoop configuration used to reach the file system
   * @param contracts the contracts loaded from that directory
   */
  public static List<JoinedDataset> fromDirectory(
      String contractsLocation, Configuration hadoopConf, List<DatasetContract> contracts) {
    String dir = new Path(contractsLocation, DIRECTORY).toString();
    return parseAll(DeclarationFiles.inDirectory(dir, hadoopConf).orElse(Map.of()), contracts);
  }

  /**
   * Loads the declarations named in {@code <resourceDir>/joins/INDEX} (one file name per line) from
   * the class path; none when there is no such index.
   */
  public static List<JoinedDataset> fromClasspath(
      String resourceDir, ClassLoader loader, List<DatasetContract> contracts) {
    String dir = resourceDir + "/" + DIRECTORY;
    String fix = "rebuild the jar, or remove the name from " + dir + "/" + DeclarationFiles.INDEX;
    return parseAll(DeclarationFiles.onClasspath(dir, loader, fix).orElse(Map.of()), contracts);
  }

  private static List<JoinedDataset> parseAll(
      Map<String, String> textsByOrigin, List<DatasetContract> contracts) {
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    contracts.forEach(c -> bySource.put(c.source(), c));
    return DeclarationFiles.parseAll(
        DeclarationKind.JOINED_DATASET,
        textsByOrigin,
        (origin, text) -> JoinedDatasetParser.parse(origin, text, bySource),
        JoinedDataset::name,
        JoinedDataset::origin);
  }
}
