package org.zonelake.quality;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;

/**
 * The failures of the quality rules: a ruleset that is not valid DQDL or names what the contract
 * does not have, a missing ruleset or reference dataset, and the gate of the rules with action
 * fail. Every message names the file and line, the rule, and the fix.
 */
public final class QualityErrors {

  private QualityErrors() {}

  /** A ruleset file is not valid DQDL or breaks the ruleset layout. */
  public static LakeException invalidRuleset(String file, int line, String problem, String fix) {
    return new LakeException(ErrorMessage.what(ruleset(file, line)).why(problem).fix(fix));
  }

  /** A ruleset holds a rule ZoneLake cannot evaluate; it is rejected, never ignored. */
  public static LakeException unsupportedRule(
      String file, int line, String rule, String problem, String fix) {
    return new LakeException(
        ErrorMessage.what(ruleset(file, line)).why("rule '" + rule + "' " + problem).fix(fix));
  }

  /** A rule names a column the dataset contract does not declare. */
  public static LakeException unknownRuleColumn(
      String file, int line, String rule, String column, String source, Collection<String> known) {
    return new LakeException(
        ErrorMessage.what(ruleset(file, line))
            .why(
                "rule '"
                    + rule
                    + "' names column '"
                    + column
                    + "', which the contract of source '"
                    + source
                    + "' does not declare")
            .fix("use one of " + known + ", or declare the column in the contract"));
  }

  /** A ruleset file the contract lists does not exist. */
  public static LakeException missingRuleset(String source, String file, String location) {
    return new LakeException(
        ErrorMessage.what(
                "The contract of source '"
                    + source
                    + "' lists ruleset "
                    + file
                    + ", which does not exist in "
                    + location)
            .fix("add the file next to the contract, or remove it from \"rulesets\""));
  }

  /**
   * The source a ruleset file no contract reads was most likely meant for.
   *
   * @param source the source
   * @param listed the ruleset files its contract lists (empty: it reads its default files)
   * @param defaultName the file's name after the source and the file's action, when it has one
   */
  record MeantFor(String source, List<String> listed, Optional<String> defaultName) {}

  /** A ruleset file of a contracts directory is read by no contract. */
  static LakeException unreadRuleset(String file, String directory, Optional<MeantFor> meantFor) {
    String fix =
        meantFor
            .map(
                m -> {
                  if (!m.listed().isEmpty()) {
                    return "add \""
                        + file
                        + "\" to \"rulesets\" in the contract of source '"
                        + m.source()
                        + "', which lists "
                        + String.join(", ", m.listed());
                  }
                  return m.defaultName()
                      .filter(name -> !name.equals(file))
                      .map(name -> "rename it " + name)
                      .orElse(
                          "name it after its source and the action of its rules: "
                              + String.join(
                                  ", ",
                                  Arrays.stream(RuleAction.values())
                                      .map(a -> m.source() + "." + a.fileLabel() + ".dqdl")
                                      .toList())
                              + ", or list it in the contract's \"rulesets\"");
                })
            .orElse(
                "list it in the \"rulesets\" of the contract it belongs to, or name it"
                    + " <source>.<action>.dqdl after its source");
    return new LakeException(
        ErrorMessage.what("Ruleset file " + file + " in " + directory + " is read by no contract")
            .why(
                "a contract without \"rulesets\" reads <source>.warn.dqdl,"
                    + " <source>.quarantine.dqdl and <source>.fail.dqdl; one with \"rulesets\""
                    + " reads the files it lists; so none of this file's rules would run")
            .fix(fix + "; or move the file out of the directory"));
  }

  /** A ReferentialIntegrity rule names a reference dataset the caller did not provide. */
  public static LakeException missingReferenceDataset(
      String rule, String reference, Collection<String> provided) {
    return new LakeException(
        ErrorMessage.what(
                "Rule '"
                    + rule
                    + "' checks against reference dataset '"
                    + reference
                    + "', which was not provided (provided: "
                    + provided
                    + ")")
            .fix("pass the reference dataset under the name '" + reference + "' when evaluating"));
  }

  /**
   * Quality rules with action fail did not pass, so the batch is not committed.
   *
   * @param source the source of the batch
   * @param failures one line per failed rule, each naming the rule, the observed value and the
   *     threshold
   * @param rawFiles the batch's raw files (the first five are named)
   * @param records what became of the batch's records (see {@link QualityOutcome#requirePassed})
   */
  public static LakeException qualityGateFailed(
      String source, Collection<String> failures, List<String> rawFiles, String records) {
    String files =
        String.join(", ", rawFiles.subList(0, Math.min(5, rawFiles.size())))
            + (rawFiles.size() > 5 ? " and " + (rawFiles.size() - 5) + " more" : "");
    return gateFailed(
        source,
        failures.size() + " quality rule(s) with action fail did not pass",
        failures,
        "The batch " + records + ". Nothing of it was committed; its raw files: " + files,
        "correct the data at its origin, the contract if the records are right (a time format"
            + " it does not list yet, say), or the rule if the expectation is wrong; the raw files"
            + " are read again by the next run (a file that cannot be corrected can be moved out"
            + " of the raw zone: the next run puts it in file quarantine)");
  }

  /**
   * A replay's recovered rows do not pass quality rules with action fail, so nothing is written.
   *
   * @param source the source replayed
   * @param failures one line per failed rule, as for {@link #qualityGateFailed}
   */
  public static LakeException replayQualityGateFailed(String source, Collection<String> failures) {
    return gateFailed(
        source,
        "the replayed rows do not pass " + failures.size() + " quality rule(s) with action fail",
        failures,
        "Nothing was written and the quarantine rows stay open",
        "narrow the selection (--reason, --rule, --run, --from/--to) or correct the rule");
  }

  private static LakeException gateFailed(
      String source, String what, Collection<String> failures, String note, String fix) {
    return new LakeException(
        ErrorMessage.what("Source '" + source + "': " + what)
            .why(String.join("; ", failures))
            .note(note)
            .fix(fix));
  }

  private static String ruleset(String file, int line) {
    return "Ruleset " + file + (line > 0 ? " line " + line : "");
  }
}
