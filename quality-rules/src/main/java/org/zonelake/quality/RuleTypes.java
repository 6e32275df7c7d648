package org.zonelake.quality;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every DQDL rule type, and where it is supported: in AWS Glue Data Quality (the DQDL language of
 * the official parser ZoneLake uses, {@code software.amazon.glue:dqdl} 1.0.0), in the DQDL engine
 * of open-source Deequ 2.1.0 (its {@code DQDLRuleTranslator}), and in ZoneLake. The README's
 * support table is generated from this registry ({@link #markdownTable()}), and {@code
 * RuleTypesTest} checks the registry against the parser's rule types, Deequ's translator and the
 * ruleset loader, so that none of them can drift.
 */
public final class RuleTypes {

  /** How ZoneLake evaluates a rule type. */
  public enum Support {
    /** Each row passes or fails the rule; failing rows of quarantine rules go to quarantine. */
    ROW_LEVEL("row level"),
    /** Per row, or, with {@code with threshold}, once per batch on the share of passing rows. */
    ROW_LEVEL_OR_BATCH("row level; batch with a threshold"),
    /** Once per batch. */
    BATCH("batch"),
    /** Refused when the ruleset is loaded. */
    NONE("no");

    private final String label;

    Support(String label) {
      this.label = label;
    }

    /** As shown in the support table. */
    public String label() {
      return label;
    }
  }

  /**
   * One rule type.
   *
   * @param name the DQDL rule type
   * @param glue true when the DQDL language (and so Glue Data Quality) has it
   * @param deequ true when Deequ 2.1.0's DQDL engine translates it
   * @param here how ZoneLake evaluates it
   * @param example a rule of the type on the columns of the test contract (order_id, customer_id,
   *     price, quantity, country, ts), or null
   */
  public record RuleType(String name, boolean glue, boolean deequ, Support here, String example) {}

  private static final List<RuleType> ALL =
      List.of(
          type("AggregateMatch", true, true, Support.NONE, null),
          type("AllStatistics", true, false, Support.NONE, null),
          type("ColumnCorrelation", true, true, Support.NONE, null),
          type("ColumnCount", true, true, Support.NONE, "ColumnCount = 6"),
          type(
              "ColumnDataType",
              true,
              true,
              Support.BATCH,
              "ColumnDataType \"quantity\" = \"INTEGER\""),
          type("ColumnExists", true, true, Support.BATCH, "ColumnExists \"ts\""),
          type(
              "ColumnLength",
              true,
              true,
              Support.ROW_LEVEL_OR_BATCH,
              "ColumnLength \"country\" = 2"),
          type("ColumnNamesMatchPattern", true, true, Support.NONE, null),
          type(
              "ColumnValues", true, true, Support.ROW_LEVEL_OR_BATCH, "ColumnValues \"price\" > 0"),
          type("Completeness", true, true, Support.BATCH, "Completeness \"country\" >= 0.9"),
          type(
              "CustomSql",
              true,
              true,
              Support.BATCH,
              "CustomSql \"SELECT COUNT(*) FROM primary\" > 0"),
          type("DataFreshness", true, true, Support.BATCH, "DataFreshness \"ts\" <= 24 hours"),
          type("DatasetMatch", true, true, Support.NONE, null),
          type("DetectAnomalies", true, false, Support.BATCH, "DetectAnomalies \"RowCount\""),
          type(
              "DistinctValuesCount",
              true,
              true,
              Support.BATCH,
              "DistinctValuesCount \"country\" > 1"),
          type("DuplicateRowCount", false, true, Support.NONE, null),
          type("Entropy", true, true, Support.NONE, "Entropy \"country\" > 1"),
          type("FileFreshness", true, false, Support.NONE, null),
          type("FileMatch", true, false, Support.NONE, null),
          type("FileSize", true, false, Support.NONE, null),
          type("FileUniqueness", true, false, Support.NONE, null),
          type("InterquartileRange", false, true, Support.NONE, null),
          type("IsComplete", true, true, Support.ROW_LEVEL, "IsComplete \"order_id\""),
          type(
              "IsPrimaryKey",
              true,
              true,
              Support.BATCH,
              "IsPrimaryKey \"order_id\" \"customer_id\""),
          type("IsUnique", true, true, Support.BATCH, "IsUnique \"order_id\""),
          type("Kurtosis", false, true, Support.NONE, null),
          type("Mean", true, true, Support.BATCH, "Mean \"price\" between 1 and 500"),
          type("Range", false, true, Support.NONE, null),
          type(
              "ReferentialIntegrity",
              true,
              true,
              Support.BATCH,
              "ReferentialIntegrity \"customer_id\" \"customers.customer_id\" >= 0.9"),
          type("RowCount", true, true, Support.BATCH, "RowCount > avg(last(5)) * 0.5"),
          type("RowCountMatch", true, true, Support.NONE, null),
          type("SchemaMatch", true, true, Support.NONE, null),
          type("Skewness", false, true, Support.NONE, null),
          type("StandardDeviation", true, true, Support.BATCH, "StandardDeviation \"price\" < 100"),
          type("Sum", true, true, Support.BATCH, "Sum \"quantity\" > 0"),
          type("UniqueValueRatio", true, true, Support.NONE, "UniqueValueRatio \"country\" > 0.1"),
          type("Uniqueness", true, true, Support.BATCH, "Uniqueness \"customer_id\" > 0.5"),
          type("Variance", false, true, Support.NONE, null),
          type("ZerosCount", false, true, Support.NONE, null));

  private RuleTypes() {}

  private static RuleType type(
      String name, boolean glue, boolean deequ, Support here, String example) {
    return new RuleType(name, glue, deequ, here, example);
  }

  /** Every rule type, by name. */
  public static List<RuleType> all() {
    return ALL;
  }

  /** The rule types ZoneLake evaluates. */
  public static Set<String> supported() {
    Set<String> names = new LinkedHashSet<>();
    for (RuleType type : ALL) {
      if (type.here() != Support.NONE) {
        names.add(type.name());
      }
    }
    return names;
  }

  /** The support table of the README's section "Quality rules", in Markdown. */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder();
    table.append("| rule type | Glue Data Quality | Deequ 2.1.0 | ZoneLake |\n");
    table.append("|---|---|---|---|\n");
    for (RuleType type : ALL) {
      table
          .append("| `")
          .append(type.name())
          .append("` | ")
          .append(type.glue() ? "yes" : "no")
          .append(" | ")
          .append(type.deequ() ? "yes" : "no")
          .append(" | ")
          .append(type.here().label())
          .append(" |\n");
    }
    return table.toString();
  }
}
