package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;

/**
 * A contract that gains a nullable column evolves the processed table in the commit that writes the
 * first rows with it; a contract that changes a column's type or drops a column is refused before
 * any raw file is read; a Parquet lake likewise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaEvolutionTest {

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private Path contracts;
  private final List<List<SourceOutcome>> runs = new ArrayList<>();
  private Path parquetLake;
  private final List<SourceOutcome> parquetRuns = new ArrayList<>();
  private long versionBeforeRefusals;
  private List<String> manifestsBeforeRefusals;

  private static String line(String id, String channel) {
    return "{\"id\":\""
        + id
        + "\",\"amount\":1.5,\"ts\":\"2026-11-20T08:00:00Z\""
        + (channel == null ? "" : ",\"channel\":\"" + channel + "\"")
        + "}\n";
  }

  private void contract(String schema) throws IOException {
    SampleLake.writeContract(contracts, "shop", "json_lines", schema);
  }

  /** Lands {@code lines}, each ending in its own newline, as the file {@code name}. */
  private void land(String name, String... lines) {
    SampleLake.landText(raw, "shop", LocalDate.of(2026, 11, 20), name, String.join("", lines));
  }

  private SourceOutcome run(String runId) {
    RawToProcessedConfig config = SampleLake.config(raw, lake, contracts, runId, 1000);
    List<SourceOutcome> outcomes = new RawToProcessedPlan(spark, config, RunListener.NONE).run();
    runs.add(outcomes);
    // The same run on a Parquet lake of the same raw files and contracts.
    RawToProcessedConfig parquet =
        new RawToProcessedConfig(
            config.jobName(),
            runId,
            LakeLayout.under(parquetLake.toString(), raw.toString()),
            config.contracts(),
            TableFormat.PARQUET,
            List.of(),
            1000,
            RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
    parquetRuns.add(new RawToProcessedPlan(spark, parquet, RunListener.NONE).run().get(0));
    return outcomes.get(0);
  }

  private String table() {
    return lake.resolve("processed/shop").toString();
  }

  private List<String> manifests() throws IOException {
    try (Stream<Path> files = Files.list(lake.resolve("processed/_manifests/shop"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @BeforeAll
  void scenario() throws IOException {
    raw = temp.resolve("raw");
    lake = temp.resolve("lake");
    parquetLake = temp.resolve("parquet-lake");
    contracts = Files.createDirectories(temp.resolve("contracts"));
    contract("id STRING, amount DOUBLE, ts TIMESTAMP");
    land("1.jsonl", line("a1", "web"), line("a2", null));
    run("run-1");

    // The producer's new field becomes a column of the contract.
    contract("id STRING, amount DOUBLE, ts TIMESTAMP, channel STRING");
    land("2.jsonl", line("b1", "app"), line("b2", null));
    run("run-2");

    versionBeforeRefusals =
        spark.sql("DESCRIBE HISTORY delta.`" + table() + "`").first().getLong(0);
    manifestsBeforeRefusals = manifests();
    land("3.jsonl", line("c1", "app"));
    contract("id STRING, amount STRING, ts TIMESTAMP, channel STRING");
    run("run-3");
    contract("id STRING, amount DOUBLE, ts TIMESTAMP");
    run("run-4");
  }

  @Test
  void aNewNullableColumnIsAddedInTheCommitThatWritesIt() throws IOException {
    assertThat(runs.get(1).get(0).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    List<String> rows =
        spark
            .read()
            .format("delta")
            .load(table())
            .selectExpr("concat_ws(' ', id, coalesce(channel, 'null'), _unknown_fields['channel'])")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList()
            .stream()
            .sorted()
            .toList();
    // Older rows read null; a1 keeps the value it had in _unknown_fields; new rows have the column.
    assertThat(rows).containsExactly("a1 null web", "a2 null", "b1 app", "b2 null");
    assertThat(spark.read().format("delta").load(table()).columns())
        .containsSubsequence("id", "amount", "ts", "_source", "channel");
    // One commit: the schema change (metaData) and the rows (add) of run-2.
    Path log = lake.resolve("processed/shop/_delta_log");
    String commit =
        Files.readString(log.resolve(String.format("%020d.json", versionBeforeRefusals)));
    assertThat(commit).contains("\"metaData\"").contains("\"add\"").contains("channel");
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + table() + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
  }

  @Test
  void aParquetTableGainsTheColumnAndRefusesTheSameChanges() {
    String table = parquetLake.resolve("processed/shop").toString();
    assertThat(parquetRuns.get(1).status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(
            TableFormat.PARQUET
                .read(spark, table)
                .selectExpr(
                    "concat_ws(' ', id, coalesce(channel, 'null'), _unknown_fields['channel'])")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()
                .stream()
                .sorted())
        .containsExactly("a1 null web", "a2 null", "b1 app", "b2 null");
    assertThat(parquetRuns.get(2).message().orElseThrow())
        .startsWith(
            "Contract 'shop' declares column 'amount' as STRING where the table has DOUBLE: the"
                + " processed table "
                + table
                + " keeps its columns");
    assertThat(parquetRuns.get(3).message().orElseThrow())
        .startsWith("Contract 'shop' no longer declares column 'channel' (STRING): the processed");
    assertThat(TableFormat.PARQUET.read(spark, table).count()).isEqualTo(4);
    // The curated job says the table is Parquet, not that there is none.
    CuratedResult curated =
        SampleLake.curate(
            spark,
            SampleLake.curatedConfig(
                parquetLake, "curate", java.util.Optional.of(contracts), List.of("shop")));
    assertThat(curated.sources().get(0).error())
        .contains(
            "Source 'shop': the processed table "
                + table
                + " is a Parquet table. The curated tables are built from the Delta log of the"
                + " processed tables (which days changed, at which versions); Parquet has none."
                + " Fix: write the lake with --format delta (into another lake directory:"
                + " raw-to-processed reads every raw file again) to have curated tables, or leave"
                + " shop out of the curated job's --sources.");
  }

  @Test
  void aTypeChangeIsRefusedBeforeAnyDataIsRead() throws IOException {
    SourceOutcome refused = runs.get(2).get(0);
    assertThat(refused.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(refused.message().orElseThrow())
        .isEqualTo(
            "Contract 'shop' declares column 'amount' as STRING where the table has DOUBLE: the"
                + " processed table "
                + table()
                + " keeps its columns and their types; only new nullable columns are added to"
                + " it. Nothing was read or written for the source. Fix: either give the changed"
                + " contract a new source name (new tables; the old ones stay as they are), or"
                + " migrate: move the source's processed table, its quarantine table,"
                + " processed/_stats/shop and processed/_manifests/shop aside, and the next run"
                + " reprocesses every raw file of the source under the new contract (raw files are"
                + " never changed).");
    assertThat(manifests()).isEqualTo(manifestsBeforeRefusals);
  }

  @Test
  void aRemovedColumnIsRefusedBeforeAnyDataIsRead() throws IOException {
    SourceOutcome refused = runs.get(3).get(0);
    assertThat(refused.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(refused.message().orElseThrow())
        .startsWith("Contract 'shop' no longer declares column 'channel' (STRING): the processed");
    assertThat(manifests()).isEqualTo(manifestsBeforeRefusals);
    assertThat(spark.sql("DESCRIBE HISTORY delta.`" + table() + "`").first().getLong(0))
        .isEqualTo(versionBeforeRefusals);
    assertThat(spark.read().format("delta").load(table()).count()).isEqualTo(4);
  }
}
