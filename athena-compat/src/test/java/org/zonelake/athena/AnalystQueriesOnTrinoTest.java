package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zonelake.deploy.AnalystQueries;
import org.zonelake.deploy.LakeSettings;

/**
 * The analysts' queries return the same rows on Trino as on Spark: the example queries shipped in
 * {@code queries/} (which {@code ./lake sql} runs) and the saved queries the analytics stack puts
 * into the Athena workgroup, unchanged, on the sample lake.
 */
@ExtendWith(TrinoLakeExtension.class)
class AnalystQueriesOnTrinoTest {

  static final Path QUERIES = Path.of(System.getProperty("zonelake.home", "..")).resolve("queries");

  @TestFactory
  Stream<DynamicTest> shippedQueriesReturnTheSameRowsOnTrinoAsOnSpark(TrinoLake lake)
      throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(QUERIES)) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertThat(files).as("queries in " + QUERIES).isNotEmpty();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () ->
                        assertThat(assertSameRows(lake, file.getFileName().toString(), read(file)))
                            .isNotEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> savedAthenaQueriesReturnTheSameRowsOnTrinoAsOnSpark(TrinoLake lake) {
    return AnalystQueries.all(LakeSettings.defaults().sources()).stream()
        .map(
            query ->
                DynamicTest.dynamicTest(
                    query.name(), () -> assertSameRows(lake, query.name(), query.sql())));
  }

  @Test
  void savedQueryOfOneDayReturnsTheSameRowsForADayOfTheSampleLake(TrinoLake lake) {
    AnalystQueries.Query oneDay =
        AnalystQueries.all(LakeSettings.defaults().sources()).stream()
            .filter(q -> q.name().equals("orders-of-one-day"))
            .findFirst()
            .orElseThrow();
    // The saved query names a day of 2024; the sample data's orders are from November 2026.
    String sql =
        oneDay
            .sql()
            .replaceAll(
                "year = \\d+ AND month = \\d+ AND day = \\d+",
                "year = 2026 AND month = 11 AND day = 21");

    List<List<String>> rows = assertSameRows(lake, oneDay.name() + " on 2026-11-21", sql);

    assertThat(rows).hasSize(3);
  }

  /** Runs {@code sql} on both engines, asserts the same rows, and returns them. */
  static List<List<String>> assertSameRows(TrinoLake lake, String name, String sql) {
    List<List<String>> spark = ResultRows.of(lake.sparkSql().query(sql));
    List<List<String>> trino = ResultRows.of(lake.trinoSql().query(sql));
    assertThat(trino).as(name + ": rows on Trino against rows on Spark").isEqualTo(spark);
    System.out.printf("%-40s %3d rows: same on Trino and Spark%n", name, spark.size());
    return spark;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().replaceAll(";$", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
