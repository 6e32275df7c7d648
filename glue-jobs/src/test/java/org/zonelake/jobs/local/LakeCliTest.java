package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.jobs.LauncherLogging;
import org.zonelake.jobs.SampleLake;

/** {@code lake run} on the sample raw zone, then {@code lake sql} with the shipped queries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCliTest {

  @TempDir static Path temp;

  private Path lake;
  private CliRun run;

  @BeforeAll
  void runOnTheSampleData() {
    TestSpark.session();
    lake = temp.resolve("lake");
    run = CliRun.of("run", "--lake", lake.toString());
  }

  private String query(String file) throws IOException {
    return Files.readString(Path.of("..", "queries", file), StandardCharsets.UTF_8);
  }

  /** What {@code lake <args>} printed on standard error; the command must exit with status 1. */
  private static String failureOf(String... args) {
    CliRun failed = CliRun.of(args);
    assertThat(failed.status()).isEqualTo(1);
    return failed.err();
  }

  /**
   * What {@code lake <args>} printed on standard error; the command must exit with status 1 and
   * print nothing on standard output.
   */
  private static String failureWithoutOutputOf(String... args) {
    CliRun failed = CliRun.of(args);
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    return failed.err();
  }

  @Test
  void runPrintsProgressAndTheSummaryTable() {
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "web_logs: batch 0 committed: 1 file, 7 lines -> 3 written, 1 duplicate, 3"
                + " quarantined");
    assertThat(run.out())
        .containsPattern(
            "web_logs\\s+SUCCEEDED\\s+1\\s+7\\s+1\\s+2\\s+3\\s+1\\s+3\\s+\\{bad_event_time=1,"
                + " malformed=1, type_cast=1\\}")
        .containsPattern("clickstream\\s+SKIPPED")
        .contains(
            "orders             recomputed all 4 day(s) [2026-11-17, 2026-11-20, 2026-11-21,"
                + " 2026-11-22]");
  }

  /**
   * ANSI mode and java.time values, as a cluster may have them, change nothing: the same summary
   * (raw to processed, curated and joined datasets) as the run with Spark's defaults.
   */
  @Test
  void runGivesTheSameSummaryWithAnsiModeAndJavaTimeValues() throws Exception {
    CliRun ansi =
        TestSpark.withSettings(
            Map.of("spark.sql.ansi.enabled", "true", "spark.sql.datetime.java8API.enabled", "true"),
            () -> CliRun.of("run", "--lake", temp.resolve("ansi-lake").toString()));

    assertThat(ansi.status()).as(ansi.err()).isZero();
    String ansiRun =
        ansi.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow().substring(4);
    assertThat(ansi.out().replace(ansiRun, runId()).replace("ansi-lake", "lake"))
        .isEqualTo(run.out());
  }

  @Test
  void shippedQueriesReturnTheExpectedRows() throws IOException {
    assertThat(CliRun.of("sql", "--lake", lake.toString(), query("counts_by_source.sql")).out())
        .isEqualTo(
            "source,records,quarantined,duplicates\n"
                + "customers,5,3,1\norders,10,7,3\nsensor_readings,4,5,2\nweb_logs,3,3,1\n");
    assertThat(
            CliRun.of("sql", "--lake", lake.toString(), query("orders_by_category_country.sql"))
                .out())
        .isEqualTo(
            "category,country,orders,revenue\n"
                + "fashion,FR,1,29.90\nhome,GB,1,79.98\nhome,JP,1,42.00\nkitchen,DE,4,465.79\n"
                + "kitchen,FR,1,69.00\nsports,US,2,164.00\n");
    assertThat(
            CliRun.of("sql", "--lake", lake.toString(), query("average_price_per_category.sql"))
                .out())
        .isEqualTo("category,avg_price\nfashion,29.90\nhome,41.00\nkitchen,96.28\nsports,57.00\n");
    assertThat(CliRun.of("sql", "--lake", lake.toString(), query("orders_on_one_day.sql")).out())
        .isEqualTo(
            "order_id,product,price\no-1008,Running shoes,89.00\no-1011,Scarf,29.90\n"
                + "o-1012,東京 tea set,42.00\n");
  }

  private String runId() {
    return run.out()
        .lines()
        .filter(l -> l.startsWith("Run "))
        .findFirst()
        .orElseThrow()
        .substring(4);
  }

  @Test
  void runsListsEverySourceOfBothJobsFromTheLedger() {
    CliRun runs = CliRun.succeeded("runs", "--lake", lake.toString());
    List<String> lines = runs.out().lines().toList();
    assertThat(lines.get(0)).startsWith("started").contains("run id").contains("quarantined");
    // Four sources of each job, and the two joined datasets of processed to curated.
    assertThat(lines).hasSize(11);
    assertThat(lines.subList(1, 11))
        .filteredOn(l -> l.contains("raw-to-processed"))
        .hasSize(4)
        .allMatch(l -> l.contains(runId() + " ") && l.contains("SUCCEEDED"));
    assertThat(lines.subList(1, 11))
        .filteredOn(l -> l.contains("processed-to-curated"))
        .hasSize(6)
        .allMatch(l -> l.contains(runId() + "-curated ") && l.contains("SUCCEEDED"));
    assertThat(lines)
        .anyMatch(l -> l.matches(".* orders +" + runId() + " +SUCCEEDED +3 +20 +10 +7 +3 +1 +"))
        .anyMatch(
            l ->
                l.matches(
                    ".* processed-to-curated +orders +"
                        + runId()
                        + "-curated +SUCCEEDED +- +- +- +- +- +\\d+ +days_recomputed=4"))
        .anyMatch(
            l ->
                l.matches(
                    ".* processed-to-curated +sensor_readings_with_devices +"
                        + runId()
                        + "-curated +SUCCEEDED +- +- +- +- +- +\\S+ +days_recomputed=3"));
  }

  @Test
  void runPublishesTheFiguresOfBothJobsPerSourceBandAndTable() throws IOException {
    JsonNode orders = metrics("orders", runId());
    // Every line read is in one band: processed and quarantine keep each row's score, and the
    // duplicates are valid records (every check passed: score 1, the top band).
    String bands =
        "SELECT sum(CASE WHEN s < 0.5 THEN 1 ELSE 0 END), sum(CASE WHEN s >= 0.5 AND s < 0.8"
            + " THEN 1 ELSE 0 END), sum(CASE WHEN s >= 0.8 AND s < 0.95 THEN 1 ELSE 0 END),"
            + " sum(CASE WHEN s >= 0.95 THEN 1 ELSE 0 END) + 3 FROM (SELECT _quality_score AS s"
            + " FROM processed_orders UNION ALL SELECT _quality_score FROM quarantine_orders)";
    String expected =
        CliRun.of("sql", "--lake", lake.toString(), bands).out().lines().toList().get(1);
    assertThat(
            figure(orders, "QualityDistribution", "0.0-0.5")
                + ","
                + figure(orders, "QualityDistribution", "0.5-0.8")
                + ","
                + figure(orders, "QualityDistribution", "0.8-0.95")
                + ","
                + figure(orders, "QualityDistribution", "0.95-1.0"))
        .isEqualTo(expected)
        .isEqualTo("2,0,7,11");
    assertThat(figure(orders, "ProcessedRecords", null)).isEqualTo("10");

    String curated = runId() + "-curated";
    assertThat(figure(metrics("orders", curated), "DaysRecomputed", null)).isEqualTo("4");
    // A joined dataset is a subject of both kinds: its days, and its table's rows.
    assertThat(figure(metrics("orders_with_customers", curated), "DaysRecomputed", null))
        .isEqualTo("4");
    for (String table : List.of("daily_summary", "hourly_metrics", "orders_with_customers")) {
      // The first run wrote every row of each curated table.
      String rows =
          CliRun.of("sql", "--lake", lake.toString(), "SELECT count(*) FROM " + table)
              .out()
              .lines()
              .toList()
              .get(1);
      JsonNode written = metrics("_tables/" + table, curated);
      assertThat(written.get("dimensions").get("Table").asText()).isEqualTo(table);
      assertThat(figure(written, "CuratedRowsWritten", null)).as(table).isEqualTo(rows);
    }
  }

  private JsonNode metrics(String subject, String runId) throws IOException {
    return new ObjectMapper()
        .readTree(lake.resolve("_metrics").resolve(subject).resolve(runId + ".json").toFile());
  }

  /** The value of a figure (of one band, if given), as a whole number. */
  private static String figure(JsonNode metrics, String name, String band) {
    for (JsonNode figure : metrics.get("metrics")) {
      if (figure.get("name").asText().equals(name)
          && (band == null || figure.get("dimensions").get("Band").asText().equals(band))) {
        return String.valueOf(figure.get("value").asLong());
      }
    }
    throw new AssertionError("no figure " + name + " " + band + " in " + metrics);
  }

  @Test
  void runsReadsADynamoDbLedgerTableWithoutALocalLake() {
    // The lake's ledger served by DynamoDB Local as any DynamoDB endpoint is: reached through
    // --ledger_table, --region and --endpoint, with the AWS SDK's credentials settings.
    CliRun runs;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(lake.resolve("_ledger"))) {
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      runs =
          CliRun.of(
              "runs",
              "--source",
              "orders",
              "--ledger_table",
              EmbeddedLedger.TABLE,
              "--region",
              "us-east-1",
              "--endpoint",
              ledger.endpoint().toString());
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }

    assertThat(runs.status()).as(runs.err()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains("processed-to-curated").contains(runId() + "-curated ");
    assertThat(lines.get(2)).matches(".* orders +" + runId() + " +SUCCEEDED +3 +20 +10 +7 +3 +1 +");
  }

  @Test
  void lineageNamesTheRunAndTheRawFilesOfATableVersion() throws Exception {
    CliRun lineage = CliRun.succeeded("lineage", "processed_orders", "--lake", lake.toString());
    assertThat(lineage.out())
        .startsWith("processed_orders version 1: WRITE at ")
        .contains("Raw files (3):")
        .contains("orders/year=2026/month=11/day=20/orders-0001.jsonl")
        .contains("orders/year=2026/month=11/day=22/orders-0003.jsonl.gz")
        .contains("run " + runId() + ")")
        .contains("Runs (from the ledger):");
    // Of the run's four sources, only the one whose rows the version holds.
    String runs = lineage.out().substring(lineage.out().indexOf("Runs (from the ledger):"));
    assertThat(runs.lines().filter(l -> l.contains(runId())))
        .singleElement()
        .matches(l -> l.matches(".* raw-to-processed +orders +" + runId() + " +SUCCEEDED .*"));
    // The same from a session that hands out java.time values instead of java.sql ones.
    CliRun java8 =
        TestSpark.withSettings(
            Map.of("spark.sql.datetime.java8API.enabled", "true"),
            () -> CliRun.of("lineage", "processed_orders", "--lake", lake.toString()));
    assertThat(java8.out()).isEqualTo(lineage.out());

    CliRun curated =
        CliRun.of("lineage", "daily_summary", "--lake", lake.toString(), "--version", "0");
    // The first run created the table with every source's days, in one commit, which names the
    // curated run; the ledger lists that run's sources and the runs that processed their rows.
    String curatedRun = runId() + "-curated";
    assertThat(curated.out())
        .startsWith("daily_summary version 0: WRITE at ")
        .contains(
            "\nWritten by processed-to-curated run " + curatedRun + "\nRows of 11 source-day(s):\n")
        .contains("  orders 2026-11-17  (processed by run " + runId() + ")");
    assertThat(curated.out().lines().filter(l -> l.contains(curatedRun + " ")))
        .hasSize(4)
        .allMatch(
            l -> l.matches(".* processed-to-curated +[a-z_]+ +" + curatedRun + " +SUCCEEDED .*"));
    assertThat(curated.out().lines().filter(l -> l.contains(" raw-to-processed "))).hasSize(4);
    // A table without days (one row per source), one without a run column, the curated run's own
    // statistics, and a joined dataset (its rows name raw files, but no source).
    String statistics = lineage("source_statistics");
    assertThat(statistics)
        .contains(
            "Rows of 4 source(s):\n"
                + "  customers  (processed by run "
                + runId()
                + ")\n  orders  (processed by run "
                + runId()
                + ")\n");
    assertThat(statistics.lines().filter(l -> l.contains(" raw-to-processed "))).hasSize(4);
    String hourly = lineage("hourly_metrics");
    assertThat(hourly)
        .contains("Rows of 11 source-day(s):\n  customers 2026-11-19\n  customers 2026-11-20\n")
        .contains("  web_logs 2026-11-22\n");
    assertThat(
            hourly
                .lines()
                .filter(l -> l.contains(" processed-to-curated ") && l.contains(" SUCCEEDED ")))
        .hasSize(4);
    assertThat(hourly).doesNotContain(" raw-to-processed ");
    String joins = lineage("join_statistics");
    assertThat(joins)
        .contains(
            "Rows of 7 dataset-day(s):\n  orders_with_customers 2026-11-17  (run "
                + curatedRun
                + ")\n");
    assertThat(
            joins
                .lines()
                .filter(l -> l.contains(" processed-to-curated ") && l.contains(" SUCCEEDED ")))
        .hasSize(2)
        .allMatch(l -> l.contains(curatedRun));
    // A quarantine table's version names the raw files of its rows and the run, as processed's.
    CliRun quarantine = CliRun.succeeded("lineage", "quarantine_orders", "--lake", lake.toString());
    assertThat(quarantine.out())
        .startsWith("quarantine_orders version 1: WRITE at ")
        .containsPattern(
            "\nRaw files \\(3\\):\n"
                + "  file:\\S+/orders/year=2026/month=11/day=20/orders-0001.jsonl  \\(3 rows, run "
                + runId()
                + "\\)\n"
                + "  file:\\S+/orders/year=2026/month=11/day=21/orders-0002.jsonl  \\(3 rows, run "
                + runId()
                + "\\)\n"
                + "  file:\\S+/orders/year=2026/month=11/day=22/orders-0003.jsonl.gz  \\(1 rows,"
                + " run "
                + runId()
                + "\\)\nRuns \\(from the ledger\\):\n");
    assertThat(quarantine.out().lines().filter(l -> l.contains(runId())))
        .last()
        .matches(l -> l.matches(".* raw-to-processed +orders +" + runId() + " +SUCCEEDED .*"));
    // The quality history's tables have lineage too.
    CliRun rules = CliRun.succeeded("lineage", "quality_rule_results", "--lake", lake.toString());
    assertThat(rules.out())
        .startsWith("quality_rule_results version 4: WRITE at ")
        .containsPattern("Rows of 1 source\\(s\\):\n  [a-z_]+  \\(run " + runId() + "\\)\n");
    String joined = lineage("orders_with_customers");
    assertThat(joined)
        .contains("\nWritten by processed-to-curated run " + curatedRun + "\nRaw files (3):\n");
    assertThat(joined.lines().filter(l -> l.contains(curatedRun + " ")))
        .singleElement()
        .matches(
            l ->
                l.matches(
                    ".* processed-to-curated +orders_with_customers +"
                        + curatedRun
                        + " +SUCCEEDED .*"));
    assertThat(joined.lines().filter(l -> l.contains(runId() + " ") && l.contains("SUCCEEDED")))
        .singleElement()
        .matches(l -> l.matches(".* raw-to-processed +orders +" + runId() + " +SUCCEEDED .*"));
  }

  private String lineage(String table) {
    CliRun lineage =
        CliRun.succeeded("lineage", table, "--lake", lake.toString(), "--version", "0");
    assertThat(lineage.out()).startsWith(table + " version 0: WRITE at ");
    return lineage.out();
  }

  @Test
  void runBuildsTheShippedJoinedDatasetsAndSqlQueriesThem() {
    assertThat(run.out())
        .contains(
            "Joined datasets\n"
                + "orders_with_customers        recomputed all 4 day(s) [2026-11-17, 2026-11-20,"
                + " 2026-11-21, 2026-11-22]; 10 rows, 2 unmatched\n"
                + "sensor_readings_with_devices recomputed all 3 day(s) [2026-11-18, 2026-11-21,"
                + " 2026-11-22]; 4 rows, 1 unmatched\n");

    CliRun result =
        CliRun.of(
            "sql",
            "--lake",
            lake.toString(),
            "SELECT device_id, device_model, device_site, _matched FROM"
                + " sensor_readings_with_devices ORDER BY _event_time, device_id");

    assertThat(result.out())
        .isEqualTo(
            "device_id,device_model,device_site,_matched\n"
                + "d-04,,,false\n"
                + "d-01,TH-200,\"Berlin, Mitte\",true\n"
                + "d-02,TH-200,München Ost,true\n"
                + "d-02,TH-200,München Ost,true\n");
  }

  @Test
  void sqlPrintsCsvWithAHeader() {
    CliRun result =
        CliRun.succeeded(
            "sql",
            "--lake",
            lake.toString(),
            "SELECT method, status, bytes, path FROM processed_web_logs ORDER BY path");
    assertThat(result.out())
        .isEqualTo(
            "method,status,bytes,path\n"
                + "POST,201,312,/cart\n"
                + "GET,200,5123,/products/42\n"
                + "GET,304,0,/über-uns\n");
  }

  @Test
  void sqlCsvTellsANullFromAnEmptyString() {
    CliRun result =
        CliRun.succeeded(
            "sql", "--lake", lake.toString(), "SELECT CAST(NULL AS STRING) AS a, '' AS b, 7");
    assertThat(result.out()).isEqualTo("a,b,7\n,\"\",7\n");
  }

  @Test
  void sqlCsvWritesArraysMapsAndStructsAsJson() {
    CliRun result =
        CliRun.succeeded(
            "sql",
            "--lake",
            lake.toString(),
            "SELECT array(1, 2) AS a, map('k', 1) AS m, named_struct('n', 1, 'z', 'z') AS s,"
                + " CAST(NULL AS ARRAY<INT>) AS e, 1 AS a");
    assertThat(result.out())
        .isEqualTo(
            "a,m,s,e,a\n\"[1,2]\",\"{\"\"k\"\":1}\",\"{\"\"n\"\":1,\"\"z\"\":\"\"z\"\"}\",,1\n");
  }

  /**
   * Dates and times are shown as the tables hold them, in the proleptic Gregorian calendar: a day
   * before the Gregorian reform, of year 0 or before, or of year 10000 or after is that day, in CSV
   * and in JSON.
   */
  @Test
  void sqlShowsDatesAndTimesAsStoredWhateverTheYear() {
    String query =
        "SELECT DATE'1582-10-10' AS d, TIMESTAMP'1582-10-10 12:00:00' AS t, DATE'-0001-12-31' AS"
            + " e, DATE'+10000-01-01' AS f, TIMESTAMP'2026-11-20 10:00:00.5' AS g,"
            + " TIMESTAMP_NTZ'2026-11-20 10:00:00' AS h";

    CliRun csv = CliRun.of("sql", "--lake", lake.toString(), query);
    CliRun json = CliRun.of("sql", "--lake", lake.toString(), "--format", "json", query);

    assertThat(csv.status()).as(csv.err()).isZero();
    assertThat(csv.out())
        .isEqualTo(
            "d,t,e,f,g,h\n1582-10-10,1582-10-10 12:00:00,-0001-12-31,+10000-01-01,2026-11-20"
                + " 10:00:00.5,2026-11-20 10:00:00\n");
    assertThat(json.status()).as(json.err()).isZero();
    assertThat(json.out())
        .isEqualTo(
            "{\"d\":\"1582-10-10\",\"t\":\"1582-10-10T12:00:00.000Z\",\"e\":\"-0001-12-31\","
                + "\"f\":\"+10000-01-01\",\"g\":\"2026-11-20T10:00:00.500Z\","
                + "\"h\":\"2026-11-20T10:00:00.000\"}\n");
  }

  /** A table whose log is damaged is named, with the fix, instead of Spark's stack trace. */
  @Test
  void sqlOnALakeWithADamagedTableNamesTheTable() throws IOException {
    Path damaged = temp.resolve("damaged-lake/processed/orders");
    TestSpark.session().range(3).write().format("delta").save(damaged.toString());
    Path commit = damaged.resolve("_delta_log/00000000000000000000.json");
    Files.writeString(commit, Files.readString(commit).substring(0, 40));

    // The message quotes the damaged commit, whose timestamp differs from run to run.
    assertThat(
            failureOf("sql", "--lake", temp.resolve("damaged-lake").toString(), "SELECT 1 AS one"))
        .startsWith(
            "error: Table "
                + damaged
                + " cannot be read: Unexpected end-of-input: expected close marker for Object")
        .endsWith(
            ". Fix: restore the table (its _delta_log) from a copy, or move it out of the lake:"
                + " every table of the lake is registered for SQL.\n")
        .doesNotContain("\tat ");
  }

  @Test
  void sqlPrintsJsonLines() {
    CliRun result =
        CliRun.of(
            "sql",
            "--lake",
            lake.toString(),
            "--format",
            "json",
            "SELECT (SELECT count(*) FROM quarantine_web_logs) AS q, (SELECT count(*) FROM"
                + " processed_orders) AS o");

    assertThat(result.out()).isEqualTo("{\"q\":3,\"o\":10}\n");
  }

  @Test
  void invalidQueryNamesTheTables() {
    assertThat(failureOf("sql", "--lake", lake.toString(), "SELECT * FROM processed_order"))
        .startsWith(
            "error: The query is not valid: [TABLE_OR_VIEW_NOT_FOUND] The table or view"
                + " `processed_order` cannot be found. Verify the spelling and correctness of the"
                + " schema and catalog. Did you mean 'processed_orders'?\n")
        .doesNotContain("DROP VIEW IF EXISTS")
        .contains(
            "Tables: daily_summary, hourly_metrics, join_statistics, orders_with_customers,"
                + " processed_customers, processed_orders, processed_sensor_readings,"
                + " processed_web_logs, quality_metrics, quality_rule_results,"
                + " quarantine_customers, quarantine_orders, quarantine_sensor_readings,"
                + " quarantine_web_logs, sensor_readings_with_devices, source_statistics");
  }

  @Test
  void queryFailingWhileItRunsIsOneErrorLineAndNoSparkLog() throws Exception {
    LauncherLogging.Logged<CliRun> failed =
        LauncherLogging.capture(
            () -> CliRun.of("sql", "--lake", lake.toString(), "SELECT raise_error('boom')"));

    assertThat(failed.result().status()).isEqualTo(1);
    assertThat(failed.result().out()).isEmpty();
    assertThat(failed.result().err())
        .isEqualTo(
            "error: The query failed while it ran: boom. Fix: correct the query or the values it"
                + " reads; try_cast, try_divide and the other try_ functions give NULL where a"
                + " value cannot be converted.\n");
    // Spark's stack trace of the failed task is left out. The one line left is this JVM's: the
    // command takes the tests' session, which Spark notes (./lake starts a session of its own).
    assertThat(failed.log())
        .matches(
            "\\d\\d:\\d\\d:\\d\\d WARN SparkSession: Using an existing Spark session; only runtime"
                + " SQL configurations will take effect.\n");
  }

  @Test
  void unknownOptionAndMissingLakeAreClearErrors() throws IOException {
    assertThat(failureOf("run", "--lak", "x"))
        .startsWith(
            "error: Unknown option --lak for lake run. Did you mean --lake?\n\nUsage:\n  lake run"
                + " [--raw DIR] [--lake DIR]")
        .endsWith(
            "--max_files_per_batch 1000.\n"
                + "      Ctrl-C stops the run cleanly: nothing more is committed, the leases are"
                + " given\n      back, exit status 130; a second Ctrl-C quits at once.\n"
                + "lake help prints every command with its options.\n")
        .doesNotContain("lake sql");

    assertThat(failureOf("rnu"))
        .isEqualTo(
            "error: Unknown command 'rnu'. Did you mean 'run'? Commands: run, skip-file, runs,"
                + " lineage, maintain, replay, quality, sql, bench, help.\n\n"
                + "lake help prints every command with its options.\n");
    assertThat(CliRun.of("deploy").err())
        .startsWith("error: Unknown command 'deploy'. Commands: run, skip-file,");

    CliRun missing = CliRun.of("sql", "--lake", temp.resolve("none").toString(), "SELECT 1");
    assertThat(missing.err())
        .isEqualTo(
            "error: Lake directory "
                + temp.resolve("none")
                + " does not exist. Fix: run ./lake run first, or pass --lake DIR.\n");

    Path notALake = Files.createDirectories(temp.resolve("not-a-lake"));
    assertThat(CliRun.of("sql", "--lake", notALake.toString(), "SELECT 1").err())
        .isEqualTo(
            "error: Lake directory "
                + notALake
                + " holds no lake: no processed/, quarantine/ or curated/ directory. Fix: pass"
                + " --lake DIR of a lake ./lake run wrote, or run ./lake run --lake "
                + notALake
                + " first.\n");
    // Refused before a Spark session could leave its warehouse there.
    assertThat(notALake).isEmptyDirectory();
    // So are maintenance and the quality report, before a ledger or a report is written there.
    for (String command : List.of("maintain", "quality")) {
      assertThat(CliRun.of(command, "--lake", notALake.toString()).err())
          .as(command)
          .startsWith("error: Lake directory " + notALake + " holds no lake: ");
    }
    assertThat(notALake).isEmptyDirectory();
  }

  /** lake sql reads: a statement that would write is refused before Spark runs it. */
  @Test
  void sqlRefusesStatementsThatWriteAndRunsThoseThatRead() throws IOException {
    Path orders = lake.resolve("processed/orders");
    List<String> before;
    try (var files = Files.walk(orders)) {
      before = files.map(Path::toString).sorted().toList();
    }
    for (String statement :
        List.of(
            "INSERT INTO processed_orders SELECT * FROM processed_orders LIMIT 1",
            "DELETE FROM quarantine_orders WHERE true",
            "CREATE TABLE t1 AS SELECT 1 AS x",
            "DROP VIEW processed_orders")) {
      assertThat(CliRun.of("sql", "--lake", lake.toString(), statement).err())
          .as(statement)
          .isEqualTo(
              "error: lake sql runs queries only: the statement would change the lake's tables or"
                  + " the session. Fix: query with SELECT (or WITH ... SELECT, DESCRIBE, SHOW"
                  + " TABLES, EXPLAIN); only the jobs write the lake's tables.\n");
    }
    try (var files = Files.walk(orders)) {
      assertThat(files.map(Path::toString).sorted().toList()).isEqualTo(before);
    }
    assertThat(
            CliRun.of("sql", "--lake", lake.toString(), "DESCRIBE processed_orders")
                .out()
                .lines()
                .limit(2))
        .containsExactly("col_name,data_type,comment", "order_id,string,");
    // Delta's details and history, and table properties, are read too, of the table by its path.
    assertThat(
            CliRun.of("sql", "--lake", lake.toString(), "DESCRIBE DETAIL processed_orders").err())
        .startsWith(
            "error: The query is not valid: processed_orders is a view of the lake's Delta table,"
                + " and DESCRIBE DETAIL expects the table: name it by its path, delta.`"
                + lake.resolve("processed/orders").toAbsolutePath()
                + "`\n");
    assertThat(
            CliRun.succeeded(
                    "sql",
                    "--lake",
                    lake.toString(),
                    "--format",
                    "json",
                    "DESCRIBE DETAIL delta.`" + lake.resolve("processed/orders") + "`")
                .out())
        .contains("{\"format\":\"delta\",")
        .contains(",\"partitionColumns\":[\"year\",\"month\",\"day\"],")
        .contains(",\"minReaderVersion\":1,");
    assertThat(
            CliRun.succeeded(
                    "sql",
                    "--lake",
                    lake.toString(),
                    "SHOW TBLPROPERTIES delta.`" + lake.resolve("processed/orders") + "`")
                .out())
        .contains("\nzonelake.recordHash,xxh64x2-v1\n");
  }

  /** A lake or raw directory that is a file is named as such, before Spark or the ledger start. */
  @Test
  void aLakeOrRawDirectoryThatIsAFileIsRefusedNamingIt() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "not a directory\n");

    assertThat(failureOf("run", "--lake", file.toString()))
        .isEqualTo(
            "error: Lake directory "
                + file
                + " is a file, not a directory. Fix: pass --lake DIR: a directory this user may"
                + " write (it is created when missing).\n");
    CliRun sql = CliRun.of("sql", "--lake", file.toString(), "SELECT 1");
    assertThat(sql.err())
        .isEqualTo(
            "error: Lake directory "
                + file
                + " is a file, not a directory. Fix: pass --lake DIR: the lake's directory.\n");
    Path lake = temp.resolve("raw-is-a-file");
    CliRun raw = CliRun.of("run", "--raw", file.toString(), "--lake", lake.toString());
    assertThat(raw.err())
        .isEqualTo(
            "error: Raw directory "
                + file
                + " is a file, not a directory. Fix: pass --raw DIR (a directory with one"
                + " sub-directory per source).\n");
    // Refused before the lake directory is made.
    assertThat(lake).doesNotExist();
  }

  @Test
  void badOptionValuesAreClearErrorsBeforeAnyWork() {
    Path untouched = temp.resolve("untouched");
    assertThat(failureOf("run", "--lake", untouched.toString(), "--format", "orc"))
        .startsWith("error: --format is 'orc'; use delta or parquet.\n\nUsage:");
    assertThat(untouched).doesNotExist();

    assertThat(CliRun.of("sql", "--lake", lake.toString(), "--format", "xml", "SELECT 1").err())
        .startsWith("error: --format is 'xml'; use csv or json.\n\nUsage:");

    assertThat(failureWithoutOutputOf("runs", "--lake", lake.toString(), "--limit", "ten"))
        .startsWith("error: --limit is 'ten'; use a whole number of 1 or more.\n\nUsage:");
    assertThat(CliRun.of("runs", "--lake", lake.toString(), "--limit", "0").err())
        .startsWith("error: --limit is '0'; use a whole number of 1 or more.\n\nUsage:");

    // A source the ledger has no run of is said, not listed as an empty table.
    assertThat(failureWithoutOutputOf("runs", "--lake", lake.toString(), "--source", "order"))
        .isEqualTo(
            "error: The ledger has no run of 'order'. Did you mean 'orders'?\n\n"
                + "Runs are recorded under: customers, orders, orders_with_customers,"
                + " sensor_readings, sensor_readings_with_devices, web_logs.\n");

    // An argument that is not an option is refused, not ignored (the run would go ahead).
    Path strayLake = temp.resolve("stray");
    assertThat(failureOf("run", "--lake", strayLake.toString(), "now"))
        .startsWith(
            "error: lake run takes no argument 'now' (options start with --).\n\nUsage:\n"
                + "  lake run [");
    assertThat(strayLake).doesNotExist();
    assertThat(CliRun.of("maintain", "--lake", lake.toString(), "-x").err())
        .startsWith("error: lake maintain takes no argument '-x' (options start with --).");
    // An option whose value was left out is named, not the option after it taken for its value.
    assertThat(failureOf("run", "--raw", "--lake", strayLake.toString()))
        .startsWith("error: Option --raw needs a value.\n\nUsage:\n  lake run [");
    assertThat(strayLake).doesNotExist();
    // A second value does not silently replace the first.
    assertThat(
            CliRun.of(
                    "replay",
                    "--source",
                    "orders",
                    "--reason",
                    "malformed",
                    "--reason",
                    "type_cast",
                    "--dry-run",
                    "--lake",
                    lake.toString())
                .err())
        .startsWith(
            "error: Option --reason is given twice; give it once.\n\nUsage:\n  lake replay");

    assertThat(
            CliRun.of("lineage", "processed_orders", "--lake", lake.toString(), "--version", "-1")
                .err())
        .startsWith("error: --version is '-1'; use a whole number of 0 or more.\n\nUsage:");

    Path neverWritten = temp.resolve("never-written");
    assertThat(CliRun.of("run", "--lake", neverWritten.toString(), "--lease_seconds", "0").err())
        .startsWith("error: --lease_seconds is '0'; use a whole number of 1 to 86400.\n\nUsage:");
    assertThat(CliRun.of("run", "--lake", neverWritten.toString(), "--lease_seconds", "1.5").err())
        .startsWith("error: --lease_seconds is '1.5'; use a whole number of 1 to 86400.\n\nUsage:");
    assertThat(
            CliRun.of("run", "--lake", neverWritten.toString(), "--max_files_per_batch", "0").err())
        .startsWith(
            "error: --max_files_per_batch is '0'; use a whole number of 1 or more.\n\n" + "Usage:");
    assertThat(
            CliRun.of("run", "--lake", neverWritten.toString(), "--late_file_days", "3000000000")
                .err())
        .startsWith(
            "error: --late_file_days is '3000000000'; use a whole number of 0 to 2147483647.\n\n"
                + "Usage:");
    assertThat(CliRun.of("run", "--lake", neverWritten.toString(), "--late_file_days", "-1").err())
        .startsWith("error: --late_file_days is '-1'; use a whole number of 0 or more.\n\nUsage:");
    assertThat(
            CliRun.of(
                    "run",
                    "--lake",
                    neverWritten.toString(),
                    "--lease_seconds",
                    "999999999999999999")
                .err())
        .startsWith(
            "error: --lease_seconds is '999999999999999999'; use a whole number of 1 to"
                + " 86400.\n\nUsage:");
    assertThat(
            failureWithoutOutputOf(
                "run", "--lake", neverWritten.toString(), "--master", "local[x]"))
        .startsWith(
            "error: --master is 'local[x]'; use local, local[N] or local[*] (N task threads; * for"
                + " one per core), or a cluster's URL such as spark://HOST:PORT.\n\nUsage:\n"
                + "  lake run [");
    assertThat(neverWritten).doesNotExist();
    assertThat(
            CliRun.of("sql", "--lake", lake.toString(), "--master", "local[2,3]", "SELECT 7").out())
        .isEqualTo("7\n7\n");

    Path nowhere = temp.resolve("no-such-directory");
    assertThat(
            failureOf(
                "quality",
                "--lake",
                lake.toString(),
                "--out",
                nowhere.resolve("r.html").toString()))
        .isEqualTo(
            "error: Directory "
                + nowhere
                + " does not exist. Fix: create it, or pass --out with a file in an existing"
                + " directory.\n");

    assertThat(failureOf("replay", "--source", "order", "--lake", lake.toString()))
        .isEqualTo(
            "error: No contract for source(s) [order]. Known sources: [customers, orders,"
                + " sensor_readings, web_logs]; the closest: 'orders' for 'order'. Fix: add a"
                + " contract file <source>.json, or correct the name (the jobs' --sources, lake"
                + " replay's --source).\n");

    assertThat(failureOf("skip-file", "orders", "/no/such.jsonl", "--lake", lake.toString()))
        .isEqualTo(
            "error: Raw file /no/such.jsonl is not in the file quarantine of 'orders'. The source"
                + " has no file in file quarantine. Fix: nothing to skip: no file of the source"
                + " waits to be tried again (a file skipped before stays skipped).\n");

    assertThat(failureOf("lineage", "processed_order", "--lake", lake.toString()))
        .startsWith(
            "error: No table 'processed_order' in "
                + lake
                + ". Did you mean 'processed_orders'?\n\nTables: daily_summary, hourly_metrics,");

    assertThat(failureOf("quality", "--lake", lake.toString(), "--out", temp.toString()))
        .isEqualTo(
            "error: --out "
                + temp
                + " is a directory.\n\nPass --out with the report's file name, e.g. "
                + temp.resolve("quality-report.html")
                + "\n");

    assertThat(
            failureOf("lineage", "processed_orders", "--lake", lake.toString(), "--version", "99"))
        .isEqualTo(
            "error: Table processed_orders has no version 99: its versions are 0 to 1.\n\n"
                + "Pass --version with one of them, or leave --version out for the latest.\n");
  }

  @Test
  void anInvalidJoinedDatasetStopsTheRunBeforeRawToProcessedWritesAnything() throws IOException {
    Path contracts = temp.resolve("contracts-with-a-bad-join");
    org.zonelake.jobs.SampleLake.copyShippedContract("orders", contracts);
    org.zonelake.jobs.SampleLake.copyShippedContract("customers", contracts);
    Files.createDirectories(contracts.resolve("joins"));
    Files.writeString(
        contracts.resolve("joins/orders_by_client.json"),
        """
        {"name": "orders_by_client", "left": {"source": "orders"},
         "right": {"source": "customers", "columns": ["email"]},
         "keys": ["client_id"]}
        """);
    Path untouched = temp.resolve("lake-of-a-bad-join");
    java.util.function.Supplier<String> runWith =
        () ->
            failureWithoutOutputOf(
                "run", "--lake", untouched.toString(), "--contracts", contracts.toString());

    assertThat(runWith.get())
        .endsWith(
            "error: Joined dataset file:"
                + contracts.resolve("joins/orders_by_client.json")
                + ": field 'keys' names column 'client_id', which the left source does not have."
                + " Fix: use one of [order_id, customer_id, product, category, price, quantity,"
                + " country, order_ts].\n");
    // Not even the ledger the run opened: the lake's directory is gone as it came.
    assertThat(untouched).doesNotExist();

    // So does a reference table that is not where its declaration says.
    Files.delete(contracts.resolve("joins/orders_by_client.json"));
    Files.writeString(
        contracts.resolve("joins/orders_by_region.json"),
        """
        {"name": "orders_by_region", "left": {"source": "orders"},
         "right": {"reference": {"path": "../reference/regions.csv", "format": "csv",
                                 "schema": "country STRING, region STRING"},
                   "columns": ["region"]},
         "keys": ["country"]}
        """);
    assertThat(runWith.get())
        .endsWith(
            "error: Reference table file:"
                + contracts.resolve("reference/regions.csv")
                + " of joined dataset 'orders_by_region' does not exist. Fix: add it to the"
                + " contracts directory, or correct right.reference.path in file:"
                + contracts.resolve("joins/orders_by_region.json")
                + ".\n");
    assertThat(untouched.resolve("processed")).doesNotExist();

    // And one whose header does not name the schema's columns.
    Files.createDirectories(contracts.resolve("reference"));
    Files.writeString(contracts.resolve("reference/regions.csv"), "code,region\nFR,Europe\n");
    assertThat(runWith.get())
        .endsWith(
            "error: Reference table file:"
                + contracts.resolve("reference/regions.csv")
                + " of joined dataset 'orders_by_region' has the header code,region, which does"
                + " not name the columns of its schema in order (country,region). Fix:"
                + " make the header name the columns of right.reference.schema in file:"
                + contracts.resolve("joins/orders_by_region.json")
                + " in order, or correct the schema.\n");
    assertThat(untouched).doesNotExist();
  }

  @Test
  void aParquetRunSaysWhyItBuildsNoCuratedTables() throws IOException {
    Path parquet = temp.resolve("parquet-lake");
    Path raw = SampleLake.copyRawOrders(temp.resolve("parquet-raw"));
    SampleLake.land(raw, "orders", LocalDate.of(2026, 11, 20), "corrupt.jsonl.gz", "not gzip");
    CliRun run =
        CliRun.of(
            "run", "--raw", raw.toString(), "--lake", parquet.toString(), "--format", "parquet");

    assertThat(run.status()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            "\nNo curated run: the curated tables are built from Delta tables (--format delta).\n")
        .doesNotContain("Curated run");
    assertThat(parquet.resolve("processed/orders")).isDirectory();
    assertThat(parquet.resolve("curated")).doesNotExist();
    // The hint names the lake, which is not the default one.
    assertThat(run.out())
        .endsWith(
            "Query the tables: ./lake sql --lake "
                + parquet
                + " \"SELECT _source, count(*) FROM processed_orders GROUP BY 1\"\n");

    // A table whose first batch has not committed holds only its staging and markers: the
    // committed tables are queried as ever.
    Files.createDirectories(parquet.resolve("processed/clicks/_zonelake_staging-zonelake-1/x=1"));
    Files.createDirectories(parquet.resolve("processed/clicks/_zonelake_commits"));
    CliRun sql =
        CliRun.succeeded(
            "sql", "--lake", parquet.toString(), "SELECT count(*) AS n FROM processed_orders");
    assertThat(sql.out()).isEqualTo("n\n10\n");

    // The skip-file command the run gives is pasted as it is: it finds the lake's format.
    String skip =
        run.err().replaceFirst("(?s).*\\(skip it with \\./lake (skip-file [^)]+)\\).*", "$1");
    List<String> args = List.of(skip.split(" "));
    assertThat(args).hasSize(5);
    String refused =
        CliRun.of(
                Stream.concat(args.stream(), Stream.of("--format", "delta")).toArray(String[]::new))
            .err();
    assertThat(refused)
        .startsWith(
            "error: Table "
                + parquet.resolve("quarantine/_files/orders")
                + " is a parquet table, and this run writes delta:");
    assertThat(CliRun.succeeded(args.toArray(String[]::new)).out())
        .startsWith("Skipped " + args.get(2) + " (corrupt compressed stream: ");
    assertThat(
            CliRun.succeeded(
                    "sql",
                    "--lake",
                    parquet.toString(),
                    "SELECT status FROM quarantined_files_orders ORDER BY recorded_at")
                .out())
        .isEqualTo("status\nquarantined\nskipped\n");
    // A replay says a Parquet lake cannot be replayed, and how to get one that can.
    assertThat(failureOf("replay", "--source", "orders", "--dry-run", "--lake", parquet.toString()))
        .isEqualTo(
            "error: Source 'orders': the quarantine table "
                + parquet.resolve("quarantine/orders")
                + " is a Parquet table. Replaying quarantine rows needs the Delta tables"
                + " raw-to-processed writes with --format delta: a replay marks the rows it"
                + " recovers in place, which Parquet cannot do atomically. Fix: a Parquet lake"
                + " cannot be replayed; to replay, run raw-to-processed with --format delta into"
                + " another lake directory (it reads every raw file again), and replay there.\n");
  }

  @Test
  void helpOfOneCommandPrintsItsUsageAndDoesNothingElse() {
    Path untouched = temp.resolve("help-untouched");
    for (String help : List.of("-h", "--help")) {
      CliRun run = CliRun.of("run", "--lake", untouched.toString(), help);
      assertThat(run.status()).isZero();
      assertThat(run.out())
          .isEqualTo(LakeCli.usage("run") + "\n")
          .startsWith("Usage:\n  lake run [");
    }
    assertThat(untouched).doesNotExist();
  }

  @Test
  void helpPrintsTheUsageOfEveryCommand() {
    CliRun help = CliRun.of("help");
    assertThat(help.status()).isEqualTo(0);
    assertThat(help.out())
        .isEqualTo(LakeCli.USAGE)
        .contains(
            "lake run [",
            "lake runs [",
            "lake lineage TABLE",
            "lake quality [",
            "lake sql [",
            "lake bench [");
  }

  /**
   * Files that land in a landing day older than the late-file window are taken by a run given a
   * wider window, in batches of the size it is given; the files of those days that earlier runs
   * took are not read again, though they left the state's recent files long before.
   */
  @Test
  void aWiderWindowTakesLateFilesAndNotThoseTakenBefore() throws IOException {
    Path raw = temp.resolve("late-raw");
    SampleLake.copyRawOrders(raw); // landing days 2026-11-20 to 22
    String lateLake = temp.resolve("late-lake").toString();
    CliRun.succeeded("run", "--raw", raw.toString(), "--lake", lateLake);
    // A day 9 days later: the window of 7 days now starts after the sample's days.
    order(raw, LocalDate.of(2026, 12, 1), "next");
    CliRun.succeeded("run", "--raw", raw.toString(), "--lake", lateLake);
    order(raw, LocalDate.of(2026, 11, 10), "late-1");
    order(raw, LocalDate.of(2026, 11, 10), "late-2");

    CliRun wider =
        CliRun.succeeded(
            "run",
            "--raw",
            raw.toString(),
            "--lake",
            lateLake,
            "--late_file_days",
            "30",
            "--max_files_per_batch",
            "1");

    assertThat(wider.err())
        .contains("orders: batch 2 committed: 1 file, 1 line -> 1 written, 0 duplicates")
        .contains("orders: batch 3 committed: 1 file, 1 line -> 1 written, 0 duplicates")
        .doesNotContain("batch 4");
    assertThat(wider.out())
        .contains(
            "\norders             SUCCEEDED      2       2         0       0           0          0"
                + "       2  \n");
    assertThat(TestRows.delta(Path.of(lateLake, "processed/orders")).count()).isEqualTo(13);
    assertThat(TestRows.delta(Path.of(lateLake, "quarantine/orders")).count()).isEqualTo(7);
    Path state = Path.of(lateLake, "processed/_manifests/orders/state.json");
    assertThat(Files.readString(state)).contains("\"covered_from\" : \"2026-11-01\"");

    // A file outside landing days, taken too.
    Files.writeString(
        raw.resolve("orders/flat.jsonl"),
        Files.readString(raw.resolve("orders/year=2026/month=11/day=10/late-1.jsonl"))
            .replace("late-1", "flat"));
    CliRun.succeeded("run", "--raw", raw.toString(), "--lake", lateLake);

    // Without its state file, the source's files are looked up in its tables, not read again.
    Files.delete(state);
    CliRun stateless = CliRun.succeeded("run", "--raw", raw.toString(), "--lake", lateLake);
    assertThat(stateless.err()).doesNotContain("orders: batch");
    assertThat(TestRows.delta(Path.of(lateLake, "processed/orders")).count()).isEqualTo(14);
    assertThat(TestRows.delta(Path.of(lateLake, "quarantine/orders")).count()).isEqualTo(7);
    assertThat(Files.readString(state)).contains("\"covered_from\" : \"-999999999-01-01\"");
  }

  /** Lands one valid order of {@code day}, its id and file named {@code name}. */
  private static void order(Path raw, LocalDate day, String name) {
    SampleLake.land(
        raw,
        "orders",
        day,
        name + ".jsonl",
        "{\"order_id\": \""
            + name
            + "\", \"customer_id\": \"c-001\", \"order_ts\": \""
            + day
            + "T10:00:00Z\", \"product\": \"Whisk\", \"category\": \"kitchen\","
            + " \"quantity\": 1, \"price\": 2.5, \"country\": \"FR\"}");
  }

  /**
   * A raw file that cannot be read goes to file quarantine with the command that gives it up;
   * {@code skip-file} does, and later runs no longer try it.
   */
  @Test
  void aRawFileThatCannotBeReadIsGivenUpWithSkipFile() throws IOException {
    Path raw = temp.resolve("skip-raw");
    SampleLake.copyRawOrders(raw);
    Path corrupt =
        SampleLake.land(raw, "orders", LocalDate.of(2026, 11, 20), "corrupt.jsonl.gz", "not gzip");
    String skipLake = temp.resolve("skip-lake").toString();

    CliRun first = CliRun.succeeded("run", "--raw", raw.toString(), "--lake", skipLake);
    String path =
        first.err().replaceFirst("(?s).*skip-file orders (\\S+) --lake (\\S+)\\).*", "$1");
    assertThat(first.err().replaceFirst("(?s).*skip-file orders (\\S+) --lake (\\S+)\\).*", "$2"))
        .isEqualTo(skipLake);
    assertThat(path).isEqualTo(corrupt.toUri().toString().replace("file:///", "file:/"));

    CliRun skip = CliRun.succeeded("skip-file", "orders", path, "--lake", skipLake);
    assertThat(skip.out())
        .isEqualTo(
            "Skipped "
                + path
                + " (corrupt compressed stream: Unexpected end of input stream): later runs of"
                + " orders no longer try it.\n");

    CliRun again = CliRun.succeeded("run", "--raw", raw.toString(), "--lake", skipLake);
    assertThat(again.err()).doesNotContain("corrupt.jsonl.gz");
    // Skipping it again (by its local path this time) says when it was skipped, and writes nothing.
    CliRun twice = CliRun.succeeded("skip-file", "orders", corrupt.toString(), "--lake", skipLake);
    assertThat(twice.out())
        .matches(
            java.util.regex.Pattern.quote("Already skipped " + path + " on ")
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"
                + java.util.regex.Pattern.quote(
                    " (skipped by hand; was: corrupt compressed stream: Unexpected end of input"
                        + " stream): later runs of orders do not try it. Nothing written.\n"));
    assertThat(
            TestRows.delta(Path.of(skipLake, "quarantine/_files/orders"))
                .where("status = 'skipped'")
                .count())
        .isEqualTo(1);
    // Lineage of the file-quarantine table: the batch that quarantined the file, with its run in
    // the ledger; then the skip.
    String firstRun =
        first.err().replaceFirst("(?s).*\\bLake \\S+, raw \\S+, run (\\S+)\n.*", "$1");
    CliRun quarantined =
        CliRun.succeeded(
            "lineage", "quarantined_files_orders", "--lake", skipLake, "--version", "1");
    assertThat(quarantined.out())
        .contains(
            "\nRaw files (1):\n  "
                + path
                + "  (quarantined by run "
                + firstRun
                + ": corrupt compressed stream: Unexpected end of input stream)\nRuns (from the"
                + " ledger):\n")
        .containsPattern(
            "\n\\S+ +raw-to-processed +orders +"
                + firstRun
                + " +SUCCEEDED +3 +20 +10 +7 +3 +1  files_quarantined=1\n$");
    CliRun skipLineage =
        CliRun.succeeded("lineage", "quarantined_files_orders", "--lake", skipLake);
    assertThat(skipLineage.out())
        .matches(
            "quarantined_files_orders version 2: WRITE at \\S+\nRaw files \\(1\\):\n  "
                + java.util.regex.Pattern.quote(path)
                + "  \\(skipped by run \\S+: skipped by hand; was: corrupt compressed stream:"
                + " Unexpected end of input stream\\)\n");
    assertThat(failureOf("skip-file", "orders", "/no/such.jsonl", "--lake", skipLake))
        .isEqualTo(
            "error: Raw file /no/such.jsonl is not in the file quarantine of 'orders'. The source"
                + " has no file in file quarantine. Fix: nothing to skip: no file of the source"
                + " waits to be tried again (a file skipped before stays skipped).\n");
  }
}
