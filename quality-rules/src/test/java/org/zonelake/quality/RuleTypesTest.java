package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedConditionOperator;

/**
 * The registry of rule types agrees with the DQDL parser's rule types, with Deequ's DQDL translator
 * and with the ruleset loader, and the README's support table is generated from it.
 */
class RuleTypesTest {

  @Test
  void theReadmeShowsTheGeneratedSupportTable() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .as("README.md section 'Quality rules': paste RuleTypes.markdownTable()")
        .contains(RuleTypes.markdownTable());
  }

  @Test
  void glueColumnIsTheDqdlLanguagesRuleTypes() throws Exception {
    TreeSet<String> dqdl = new TreeSet<>();
    try (InputStream in =
        DQRule.class.getClassLoader().getResourceAsStream("rules/rules-config.json")) {
      JsonNode config = new ObjectMapper().readTree(in);
      for (JsonNode type : config.get("rule_types")) {
        dqdl.add(type.get("rule_type_name").asText());
      }
    }
    TreeSet<String> glue = new TreeSet<>();
    for (RuleTypes.RuleType type : RuleTypes.all()) {
      if (type.glue()) {
        glue.add(type.name());
      }
    }
    assertThat(glue).isEqualTo(dqdl);
  }

  @Test
  void deequColumnIsWhatDeequsTranslatorKnows() throws Exception {
    Map<String, Boolean> registry = new TreeMap<>();
    Map<String, Boolean> deequ = new TreeMap<>();
    for (RuleTypes.RuleType type : RuleTypes.all()) {
      DQRule rule =
          type.example() != null
              ? DqdlText.parseRule(type.example())
              // A rule of the type with a column and a condition, without the parser (which knows
              // only the DQDL language's types).
              : new DQRule(
                  type.name(),
                  Map.of("TargetColumn", "price"),
                  new NumberBasedCondition(
                      "> 0",
                      NumberBasedConditionOperator.GREATER_THAN,
                      java.util.List.of(new AtomicNumberOperand("0"))));
      registry.put(type.name(), type.deequ());
      deequ.put(type.name(), DeequEngine.translates(rule));
    }
    assertThat(registry).isEqualTo(deequ);
  }

  @Test
  void zoneLakeColumnIsWhatTheLoaderAccepts() {
    for (RuleTypes.RuleType type : RuleTypes.all()) {
      if (type.example() == null) {
        assertThat(type.here()).as(type.name()).isEqualTo(RuleTypes.Support.NONE);
        continue;
      }
      if (type.here() == RuleTypes.Support.NONE) {
        assertThatThrownBy(() -> Fixtures.ruleset(type.example(), null, null))
            .as(type.name())
            .isInstanceOf(LakeException.class)
            .hasMessageContaining("uses rule type " + type.name() + ", which ZoneLake cannot");
        continue;
      }
      QualityRule rule = Fixtures.ruleset(type.example(), null, null).rules().get(0);
      assertThat(rule.rowLevel()).as(type.name()).isEqualTo(type.here() != RuleTypes.Support.BATCH);
    }
  }

  @Test
  void aThresholdMakesColumnValuesABatchRule() {
    QualityRule rule =
        Fixtures.ruleset("ColumnValues \"price\" > 0 with threshold > 0.9", null, null)
            .rules()
            .get(0);
    assertThat(rule.rowLevel()).isFalse();
  }
}
