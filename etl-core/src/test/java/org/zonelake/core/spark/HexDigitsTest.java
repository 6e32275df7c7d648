package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lpad;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class HexDigitsTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void twoLongsAreThirtyTwoLowerCaseDigitsEachPaddedToSixteen() {
    assertThat(HexDigits.of128(0L, 1L).toString()).isEqualTo("00000000000000000000000000000001");
    assertThat(HexDigits.of128(-1L, Long.MIN_VALUE).toString())
        .isEqualTo("ffffffffffffffff8000000000000000");
    assertThat(HexDigits.of128(0x0123456789abcdefL, 0xfedcba9876543210L).toString())
        .isEqualTo("0123456789abcdeffedcba9876543210");
  }

  @Test
  void theColumnGivesWhatSparksSevenStepsGaveTheRecordHash() {
    // The record hash of earlier versions was written with Spark's functions: the text must not
    // change, or a record landing again would no longer be recognised as a duplicate.
    List<Row> pairs =
        List.of(
            org.apache.spark.sql.RowFactory.create(0L, 0L),
            org.apache.spark.sql.RowFactory.create(-1L, 1L),
            org.apache.spark.sql.RowFactory.create(Long.MIN_VALUE, Long.MAX_VALUE),
            org.apache.spark.sql.RowFactory.create(0x00ab00cd00ef0012L, -0x1234L),
            org.apache.spark.sql.RowFactory.create(null, 5L));
    Dataset<Row> rows =
        spark.createDataFrame(
            pairs,
            new StructType()
                .add("hi", DataTypes.LongType, true)
                .add("lo", DataTypes.LongType, true));
    List<Row> texts =
        rows.select(
                HexDigits.of128(col("hi"), col("lo")),
                lower(concat(lpad(hex(col("hi")), 16, "0"), lpad(hex(col("lo")), 16, "0"))))
            .collectAsList();
    assertThat(texts)
        .extracting(r -> r.getString(0))
        .containsExactly(
            "00000000000000000000000000000000",
            "ffffffffffffffff0000000000000001",
            "80000000000000007fffffffffffffff",
            "00ab00cd00ef0012ffffffffffffedcc",
            null);
    assertThat(texts).allSatisfy(r -> assertThat(r.getString(0)).isEqualTo(r.getString(1)));
  }
}
