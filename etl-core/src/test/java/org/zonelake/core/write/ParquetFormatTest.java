package org.zonelake.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.StepHooks;
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

  /** 90 rows in three partitions of 30 ({@code p} = 0, 1, 2), one file each. */
  private Dataset<Row> ninetyRows() {
    return spark.range(90).selectExpr("id", "CAST(id % 3 AS INT) AS p").repartition(1);
  }

  private long rows(String table) {
    return TableFormat.PARQUET.exists(spark, table) ? spark.read().parquet(table).count() : 0;
  }

  /**
   * A batch that wrote its rows and failed before its commit leaves nothing a reader sees; its
   * retry writes it again and the table holds it once.
   */
  @Test
  void aBatchThatFailedBeforeItsCommitIsNotSeenAndItsRetryWritesItOnce() throws Exception {
    String table = directory.resolve("processed").toString();
    TableFormat.Append failed = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 7);
    assertThat(failed.write(ninetyRows())).isEqualTo(90);

    assertThat(rows(table)).isZero();

    TableFormat.Append retry = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 7);
    assertThat(retry.alreadyCommitted()).isFalse();
    assertThat(retry.write(ninetyRows())).isEqualTo(90);
    assertThat(rows(table)).isZero();
    retry.commit();

    assertThat(rows(table)).isEqualTo(90);
    assertThat(spark.read().parquet(table).where("p = 1").count()).isEqualTo(30);
    try (var left = java.nio.file.Files.list(directory.resolve("processed"))) {
      assertThat(left.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("_zonelake_commits", "p=0", "p=1", "p=2");
    }
    assertThat(TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 7).alreadyCommitted())
        .isTrue();
  }

  /**
   * A commit that stopped after it moved the first of its three files: a reader sees that file's 30
   * rows; the retry finds the batch committed, and publishes the other two files, not the first
   * again.
   */
  @Test
  void aCommitStoppedWhileItMovesFilesIsFinishedByTheRetry() throws Exception {
    String table = directory.resolve("quarantine").toString();
    TableFormat.Append append = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 3);
    append.write(ninetyRows());
    AtomicInteger published = new AtomicInteger();
    try (AutoCloseable stop =
        StepHooks.arm(
            "parquet-file-published",
            "quarantine",
            () -> {
              if (published.incrementAndGet() == 1) {
                throw new IllegalStateException("stopped after one file");
              }
            })) {
      assertThatThrownBy(append::commit).hasMessage("stopped after one file");
    }
    assertThat(rows(table)).isEqualTo(30);

    TableFormat.Append retry = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 3);
    assertThat(retry.alreadyCommitted()).isTrue();

    assertThat(rows(table)).isEqualTo(90);
    assertThat(spark.read().parquet(table).selectExpr("count(DISTINCT id)").first().getLong(0))
        .isEqualTo(90);
    assertThat(directory.resolve("quarantine/_zonelake_staging-job-3")).doesNotExist();
    assertThat(directory.resolve("quarantine/_zonelake_commits/job-3.publishing")).doesNotExist();
  }
}
