package org.zonelake.core.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.Suggestion;

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
    requireDeclarationNames(directory);
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
   * Refuses a contracts location that is a file, and names in the directory that are near misses of
   * the ones the jobs read, which would otherwise be passed over without a word: a contract whose
   * extension is not {@code .json} in lower case ({@code web_logs.JSON}), a directory named like
   * {@code joins} but not so ({@code join}).
   */
  private static void requireDeclarationNames(ListedDirectory directory) {
    String location = directory.location();
    if (directory.isFile()) {
      throw DeclarationErrors.contractsLocationIsAFile(location);
    }
    for (String name : directory.names("")) {
      String extension = name.substring(name.lastIndexOf('.') + 1);
      String lower = extension.toLowerCase(Locale.ROOT);
      if ((lower.equals("json") || lower.equals("dqdl")) && !extension.equals(lower)) {
        throw DeclarationErrors.unreadName(
            "File " + name,
            location,
            "contracts are read from files ending in .json and rulesets from .dqdl, in lower case",
            name.substring(0, name.length() - extension.length()) + lower);
      }
    }
    for (String name : directory.directories()) {
      if (!name.equals(ContractDirectory.JOINS)
          && Suggestion.closest(name, List.of(ContractDirectory.JOINS)).isPresent()) {
        throw DeclarationErrors.unreadName(
            "Directory " + name + "/",
            location,
            "joined datasets are declared in " + ContractDirectory.JOINS + "/",
            ContractDirectory.JOINS);
      }
    }
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
