package org.zonelake.core.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.errors.LakeErrors;

/**
 * Loads every contract of a location: a directory on any Hadoop file system (local, {@code s3://},
 * {@code s3a://}) or a resource directory on the class path that lists its files in an {@code
 * INDEX} file. Contracts are returned sorted by source name; two contracts for one source fail.
 */
public final class ContractLoader {

  /** The name of the file listing the contracts of a class-path resource directory. */
  public static final String INDEX = "INDEX";

  private ContractLoader() {}

  /**
   * Loads every {@code *.json} file of a directory as a contract.
   *
   * @param location a directory URI or local path
   * @param hadoopConf the Hadoop configuration used to reach the file system
   */
  public static List<DatasetContract> fromDirectory(String location, Configuration hadoopConf) {
    Path dir = new Path(location);
    Map<String, String> texts = new LinkedHashMap<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      if (!fs.exists(dir)) {
        throw LakeErrors.missingPath(
            "Contracts directory",
            location,
            "pass an existing directory to --contracts, or leave it out to use the shipped"
                + " contracts");
      }
      FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".json"));
      java.util.Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus file : files) {
        try (InputStream in = fs.open(file.getPath())) {
          texts.put(
              file.getPath().toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list contracts in " + location, e);
    }
    if (texts.isEmpty()) {
      throw LakeErrors.noContracts(location);
    }
    return parseAll(texts);
  }

  /**
   * Loads the contracts named in {@code <resourceDir>/INDEX} (one file name per line) from the
   * class path.
   */
  public static List<DatasetContract> fromClasspath(String resourceDir, ClassLoader loader) {
    String index = read(loader, resourceDir + "/" + INDEX);
    Map<String, String> texts = new LinkedHashMap<>();
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        texts.put("classpath:" + resourceDir + "/" + name, read(loader, resourceDir + "/" + name));
      }
    }
    if (texts.isEmpty()) {
      throw LakeErrors.noContracts("classpath:" + resourceDir);
    }
    return parseAll(texts);
  }

  private static List<DatasetContract> parseAll(Map<String, String> textsByOrigin) {
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : textsByOrigin.entrySet()) {
      DatasetContract contract = ContractParser.parse(entry.getKey(), entry.getValue());
      String expectedName = contract.source() + ".json";
      if (!entry.getKey().endsWith("/" + expectedName)) {
        throw LakeErrors.invalidContract(
            entry.getKey(),
            "source",
            "is '" + contract.source() + "' but the file is not named " + expectedName,
            "name the file after its source");
      }
      DatasetContract previous = bySource.put(contract.source(), contract);
      if (previous != null) {
        throw LakeErrors.duplicateSource(contract.source(), previous.origin(), entry.getKey());
      }
    }
    List<DatasetContract> contracts = new ArrayList<>(bySource.values());
    contracts.sort(Comparator.comparing(DatasetContract::source));
    return List.copyOf(contracts);
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw LakeErrors.missingPath(
            "Class-path resource",
            resource,
            "rebuild the jar; the shipped contracts must be packaged with it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read class-path resource " + resource, e);
    }
  }
}
