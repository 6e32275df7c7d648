package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zonelake.core.contract.ContractParser;
import org.zonelake.core.contract.DatasetContract;

/** A small inline contract and helpers to build rulesets from text. */
final class Fixtures {

  private Fixtures() {}

  /** Source {@code shop}: order_id, customer_id, price DECIMAL(10,2), quantity INT, ts. */
  static DatasetContract shop() {
    return ContractParser.parse(
        "shop.json",
        """
{"source": "shop", "format": {"type": "json_lines"},
 "schema": "order_id STRING, customer_id STRING, price DECIMAL(10,2), quantity INT, country STRING, ts TIMESTAMP",
 "event_time": {"column": "ts"},
 "required": ["order_id"]}
""");
  }

  /** A ruleset of one file per action, each holding the given rule lines. */
  static Ruleset ruleset(String warn, String quarantine, String fail) {
    Map<String, String> files = new LinkedHashMap<>();
    if (warn != null) {
      files.put("shop.warn.dqdl", file(warn));
    }
    if (quarantine != null) {
      files.put("shop.quarantine.dqdl", file(quarantine));
    }
    if (fail != null) {
      files.put("shop.fail.dqdl", file(fail));
    }
    return Rulesets.parse(shop(), files);
  }

  /**
   * The texts of the row-level rules a row fails, in ruleset order, read from its {@link
   * QualityPlan#ROW_PASSES} (one element per row-level rule of {@code ruleset}).
   */
  static List<String> failedRules(Ruleset ruleset, List<Boolean> passes) {
    List<QualityRule> rowLevel = ruleset.rowLevelRules();
    assertThat(passes).hasSameSizeAs(rowLevel);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < passes.size(); i++) {
      if (!passes.get(i)) {
        failed.add(rowLevel.get(i).text());
      }
    }
    return failed;
  }

  /** A DQDL file of the given rules, one per line. */
  static String file(String... rules) {
    return "Rules = [\n  " + String.join(",\n  ", rules) + "\n]\n";
  }

  static String file(String rulesSeparatedByNewlines) {
    return file(rulesSeparatedByNewlines.strip().split("\n"));
  }
}
