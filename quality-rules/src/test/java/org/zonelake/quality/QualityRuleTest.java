package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualityRuleTest {

  @Test
  void aLongRuleIsQuotedByItsStartAndLength() {
    String values = "\"v\", ".repeat(100);
    String text = "ColumnValues \"code\" in [" + values + "\"w\"]";
    QualityRule rule = new QualityRule(text, RuleAction.WARN, 3, "shop.warn.dqdl", true);

    assertThat(rule.quoted())
        .isEqualTo(text.substring(0, 300) + "… (" + text.length() + " characters)");
    assertThat(
            new QualityRule("RowCount > 0", RuleAction.WARN, 1, "shop.warn.dqdl", false).quoted())
        .isEqualTo("RowCount > 0");
  }
}
