package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualityRuleTest {

  @Test
  void aLongRuleIsQuotedByItsStartAndLength() {
    String values = "\"v\", ".repeat(100);
    String text = "ColumnValues \"code\" in [" + values + "\"w\"]";
    QualityRule rule = new QualityRule(text, RuleAction.WARN, 3, "shop.warn.dqdl", true);

    assertThat(rule.quoted()).isEqualTo(text.substring(0, 300) + "…");
    assertThat(DataQuality.result(rule, false, "0.5", "every row", "").message())
        .isEqualTo(
            "rule '"
                + text.substring(0, 300)
                + "…' ("
                + text.length()
                + " characters, shop.warn.dqdl line 3, warn) did not pass: observed 0.5, threshold"
                + " every row");
    String emoji = "x".repeat(299) + "\uD83D\uDE00" + "y";
    assertThat(new QualityRule(emoji, RuleAction.WARN, 1, "shop.warn.dqdl", true).quoted())
        .isEqualTo("x".repeat(299) + "…");
    assertThat(
            new QualityRule("RowCount > 0", RuleAction.WARN, 1, "shop.warn.dqdl", false).quoted())
        .isEqualTo("RowCount > 0");
  }
}
