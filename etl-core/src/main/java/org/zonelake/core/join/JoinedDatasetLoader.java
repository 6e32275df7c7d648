package org.zonelake.core.join;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;

/**
 * Loads the joined-dataset declarations that sit beside the dataset contracts, in a {@code joins/}
 * directory of the contracts location: every {@code *.json} file of it on a file system, or the
 * files its {@code INDEX} lists on the class path. A location without that directory declares no
 * joined dataset. Declarations are returned sorted by name; two for one name fail.
 */
public final class JoinedDatasetLoader {

  /** The directory, beside the contracts, holding the joined-dataset declarations. */
  public static final String DIRECTORY = "joins";

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
    Path dir = new Path(contractsLocation, DIRECTORY);
    Map<String, String> texts = new LinkedHashMap<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      if (!fs.exists(dir)) {
        return List.of();
      }
      FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".json"));
      Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus file : files) {
        try (InputStream in = fs.open(file.getPath())) {
          texts.put(
              file.getPath().toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list joined datasets in " + dir, e);
    }
    return parseAll(texts, contracts);
  }

  /**
   * Loads the declarations named in {@code <resourceDir>/joins/INDEX} (one file name per line) from
   * the class path; none when there is no such index.
   */
  public static List<JoinedDataset> fromClasspath(
      String resourceDir, ClassLoader loader, List<DatasetContract> contracts) {
    String dir = resourceDir + "/" + DIRECTORY;
    String index = read(loader, dir + "/" + ContractLoader.INDEX);
    Map<String, String> texts = new LinkedHashMap<>();
    if (index != null) {
      for (String line : index.split("\n")) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          String text = read(loader, dir + "/" + name);
          if (text == null) {
            throw LakeErrors.missingPath(
                "Class-path resource",
                dir + "/" + name,
                "rebuild the jar, or remove the name from " + dir + "/" + ContractLoader.INDEX);
          }
          texts.put("classpath:" + dir + "/" + name, text);
        }
      }
    }
    return parseAll(texts, contracts);
  }

  private static List<JoinedDataset> parseAll(
      Map<String, String> textsByOrigin, List<DatasetContract> contracts) {
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    contracts.forEach(c -> bySource.put(c.source(), c));
    Map<String, JoinedDataset> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : textsByOrigin.entrySet()) {
      JoinedDataset dataset = JoinedDatasetParser.parse(entry.getKey(), entry.getValue(), bySource);
      String expectedName = dataset.name() + ".json";
      if (!entry.getKey().endsWith("/" + expectedName)) {
        throw LakeErrors.invalidJoinedDataset(
            entry.getKey(),
            "name",
            "is '" + dataset.name() + "' but the file is not named " + expectedName,
            "name the file after the joined dataset");
      }
      JoinedDataset previous = byName.put(dataset.name(), dataset);
      if (previous != null) {
        throw LakeErrors.duplicateJoinedDataset(dataset.name(), previous.origin(), entry.getKey());
      }
    }
    List<JoinedDataset> datasets = new ArrayList<>(byName.values());
    datasets.sort(Comparator.comparing(JoinedDataset::name));
    return List.copyOf(datasets);
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read class-path resource " + resource, e);
    }
  }
}
