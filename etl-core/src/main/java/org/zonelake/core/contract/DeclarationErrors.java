package org.zonelake.core.contract;

import java.util.List;
import java.util.Locale;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.model.ContractDirectory;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.ErrorMessage;
import org.zonelake.model.Suggestion;

/**
 * The mistakes of the lake's declarations, dataset contracts and joined datasets alike, in the
 * words of {@link DeclarationKind}: a field that is wrong, a file named after something else, two
 * declarations of one name, no contract at all, a reference table that cannot be used.
 */
public final class DeclarationErrors {

  /** What a {@link DeclarationReader}'s mistakes become in the jobs. */
  public static final DeclarationReader.Failure FAILURE = LakeException::new;

  private DeclarationErrors() {}

  /** A field of a declaration is not valid. */
  public static LakeException invalid(
      DeclarationKind kind, String file, String field, String problem, String fix) {
    return new LakeException(kind.invalid(file, field, problem, fix));
  }

  /** Two declarations of one location declare the same name. */
  public static LakeException duplicate(
      DeclarationKind kind, String name, String first, String second) {
    return new LakeException(kind.duplicate(name, first, second));
  }

  /**
   * Refuses a contracts location that is a file, and names in the directory that are near misses of
   * the ones the jobs read, which would otherwise be passed over without a word: a contract whose
   * extension is not {@code .json} in lower case ({@code web_logs.JSON}), a directory named like
   * {@code joins} but not so ({@code join}).
   */
  public static void requireDeclarationNames(ListedDirectory directory) {
    String location = directory.location();
    if (directory.isFile()) {
      throw new LakeException(
          ErrorMessage.what("Contracts directory " + location + " is a file, not a directory")
              .fix("pass the directory that holds the contracts (and their rulesets and joins/)"));
    }
    for (String name : directory.names("")) {
      String extension = name.substring(name.lastIndexOf('.') + 1);
      String lower = extension.toLowerCase(Locale.ROOT);
      if ((lower.equals("json") || lower.equals("dqdl")) && !extension.equals(lower)) {
        String fixed = name.substring(0, name.length() - extension.length()) + lower;
        throw new LakeException(
            ErrorMessage.what(
                    "File " + name + " in contracts directory " + location + " is not read")
                .why(
                    "contracts are read from files ending in .json and rulesets from .dqdl, in"
                        + " lower case")
                .fix("rename it " + fixed));
      }
    }
    for (String name : directory.directories()) {
      if (!name.equals(ContractDirectory.JOINS)
          && Suggestion.closest(name, List.of(ContractDirectory.JOINS)).isPresent()) {
        throw new LakeException(
            ErrorMessage.what(
                    "Directory " + name + "/ in contracts directory " + location + " is not read")
                .why("joined datasets are declared in " + ContractDirectory.JOINS + "/")
                .fix("rename it " + ContractDirectory.JOINS));
      }
    }
  }

  /** The contracts location holds no contract. */
  public static LakeException noContracts(String location) {
    return new LakeException(
        ErrorMessage.what("No dataset contract (*.json) found in " + location)
            .fix(
                "point --contracts at the directory holding the contracts, or leave it out to use"
                    + " the contracts shipped in the jar"));
  }

  /**
   * The reference table of a joined dataset cannot be used.
   *
   * @param dataset the joined dataset
   * @param location the reference table's location
   * @param problem what is wrong with it
   * @param fix how to correct it
   * @param cause the underlying failure, or null
   */
  public static LakeException badReferenceTable(
      String dataset, String location, String problem, String fix, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(
                "Reference table "
                    + location
                    + " of joined dataset '"
                    + dataset
                    + "' "
                    + ErrorMessage.firstLine(problem))
            .fix(fix),
        cause);
  }
}
