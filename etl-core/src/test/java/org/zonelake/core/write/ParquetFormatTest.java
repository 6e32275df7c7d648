package org.zonelake.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;

class ParquetFormatTest {

  @TempDir Path directory;

  private final SparkSession spark = TestSpark.session();

  /**
   * Four writers (as the four sources of a run write the shared quality tables) append to one
   * directory at once, three times each: every row arrives. Each append stages in a directory of
   * its own; when they shared the table's {@code _temporary}, the first commit deleted the others'
   * ({@code _temporary/0 does not exist}).
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
    TableFormat.Append again = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 7);
    assertThat(again.alreadyCommitted()).isTrue();
    assertThatThrownBy(() -> again.write(ninetyRows()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Batch job-7 of "
                + table
                + " is committed or its commit is pending: a retry asks alreadyCommitted() before"
                + " it writes the batch again.");

    // An append that commits without writing publishes nothing an earlier attempt staged.
    TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 8).write(ninetyRows());
    TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 8).commit();
    assertThat(rows(table)).isEqualTo(90);
  }

  /**
   * A commit that stopped while it moved its three files, as a crash leaves it: its intent written,
   * one file moved, one copied but not yet deleted (a move on S3 is a copy, then a delete), one
   * still staged. A reader sees the 60 rows in place; the retry finds the batch committed and
   * publishes the last file, not the other two again.
   */
  @Test
  void aCommitStoppedWhileItMovesFilesIsFinishedByTheRetry() throws Exception {
    String table = directory.resolve("quarantine").toString();
    TableFormat.Append append = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 3);
    append.write(ninetyRows());
    Path staging = directory.resolve("quarantine/_zonelake_staging-job-3");
    Files.createDirectories(directory.resolve("quarantine/_zonelake_commits"));
    Files.createFile(directory.resolve("quarantine/_zonelake_commits/job-3.publishing"));
    for (String partition : List.of("p=0", "p=1")) {
      Path staged;
      try (Stream<Path> files = Files.list(staging.resolve(partition))) {
        staged = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
      }
      Path target =
          directory.resolve("quarantine").resolve(partition).resolve(staged.getFileName());
      Files.createDirectories(target.getParent());
      if (partition.equals("p=0")) {
        Files.move(staged, target);
      } else {
        Files.copy(staged, target);
      }
    }
    assertThat(rows(table)).isEqualTo(60);

    TableFormat.Append retry = TableFormat.PARQUET.append(spark, table, List.of("p"), "job", 3);
    assertThat(retry.alreadyCommitted()).isTrue();

    assertThat(rows(table)).isEqualTo(90);
    assertThat(spark.read().parquet(table).selectExpr("count(DISTINCT id)").first().getLong(0))
        .isEqualTo(90);
    assertThat(staging).doesNotExist();
    assertThat(directory.resolve("quarantine/_zonelake_commits/job-3.publishing")).doesNotExist();
    assertThat(directory.resolve("quarantine/_zonelake_commits/job-3")).exists();
  }

  /**
   * A partition column whose name starts with an underscore: Spark reads its {@code _p=1}
   * directories, so they are published like any other.
   */
  @Test
  void partitionDirectoriesStartingWithAnUnderscoreArePublished() {
    String table = directory.resolve("underscored").toString();
    TableFormat.Append append = TableFormat.PARQUET.append(spark, table, List.of("_p"), "job", 1);
    append.write(ninetyRows().withColumnRenamed("p", "_p"));
    append.commit();

    assertThat(spark.read().parquet(table).where("_p = 2").count()).isEqualTo(30);
    assertThat(rows(table)).isEqualTo(90);
  }
}
