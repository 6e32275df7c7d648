package org.zonelake.core.contract;

import java.util.List;
import java.util.Map;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.model.DeclarationKind;

/**
 * Loads every contract of a location: a directory on any Hadoop file system (local, {@code s3://},
 * {@code s3a://}) or a resource directory on the class path that lists its files in an {@code
 * INDEX} file. Contracts are returned sorted by source name; two contracts for one source fail.
 */
public final class ContractLoader {

  /** The name of the file listing the contracts of a class-path resource directory. */
  public static final String INDEX = DeclarationFiles.INDEX;

  private static final String REBUILD =
      "rebuild the jar; the shipped contracts must be packaged with it";

  private ContractLoader() {}

  /**
   * Loads every {@code *.json} file of a listed directory as a contract.
   *
   * @throws org.zonelake.core.errors.LakeException when the directory does not exist, holds no
   *     contract, or a contract is invalid (naming the file, the field and the fix)
   */
  public static List<DatasetContract> fromDirectory(ListedDirectory directory) {
    String location = directory.location();
    DeclarationErrors.requireDeclarationNames(directory);
    Map<String, String> texts =
        DeclarationFiles.inDirectory(directory)
            .orElseThrow(
                () ->
                    LakeErrors.missingPath(
                        "Contracts directory",
                        location,
                        "pass an existing directory to --contracts, or leave it out to use the"
                            + " shipped contracts"));
    return parseAll(location, texts);
  }

  /**
   * Loads the contracts named in {@code <resourceDir>/INDEX} (one file name per line) from the
   * class path.
   */
  public static List<DatasetContract> fromClasspath(String resourceDir, ClassLoader loader) {
    Map<String, String> texts =
        DeclarationFiles.onClasspath(resourceDir, loader, REBUILD)
            .orElseThrow(
                () ->
                    LakeErrors.missingPath(
                        "Class-path resource", resourceDir + "/" + INDEX, REBUILD));
    return parseAll("classpath:" + resourceDir, texts);
  }

  private static List<DatasetContract> parseAll(String location, Map<String, String> texts) {
    if (texts.isEmpty()) {
      throw DeclarationErrors.noContracts(location);
    }
    return DeclarationFiles.parseAll(
        DeclarationKind.CONTRACT,
        texts,
        ContractParser::parse,
        DatasetContract::source,
        DatasetContract::origin);
  }
}
