package org.zonelake.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.model.LakeColumns;

/** The open rows of a quarantine table: those no replay recovered. */
class ReplayColumnsTest {

  private static final StructType BEFORE_REPLAY =
      new StructType().add(LakeColumns.RAW_RECORD, DataTypes.StringType);

  private static Dataset<Row> table(StructType schema, Row... rows) {
    return TestSpark.session().createDataFrame(Arrays.asList(rows), schema);
  }

  @Test
  void aRecoveredRowIsNoLongerOpen() {
    StructType schema = BEFORE_REPLAY;
    for (var field : ReplayColumns.SCHEMA.fields()) {
      schema = schema.add(field);
    }
    Timestamp replayed = Timestamp.valueOf("2026-11-22 10:00:00");
    Dataset<Row> quarantine =
        table(
            schema,
            RowFactory.create("a", replayed, "r-1", "written", 3L, null, null),
            RowFactory.create("b", null, "r-1", "failed", null, List.of("x"), List.of("y")),
            RowFactory.create("c", null, null, null, null, null, null));

    assertThat(ReplayColumns.openRows(quarantine).collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("b", "c");
  }

  @Test
  void everyRowOfATableWithoutReplayColumnsIsOpen() {
    Dataset<Row> quarantine = table(BEFORE_REPLAY, RowFactory.create("a"), RowFactory.create("b"));

    assertThat(ReplayColumns.openRows(quarantine).collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("a", "b");
  }
}
