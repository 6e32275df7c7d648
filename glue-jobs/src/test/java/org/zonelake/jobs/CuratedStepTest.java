package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.testing.TestSpark;

/** The curated job's input tables, found or refused with the table named. */
class CuratedStepTest {

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private CuratedStep step() {
    return new CuratedStep(
        spark,
        SampleLake.curatedConfig(temp, "curate-1", Optional.empty(), List.of()),
        new PrintStream(OutputStream.nullOutputStream()),
        new RunRecorder(RunServices.NONE, "processed-to-curated", "curate-1", RunListener.NONE));
  }

  @Test
  void aProcessedTableIsFoundOrItsAbsenceOrDamageIsNamed() throws IOException {
    Path orders = temp.resolve("processed/orders");

    assertThatThrownBy(() -> step().processedTable("orders"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Processed Delta table "
                + orders
                + " does not exist. Fix: run raw-to-processed (with --format delta) for orders"
                + " first.");

    spark.range(3).write().format("delta").save(orders.toString());
    spark.range(2).write().format("delta").mode("append").save(orders.toString());
    assertThat(step().processedTable("orders")).isEqualTo(orders.toString());

    // A damaged commit whose checksum is intact: the table is found (the checksum holds its
    // schema), and the first query that reads its files' list fails, naming only the file.
    Path commit = orders.resolve("_delta_log/00000000000000000001.json");
    Files.writeString(commit, "{\"commitInfo\": garbage\n");
    DeltaLog.clearCache();
    assertThat(step().processedTable("orders")).isEqualTo(orders.toString());
    Exception failure =
        catchException(() -> spark.read().format("delta").load(orders.toString()).count());
    String damaged =
        "Table "
            + orders
            + " cannot be read: Unrecognized token 'garbage': was expecting (JSON String, Number"
            + " (or 'NaN'/'INF'/'+INF'), Array, Object or token 'null', 'true' or 'false')"
            + " (reading "
            + commit
            + "). Fix: restore the table (its _delta_log) from a copy; the runs that read it fail"
            + " until it can be read.";
    assertThat(step().recorder().failure("orders", failure)).isEqualTo(damaged);

    // Without its checksums, finding the table reads the commit: the same, said at once.
    Files.delete(orders.resolve("_delta_log/00000000000000000001.crc"));
    Files.deleteIfExists(orders.resolve("_delta_log/.00000000000000000001.crc.crc"));
    DeltaLog.clearCache();
    assertThatThrownBy(() -> step().processedTable("orders"))
        .isInstanceOf(LakeException.class)
        .hasMessage(damaged);
  }
}
