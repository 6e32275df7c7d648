package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class AddedColumnsTest {

  private final SparkSession spark = TestSpark.session();

  private static long projections(Dataset<Row> rows) {
    return rows.queryExecution()
        .analyzed()
        .toString()
        .lines()
        .filter(line -> line.replaceAll("^[ :+-]*", "").startsWith("Project ["))
        .count();
  }

  @Test
  void replacedColumnsKeepTheirPlaceNewOnesFollowInOrderAllInOneProjection() {
    Dataset<Row> rows = spark.sql("SELECT 1 AS a, 2 AS b");

    Dataset<Row> added =
        AddedColumns.of("z", col("a").plus(col("b")))
            .and("a", lit(10))
            .and("y", col("a").multiply(3))
            .and("x", lit(4))
            .and("w", lit(5))
            .and("v", lit(6))
            .to(rows);

    assertThat(added.columns()).containsExactly("a", "b", "z", "y", "x", "w", "v");
    // Every expression reads the input's columns: y is 3 × the old a, not the new one.
    assertThat(added.collectAsList().get(0).toString()).isEqualTo("[10,2,3,3,4,5,6]");
    assertThat(projections(added)).isEqualTo(projections(rows) + 1);
  }

  @Test
  void nullsAddsEveryFieldTypedAndNull() {
    StructType schema =
        new StructType()
            .add("n", DataTypes.LongType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));

    Dataset<Row> added =
        AddedColumns.nulls(List.of(schema.fields())).to(spark.sql("SELECT 1 AS a"));

    assertThat(added.schema().simpleString())
        .isEqualTo("struct<a:int,n:bigint,tags:array<string>>");
    assertThat(added.first().toString()).isEqualTo("[1,null,null]");
  }

  @Test
  void aColumnNamedTwiceIsRefused() {
    AddedColumns first = AddedColumns.of("a", lit(1));

    assertThatThrownBy(() -> first.and("a", lit(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Column a is added twice");
    assertThat(List.of(first.to(spark.sql("SELECT 0 AS a")).first().getInt(0))).containsExactly(1);
  }
}
