package org.zonelake.core.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class DayKeyTest {

  private static final List<DayKey> DAYS =
      List.of(
          new DayKey(-1, 12, 31),
          new DayKey(0, 1, 1),
          new DayKey(1500, 3, 1),
          new DayKey(2026, 11, 20),
          new DayKey(9999, 12, 31),
          new DayKey(12026, 1, 1));

  /** A day goes through its one number and back, years before 1 and after 9999 included. */
  @Test
  void aDayIsUnpackedFromItsNumberAsItWas() {
    assertThat(DAYS).allSatisfy(d -> assertThat(DayKey.unpacked(d.packed())).isEqualTo(d));
    assertThat(new DayKey(-1, 12, 31).packed()).isEqualTo(-10000 + 1231);
  }

  @Test
  void daysSortInCalendarOrderAndPrintAsIso8601() {
    List<DayKey> reversed = new java.util.ArrayList<>(DAYS);
    java.util.Collections.reverse(reversed);
    assertThat(new TreeSet<>(reversed)).containsExactlyElementsOf(DAYS);
    assertThat(DAYS)
        .extracting(DayKey::toString)
        .containsExactly(
            "-0001-12-31", "0000-01-01", "1500-03-01", "2026-11-20", "9999-12-31", "+12026-01-01");
  }

  @Test
  void theDistinctDaysOfRowsLeaveOutRowsWithoutAYear() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("year", DataTypes.IntegerType)
            .add("month", DataTypes.IntegerType)
            .add("day", DataTypes.IntegerType);
    Dataset<Row> rows =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create("a", 2026, 11, 21),
                    RowFactory.create("b", 2026, 11, 20),
                    RowFactory.create("c", 2026, 11, 21),
                    RowFactory.create("d", null, null, null)),
                schema);

    assertThat(DayKey.distinctIn(rows))
        .containsExactly(new DayKey(2026, 11, 20), new DayKey(2026, 11, 21));
  }
}
