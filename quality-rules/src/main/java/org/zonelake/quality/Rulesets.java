package org.zonelake.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.DeclarationFiles;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.model.LakeColumns;
import org.zonelake.model.Suggestion;

/**
 * Loads and validates the rulesets of a source. A ruleset file is plain DQDL (so it also runs in
 * AWS Glue Data Quality) whose name carries the action of all its rules: {@code <name>.warn.dqdl},
 * {@code <name>.quarantine.dqdl}, {@code <name>.fail.dqdl}. The files are the ones the contract
 * lists in {@code "rulesets"}, looked up in the contract's directory; without that list, those of
 * {@code <source>.warn.dqdl}, {@code <source>.quarantine.dqdl} and {@code <source>.fail.dqdl} that
 * exist there.
 *
 * <p>Loading parses every file with the official DQDL parser and translates every rule: a file that
 * is not valid DQDL, a rule type or condition ZoneLake cannot evaluate, and a column the contract
 * does not declare all fail loading with the file and line. Rules may name the contract's columns
 * and the envelope columns of processed rows ({@code _event_time}, {@code year}, ...).
 */
public final class Rulesets {

  private Rulesets() {}

  /** Loads the rulesets shipped on the class path next to the shipped contracts. */
  public static Ruleset load(DatasetContract contract) {
    ClassLoader loader = Rulesets.class.getClassLoader();
    return fromFiles(
        contract,
        "classpath:" + ShippedContracts.RESOURCE_DIR,
        name -> DeclarationFiles.resource(loader, ShippedContracts.RESOURCE_DIR + "/" + name));
  }

  /**
   * Loads the rulesets of a contract from a listed directory on any Hadoop file system (the
   * directory passed with {@code --contracts}, which holds the contracts and their rulesets).
   */
  public static Ruleset fromDirectory(ListedDirectory directory, DatasetContract contract) {
    return fromFiles(contract, directory.location(), directory::text);
  }

  /**
   * Builds the ruleset of a contract from file texts by file name.
   *
   * @param contract the contract whose columns the rules may name
   * @param location where the files are, for messages
   * @param files returns a file's text, or empty when the file does not exist
   */
  public static Ruleset fromFiles(
      DatasetContract contract, String location, Function<String, Optional<String>> files) {
    Map<String, String> texts = new LinkedHashMap<>();
    if (contract.rulesets().isEmpty()) {
      for (String name : defaultFiles(contract.source())) {
        files.apply(name).ifPresent(text -> texts.put(name, text));
      }
    } else {
      for (String name : contract.rulesets()) {
        String text =
            files
                .apply(name)
                .orElseThrow(() -> QualityErrors.missingRuleset(contract.source(), name, location));
        texts.put(name, text);
      }
    }
    return parse(contract, texts);
  }

  /**
   * Refuses a ruleset file of a contracts directory that no contract reads, which would otherwise
   * be left out without a word: its rules would never run, however the file is named.
   *
   * @param directory the contracts directory ({@code --contracts}), listed
   * @param contracts the contracts loaded from it
   * @throws org.zonelake.core.errors.LakeException naming the first such file and how to have it
   *     read
   */
  public static void requireAllRead(ListedDirectory directory, List<DatasetContract> contracts) {
    Set<String> read = new LinkedHashSet<>();
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    for (DatasetContract contract : contracts) {
      read.addAll(
          contract.rulesets().isEmpty() ? defaultFiles(contract.source()) : contract.rulesets());
      bySource.put(contract.source(), contract);
    }
    for (String file : directory.names(".dqdl")) {
      if (!StoreFiles.hidden(file) && !read.contains(file)) {
        throw QualityErrors.unreadRuleset(file, directory.location(), readerOf(file, bySource));
      }
    }
  }

