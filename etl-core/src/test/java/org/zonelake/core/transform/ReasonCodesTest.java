package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/** A quality rule's reason message, and the key reasons are grouped by. */
class ReasonCodesTest {

  @Test
  void aQualityRuleIsAReasonOfItsOwnAndEveryOtherReasonIsKeyedByItsCode() {
    String rule = ReasonCodes.qualityRuleReason("ColumnValues \"price\" > 0");
    List<Row> rows =
        TestSpark.session()
            .createDataset(
                List.of(rule, "missing_required: customer_id", "type_cast: price is 'abc'"),
                Encoders.STRING())
            .select(
                col("value"),
                ReasonCodes.reasonKey(col("value")).as("key"),
                ReasonCodes.qualityRuleReason(lit("IsComplete \"id\"")).as("as_rule"))
            .collectAsList();

    assertThat(rule).isEqualTo("quality_rule: ColumnValues \"price\" > 0");
    assertThat(rows)
        .extracting(r -> r.getString(1))
        .containsExactly(rule, "missing_required", "type_cast");
    assertThat(rows.get(1).getString(2)).isEqualTo("quality_rule: IsComplete \"id\"");
  }
}
