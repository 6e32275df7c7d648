package org.zonelake.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.DQRuleset;

/**
 * Reads a ruleset file with the official DQDL parser and finds the line of every rule. The layout
 * ZoneLake expects (still plain DQDL): {@code Rules = [} on its own line, one rule per line
 * (optionally followed by a comma and a {@code #} comment), {@code ]} on its own line.
 */
final class DqdlText {

  /** A rule as written and as parsed. */
  record Line(int number, String text, DQRule rule) {}

  private DqdlText() {}

  /** Parses one rule written on its own, e.g. {@code RowCount > 0}. */
  static DQRule parseRule(String text) throws InvalidDataQualityRulesetException {
    DQRuleset parsed = DqdlGrammar.parser().parse("Rules = [ " + text + " ]");
    if (parsed.getRules().size() != 1) {
      throw new InvalidDataQualityRulesetException(
          "expected one rule, found " + parsed.getRules().size());
    }
    return parsed.getRules().get(0);
  }

  /**
   * The rules of a file, each with its line.
   *
   * @throws org.zonelake.core.errors.LakeException naming the file and line when the file is not
   *     valid DQDL or not laid out one rule per line
   */
  static List<Line> rules(String file, String text) {
    if (text.contains("\r")) {
      // The official parser refuses a carriage return, as Glue Data Quality would.
      throw QualityErrors.invalidRuleset(
          file,
          0,
          "has Windows line ends (CR LF), which the DQDL parser does not accept",
          "save the file with Unix line ends (LF only)");
    }
    if (text.startsWith("\uFEFF")) {
      throw QualityErrors.invalidRuleset(
          file,
          1,
          "starts with a UTF-8 byte-order mark, which the DQDL parser does not accept",
          "save the file as UTF-8 without a byte-order mark");
    }
    String[] lines = text.split("\n", -1);
    List<Line> rules = new ArrayList<>();
    List<Boolean> commas = new ArrayList<>();
    int open = -1;
    int close = -1;
    for (int i = 0; i < lines.length; i++) {
      String content = withoutComment(lines[i]).strip();
      if (content.isEmpty()) {
        continue;
      }
      if (open < 0) {
        if (!content.replace(" ", "").equals("Rules=[")) {
          throw QualityErrors.invalidRuleset(
              file,
              i + 1,
              "starts with '" + content + "' instead of 'Rules = ['",
              "begin the rules with a line 'Rules = [' (comments starting with # may precede it)");
        }
        open = i;
        continue;
      }
      if (close >= 0) {
        throw QualityErrors.invalidRuleset(
            file, i + 1, "has '" + content + "' after the closing ']'", "end the file with ']'");
      }
      if (content.equals("]")) {
        close = i;
        continue;
      }
      String ruleText =
          content.endsWith(",") ? content.substring(0, content.length() - 1) : content;
      ruleText = ruleText.strip();
      DQRule rule;
      try {
        rule = parseRule(ruleText);
      } catch (InvalidDataQualityRulesetException | RuntimeException e) {
        throw unparsable(file, i + 1, ruleText, e);
      }
      rules.add(new Line(i + 1, ruleText, rule));
      commas.add(content.endsWith(","));
    }
    if (open < 0 || close < 0) {
      throw QualityErrors.invalidRuleset(
          file,
          0,
          open < 0 ? "holds no 'Rules = [' line" : "has no closing ']' line",
          "write the rules as 'Rules = [', one rule per line, ']'");
    }
    if (rules.isEmpty()) {
      throw QualityErrors.invalidRuleset(
          file, open + 1, "holds no rule", "add a rule or remove the file");
    }
    for (int r = 0; r < rules.size(); r++) {
      boolean last = r == rules.size() - 1;
      if (commas.get(r) == last) {
        throw QualityErrors.invalidRuleset(
            file,
            rules.get(r).number(),
            "rule '"
                + rules.get(r).text()
                + (last ? "' is the last rule and ends with a comma" : "' ends without a comma"),
            last
                ? "remove the comma after the last rule"
                : "end every rule but the last with a comma");
      }
    }
    // The whole file must also be valid for the official parser as it stands.
    int parsedCount;
    try {
      parsedCount = DqdlGrammar.parser().parse(text).getRules().size();
    } catch (InvalidDataQualityRulesetException | RuntimeException e) {
      throw QualityErrors.invalidRuleset(
          file,
          0,
          "is not valid DQDL (" + detail(e) + ")",
          "separate the rules with commas, one rule per line");
    }
    if (parsedCount != rules.size()) {
      throw QualityErrors.invalidRuleset(
          file,
          0,
          "holds " + parsedCount + " rules but " + rules.size() + " rule lines",
          "write one rule per line");
    }
    return rules;
  }

  /** The line without a {@code #} comment; a {@code #} inside double quotes is kept. */
  static String withoutComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /**
   * A rule line the parser refused: a rule type DQDL does not have, with the closest one ZoneLake
   * evaluates; or a rule of a known type whose parameters or condition do not parse, with where in
   * the rule the parser stopped and an example of the type.
   */
  private static org.zonelake.core.errors.LakeException unparsable(
      String file, int line, String ruleText, Exception e) {
    String type = ruleText.split("[\\s\"(]", 2)[0];
    java.util.Optional<RuleTypes.RuleType> known =
        RuleTypes.all().stream().filter(t -> t.name().equals(type)).findFirst();
    if (known.isEmpty() && !type.isEmpty()) {
      return QualityErrors.invalidRuleset(
          file,
          line,
          "rule '"
              + ruleText
              + "' uses rule type '"
              + type
              + "', which DQDL does not have"
              + org.zonelake.model.Suggestion.closest(type, RuleTypes.supported())
                  .or(
                      () ->
                          RuleTypes.supported().stream()
                              .filter(
                                  t ->
                                      t.toLowerCase(Locale.ROOT)
                                          .startsWith(type.toLowerCase(Locale.ROOT)))
                              .findFirst())
                  .map(meant -> " (did you mean " + meant + "?)")
                  .orElse(""),
          "use one of " + new java.util.TreeSet<>(RuleTypes.supported()));
    }
    // The parser parsed "Rules = [ <rule> ]": its columns count from there, on line 1. The first
    // of its errors is the one to correct.
    java.util.regex.Matcher at =
        java.util.regex.Pattern.compile("line 1:(\\d+) ([^,]*)").matcher(detail(e));
    String problem =
        at.find()
            ? at.group(2) + " at character " + (Integer.parseInt(at.group(1)) - 9) + " of the rule"
            : detail(e).matches("Rule Type: \\S+ is not valid")
                ? "its parameters or condition are not those of rule type " + type
                : detail(e);
    return QualityErrors.invalidRuleset(
        file,
        line,
        "rule '" + ruleText + "' is not valid DQDL (" + problem + ")",
        known
                .map(
                    t ->
                        "write it as rule type "
                            + type
                            + " takes it"
                            + (t.example() == null ? "" : ", e.g. " + t.example()))
                .orElse("write one complete DQDL rule per line, e.g. ColumnValues \"price\" > 0")
            + "; see the README section 'Quality rules'");
  }

  private static String detail(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.replace("Parsing Error: ", "").split("\n")[0].strip();
  }
}
