package org.zonelake.core.contract;

import org.zonelake.core.errors.LakeException;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.DeclarationReader;
import org.zonelake.model.ErrorMessage;

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

  /** The contracts location given is a file, not a directory. */
  public static LakeException contractsLocationIsAFile(String location) {
    return new LakeException(
        ErrorMessage.what("Contracts directory " + location + " is a file, not a directory")
            .fix("pass the directory that holds the contracts (and their rulesets and joins/)"));
  }

  /** A file or directory of the contracts directory is a near miss of a name the jobs read. */
  public static LakeException unreadName(String what, String location, String why, String meant) {
    return new LakeException(
        ErrorMessage.what(what + " in contracts directory " + location + " is not read")
            .why(why)
            .fix("rename it " + meant));
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
