package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zonelake.deploy.AnalystQueries;
import org.zonelake.deploy.LakeSettings;

/**
 * The analysts' queries return the same rows on Trino as on Spark: the example queries of {@code
 * queries/}, which {@code ./lake sql} runs and the analytics stack saves in the Athena workgroup,
 * unchanged, on the sample lake.
 */
@ExtendWith(TrinoLakeExtension.class)
class AnalystQueriesOnTrinoTest {

  private static List<AnalystQueries.Query> saved() {
    return AnalystQueries.all(LakeSettings.defaults().sources());
  }

  @TestFactory
  Stream<DynamicTest> theExampleQueriesReturnTheSameRowsOnTrinoAsOnSpark(TrinoLake lake) {
    assertThat(saved())
        .extracting(AnalystQueries.Query::name)
        .containsExactly(
            "counts-by-source",
            "orders-by-category-country",
            "average-price-per-category",
            "orders-on-one-day");
    return saved().stream()
        .map(
            query ->
                DynamicTest.dynamicTest(
                    query.name(),
                    () ->
                        assertThat(assertSameRows(lake, query.name(), query.sql())).isNotEmpty()));
  }

  @Test
  void theOneDayQueryReadsTheThreeOrdersOfThatDay(TrinoLake lake) {
    AnalystQueries.Query oneDay =
        saved().stream()
            .filter(q -> q.name().equals("orders-on-one-day"))
            .findFirst()
            .orElseThrow();

    assertThat(assertSameRows(lake, oneDay.name(), oneDay.sql())).hasSize(3);
  }

  /** Runs {@code sql} on both engines, asserts the same rows, and returns them. */
  static List<List<String>> assertSameRows(TrinoLake lake, String name, String sql) {
    List<List<String>> spark = ResultRows.of(lake.sparkSql().query(sql));
    List<List<String>> trino = ResultRows.of(lake.trinoSql().query(sql));
    assertThat(trino).as(name + ": rows on Trino against rows on Spark").isEqualTo(spark);
    System.out.printf("%-40s %3d rows: same on Trino and Spark%n", name, spark.size());
    return spark;
  }
}