  /**
   * The contract a ruleset file no contract reads was most likely meant for: the source its name
   * starts with, or the closest to it; with the file's action, when its name has one.
   */
  private static Optional<QualityErrors.MeantFor> readerOf(
      String file, Map<String, DatasetContract> bySource) {
    String stem = file.substring(0, file.indexOf('.'));
    String withoutExtension = file.substring(0, file.length() - ".dqdl".length());
    String label = withoutExtension.substring(withoutExtension.lastIndexOf('.') + 1);
    // The action the name gives, or the one it was most likely meant to give (warning: warn).
    Optional<RuleAction> action =
        Arrays.stream(RuleAction.values())
            .filter(a -> label.startsWith(a.fileLabel()) || a.fileLabel().startsWith(label))
            .findFirst()
            .or(
                () ->
                    Suggestion.closest(
                            label,
                            Arrays.stream(RuleAction.values()).map(RuleAction::fileLabel).toList())
                        .map(closest -> RuleAction.valueOf(closest.toUpperCase(Locale.ROOT))));
    return Suggestion.closest(stem, bySource.keySet())
        .map(
            source ->
                new QualityErrors.MeantFor(
                    source,
                    bySource.get(source).rulesets(),
                    action.map(a -> source + "." + a.fileLabel() + ".dqdl")));
  }

  private static List<String> defaultFiles(String source) {
    return Arrays.stream(RuleAction.values())
        .map(action -> source + "." + action.fileLabel() + ".dqdl")
        .toList();
  }

  /**
   * Parses and validates ruleset files.
   *
   * @param contract the contract whose columns the rules may name
   * @param textsByFile file name ({@code <name>.<action>.dqdl}) to DQDL text, in rule order
   */
  public static Ruleset parse(DatasetContract contract, Map<String, String> textsByFile) {
    List<String> columns = allowedColumns(contract);
    Map<String, org.apache.spark.sql.types.DataType> types = new HashMap<>();
    for (org.apache.spark.sql.types.StructField field : contract.schema().fields()) {
      types.put(field.name(), field.dataType());
    }
    List<PlannedRule> rules = new ArrayList<>();
    Map<String, QualityRule> byText = new HashMap<>();
    for (Map.Entry<String, String> file : textsByFile.entrySet()) {
      RuleAction action = actionOf(file.getKey());
      for (DqdlText.Line line : DqdlText.rules(file.getKey(), file.getValue())) {
        QualityRule rule =
            new QualityRule(line.text(), action, line.number(), file.getKey(), false);
        // The parsed rule's own text: spacing aside, "RowCount>0" is "RowCount > 0".
        QualityRule earlier = byText.putIfAbsent(line.rule().toString(), rule);
        if (earlier != null) {
          throw QualityErrors.invalidRuleset(
              rule.file(),
              rule.line(),
              "repeats the rule '"
                  + rule.text()
                  + "' of "
                  + earlier.file()
                  + " line "
                  + earlier.line()
                  + " (each batch would check it twice, and list its failure twice)",
              "keep one of them, in the ruleset of the action it should have");
        }
        PlannedRule planned =
            RulePlanner.plan(rule, line.rule(), columns, types, contract.source());
        rules.add(
            planned.withRule(
                new QualityRule(
                    rule.text(),
                    action,
                    rule.line(),
                    rule.file(),
                    planned instanceof PlannedRule.PerRow)));
      }
    }
    return new Ruleset(contract.source(), rules);
  }

  /** The columns rules may name: the contract's, then the envelope of processed rows. */
  static List<String> allowedColumns(DatasetContract contract) {
    Set<String> columns = new LinkedHashSet<>(contract.columnNames());
    columns.addAll(LakeColumns.PROCESSED_ENVELOPE);
    return List.copyOf(columns);
  }

  private static RuleAction actionOf(String file) {
    String[] parts = file.split("\\.");
    if (parts.length >= 3 && parts[parts.length - 1].equals("dqdl")) {
      for (RuleAction action : RuleAction.values()) {
        if (action.fileLabel().equals(parts[parts.length - 2])) {
          return action;
        }
      }
    }
    throw QualityErrors.invalidRuleset(
        file,
        0,
        "is not named <name>.<action>.dqdl",
        "name the file after the action of its rules: <name>.warn.dqdl, <name>.quarantine.dqdl or"
            + " <name>.fail.dqdl");
  }
}
