package org.zonelake.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;

class ParquetFormatTest {

  @TempDir Path directory;

  private final SparkSession spark = TestSpark.session();

  /**
   * Four writers (as the four sources of a run write the shared quality tables) append to one
   * directory at once, three times each: every row arrives. Without turns, the first commit deleted
   * the others' staging directory ({@code _temporary/0 does not exist}).
   */
  @Test
  void appendsToOneTableAtOnceAllArrive() throws Exception {
    String table = directory.resolve("rule_results").toString();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> written = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        for (int batch = 0; batch < 3; batch++) {
          String appId = "writer-" + writer;
          long version = batch;
          written.add(
              writers.submit(
                  () -> {
                    TableFormat.Append append =
                        TableFormat.PARQUET.append(spark, table, List.of(), appId, version);
                    long rows = append.write(spark.range(100).toDF("id"));
                    append.commit();
                    return rows;
                  }));
        }
      }
      long total = 0;
      for (Future<Long> rows : written) {
        total += rows.get();
      }

      assertThat(total).isEqualTo(1_200);
      assertThat(spark.read().parquet(table).count()).isEqualTo(1_200);
    } finally {
      writers.shutdownNow();
    }
  }
}
