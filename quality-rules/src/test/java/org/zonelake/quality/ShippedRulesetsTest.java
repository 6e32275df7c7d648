package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.DatasetContract;
import software.amazon.glue.dqdl.model.DQRuleset;
import software.amazon.glue.dqdl.parser.DQDLParser;

class ShippedRulesetsTest {

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ShippedRulesetsTest.class
            .getClassLoader()
            .getResourceAsStream(ShippedContracts.RESOURCE_DIR + "/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyShippedRulesetIsValidForTheOfficialParserAsAWhole() throws Exception {
    Map<String, Integer> rulesPerFile = new TreeMap<>();
    for (DatasetContract contract : ShippedContracts.load()) {
      for (String file : contract.rulesets()) {
        DQRuleset parsed = new DQDLParser().parse(resource(file));
        rulesPerFile.put(file, parsed.getRules().size());
      }
    }
    assertThat(rulesPerFile)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "customers.fail.dqdl", 3,
                    "customers.warn.dqdl", 5,
                    "orders.fail.dqdl", 3,
                    "orders.quarantine.dqdl", 3,
                    "orders.warn.dqdl", 6,
                    "sensor_readings.fail.dqdl", 2,
                    "sensor_readings.quarantine.dqdl", 2,
                    "sensor_readings.warn.dqdl", 4,
                    "web_logs.fail.dqdl", 3,
                    "web_logs.warn.dqdl", 3)));
  }

  @Test
  void everySourceHasWarnAndFailRulesAndTheRulesLoad() {
    for (DatasetContract contract : ShippedContracts.load()) {
      Ruleset ruleset = Rulesets.load(contract);
      assertThat(ruleset.source()).isEqualTo(contract.source());
      assertThat(ruleset.withAction(RuleAction.WARN)).as(contract.source()).isNotEmpty();
      assertThat(ruleset.withAction(RuleAction.FAIL)).as(contract.source()).isNotEmpty();
    }
  }

  @Test
  void ordersRulesCarryActionFileLineAndLevel() {
    DatasetContract orders = ShippedContracts.of("orders");
    assertThat(Rulesets.load(orders).rules())
        .containsExactly(
            new QualityRule(
                "ColumnValues \"category\" in [\"kitchen\", \"sports\", \"electronics\","
                    + " \"outdoor\", \"fashion\"]",
                RuleAction.WARN,
                3,
                "orders.warn.dqdl",
                true),
            new QualityRule(
                "ColumnValues \"country\" matches \"[A-Z]{2}\"",
                RuleAction.WARN, 4, "orders.warn.dqdl", true),
            new QualityRule("IsUnique \"order_id\"", RuleAction.WARN, 5, "orders.warn.dqdl", false),
            new QualityRule(
                "Mean \"price\" between 1 and 500", RuleAction.WARN, 6, "orders.warn.dqdl", false),
            new QualityRule(
                "CustomSql \"SELECT COUNT(*) FROM primary WHERE price * quantity > 1000\" = 0",
                RuleAction.WARN,
                7,
                "orders.warn.dqdl",
                false),
            // Anomaly check: fewer than half the rows of the last five committed batches.
            new QualityRule(
                "RowCount > avg(last(5)) * 0.5", RuleAction.WARN, 8, "orders.warn.dqdl", false),
            new QualityRule(
                "ColumnValues \"price\" > 0",
                RuleAction.QUARANTINE,
                3,
                "orders.quarantine.dqdl",
                true),
            new QualityRule(
                "ColumnValues \"quantity\" > 0",
                RuleAction.QUARANTINE,
                4,
                "orders.quarantine.dqdl",
                true),
            new QualityRule(
                "ColumnValues \"quantity\" <= 100",
                RuleAction.QUARANTINE,
                5,
                "orders.quarantine.dqdl",
                true),
            new QualityRule("RowCount > 0", RuleAction.FAIL, 3, "orders.fail.dqdl", false),
            new QualityRule(
                "IsComplete \"order_id\"", RuleAction.FAIL, 4, "orders.fail.dqdl", true),
            new QualityRule(
                "ColumnExists \"order_ts\"", RuleAction.FAIL, 5, "orders.fail.dqdl", false));
  }

  @Test
  void sensorQuarantineRulesAreRowLevel() {
    DatasetContract sensors = ShippedContracts.of("sensor_readings");
    List<String> texts =
        Rulesets.load(sensors).withAction(RuleAction.QUARANTINE).stream()
            .filter(QualityRule::rowLevel)
            .map(QualityRule::text)
            .toList();
    assertThat(texts)
        .containsExactly(
            "ColumnValues \"humidity\" between 0 and 100",
            "ColumnValues \"temperature\" between -40 and 60");
  }
}
