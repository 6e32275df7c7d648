package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.testing.SparkJobs;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.CuratedStateStore;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;

/**
 * The shipped joined datasets on the sample lake against independent SQL, then a late order, a new
 * customer, the shipped contracts copied elsewhere, a contracts directory with its own declaration,
 * and an invalid one. Tests run in order: later tests change the lake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinedDatasetsTest {

  private static final List<String> SOURCES = List.of("customers", "orders", "sensor_readings");

  /** testdata/reference/devices.csv, written out by hand. */
  private static final String DEVICES =
      "SELECT * FROM VALUES ('d-01', 'TH-200', 'Berlin, Mitte', DATE'2025-03-01'),"
          + " ('d-02', 'TH-200', 'München Ost', DATE'2025-03-15'),"
          + " ('d-03', 'TH-300', 'Frankfurt', DATE'2025-06-02'),"
          + " ('d-05', 'TH-300', 'Dresden', DATE'2025-09-20'),"
          + " ('d-06', 'TH-300 Outdoor', 'Zürich', DATE'2026-01-10')"
          + " AS t(device_id, model, site, installed_on)";

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private CuratedResult first;

  private CuratedResult curate(String runId) {
    return curate(runId, Optional.empty(), "curated", SOURCES);
  }

  private CuratedResult curate(
      String runId, Optional<Path> contracts, String curated, List<String> sources) {
    return SampleLake.curate(
        spark, SampleLake.curatedConfig(lake, curated, runId, contracts, sources));
  }

  private void ingest(String runId, String source) {
    SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, runId, List.of(source)));
  }

  @BeforeAll
  void runThePipeline() {
    raw = SampleLake.copyRaw(temp.resolve("raw"));
    lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-1", SOURCES));
    first = curate("curate-1");
  }

  private String table(String name) {
    return "delta.`" + lake.resolve(name) + "`";
  }

  private Dataset<Row> curated(String name) {
    return spark.read().format("delta").load(lake.resolve("curated").resolve(name).toString());
  }

  private long version(String name) {
    return DeltaTables.latestVersion(spark, lake.resolve("curated").resolve(name).toString());
  }

  /** The rows of orders_with_customers of every day but the 20th, by order id. */
  private List<Row> ordersWithCustomersBesideThe20th() {
    return curated("orders_with_customers").where("day <> 20").orderBy("order_id").collectAsList();
  }

  /** The rows of join_statistics but orders_with_customers on the 20th, by dataset and day. */
  private List<Row> joinStatisticsBesideOrdersOnThe20th() {
    return curated("join_statistics")
        .where("NOT (dataset = 'orders_with_customers' AND day = 20)")
        .orderBy("dataset", "day")
        .collectAsList();
  }

  /**
   * The day partition directories of the data files the table's latest commit added and removed.
   */
  private List<String> partitionsTouchedByLastCommit(String name) throws IOException {
    Path commit =
        lake.resolve("curated")
            .resolve(name)
            .resolve("_delta_log")
            .resolve(String.format("%020d.json", version(name)));
    ObjectMapper json = new ObjectMapper();
    List<String> partitions = new ArrayList<>();
    for (String line : Files.readAllLines(commit)) {
      JsonNode action = json.readTree(line);
      for (String kind : List.of("add", "remove")) {
        if (action.has(kind)) {
          String path = action.get(kind).get("path").asText();
          partitions.add(kind + " " + path.substring(0, path.lastIndexOf('/')));
        }
      }
    }
    return partitions.stream().distinct().sorted().toList();
  }

  @Test
  @Order(1)
  void firstRunBuildsBothShippedJoinedDatasetsAndReportsUnmatchedRows() {
    assertThat(first.sources())
        .extracting(CuratedResult.Outcome::source)
        .containsExactlyElementsOf(SOURCES);
    assertThat(first.joins())
        .extracting(CuratedResult.JoinOutcome::name)
        .containsExactly("orders_with_customers", "sensor_readings_with_devices");
    assertThat(first.joins()).allMatch(o -> o.fullRecompute() && o.reason().equals("first run"));
    assertThat(first.joins().get(1).days())
        .containsExactly(
            new DayKey(2026, 11, 18), new DayKey(2026, 11, 21), new DayKey(2026, 11, 22));

    assertThat(ProcessedToCuratedPlan.summary("curate-1", first))
        .endsWith(
            "Joined datasets\n"
                + "orders_with_customers        recomputed all 4 day(s) [2026-11-17, 2026-11-20,"
                + " 2026-11-21, 2026-11-22]; 10 rows, 2 unmatched\n"
                + "sensor_readings_with_devices recomputed all 3 day(s) [2026-11-18, 2026-11-21,"
                + " 2026-11-22]; 4 rows, 1 unmatched\n");
  }

  @Test
  @Order(2)
  void ordersWithCustomersEqualsAnIndependentLeftJoin() {
    // Each customer has one processed row in the sample, so a plain join is the expectation.
    assertThat(
            spark
                .sql(
                    "SELECT count(*) = count(DISTINCT customer_id) FROM "
                        + table("processed/customers"))
                .first()
                .getBoolean(0))
        .isTrue();
    Dataset<Row> expected =
        spark.sql(
            "SELECT o.order_id, o.customer_id, o.product, o.category, o.price, o.quantity,"
                + " o.country, o.order_ts, o._event_time, o._record_hash, o._raw_file, o._run_id,"
                + " c.name, c.country, c.city, c.signup_ts, c.customer_id IS NOT NULL, o.year,"
                + " o.month, o.day FROM "
                + table("processed/orders")
                + " o LEFT JOIN "
                + table("processed/customers")
                + " c ON o.customer_id = c.customer_id");

    Dataset<Row> actual = curated("orders_with_customers");

    assertThat(actual.columns())
        .containsExactly(
            "order_id",
            "customer_id",
            "product",
            "category",
            "price",
            "quantity",
            "country",
            "order_ts",
            "_event_time",
            "_record_hash",
            "_raw_file",
            "_run_id",
            "customer_name",
            "customer_country",
            "customer_city",
            "customer_since",
            "_matched",
            "year",
            "month",
            "day");
    assertThat(actual.collectAsList())
        .containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertThat(TestRows.strings(actual.where("NOT _matched").orderBy("order_id"), "order_id"))
        .containsExactly("o-1007", "o-1012");
    assertThat(
            TestRows.strings(
                actual.where("order_id = 'o-1001'"),
                "concat_ws('|', customer_name, customer_city, customer_since)"))
        .containsExactly("Müller, Anna|München|2026-11-20 08:00:00");
  }

  @Test
  @Order(3)
  void sensorReadingsWithDevicesEqualsAnIndependentJoinWithTheReferenceFile() {
    Dataset<Row> expected =
        spark.sql(
            "SELECT r.device_id, r.reading_ts, r.temperature, r.humidity, r.battery, r.location,"
                + " r.tags, r._event_time, r._record_hash, r._raw_file, r._run_id, d.model,"
                + " d.site, d.installed_on, d.device_id IS NOT NULL, r.year, r.month, r.day FROM "
                + table("processed/sensor_readings")
                + " r LEFT JOIN ("
                + DEVICES
                + ") d ON r.device_id = d.device_id");

    Dataset<Row> actual = curated("sensor_readings_with_devices");

    assertThat(actual.collectAsList())
        .containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertThat(
            TestRows.strings(
                actual.orderBy("_event_time", "device_id"),
                "concat_ws(' ', device_id, day, coalesce(device_site, '-'), _matched)"))
        .containsExactly(
            "d-04 18 - false",
            "d-01 21 Berlin, Mitte true",
            "d-02 21 München Ost true",
            "d-02 22 München Ost true");
  }

  @Test
  @Order(4)
  void joinStatisticsCountEveryDaysMatchedAndUnmatchedRows() {
    Dataset<Row> expected =
        spark.sql(
            "SELECT 'orders_with_customers', o.year, o.month, o.day, count(*),"
                + " count(c.customer_id), count(*) - count(c.customer_id) FROM "
                + table("processed/orders")
                + " o LEFT JOIN "
                + table("processed/customers")
                + " c ON o.customer_id = c.customer_id GROUP BY 2, 3, 4"
                + " UNION ALL SELECT 'sensor_readings_with_devices', r.year, r.month, r.day,"
                + " count(*), count(d.device_id), count(*) - count(d.device_id) FROM "
                + table("processed/sensor_readings")
                + " r LEFT JOIN ("
                + DEVICES
                + ") d ON r.device_id = d.device_id GROUP BY 2, 3, 4");

    Dataset<Row> actual =
        curated("join_statistics")
            .selectExpr("dataset", "year", "month", "day", "records", "matched", "unmatched");

    assertThat(actual.collectAsList())
        .containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertThat(
            TestRows.strings(
                curated("join_statistics").where("unmatched > 0").orderBy("day"),
                "concat_ws(' ', dataset, day, unmatched, run_id)"))
        .containsExactly(
            "sensor_readings_with_devices 18 1 curate-1",
            "orders_with_customers 20 1 curate-1",
            "orders_with_customers 21 1 curate-1");
  }

  @Test
  @Order(5)
  void joinedTablesAreAthenaReadableAndPartitionedByEventDay() {
    for (String name : List.of("orders_with_customers", "sensor_readings_with_devices")) {
      Row detail =
          spark
              .sql("DESCRIBE DETAIL " + table("curated/" + name))
              .selectExpr("minReaderVersion", "partitionColumns")
              .first();
      assertThat(detail.getInt(0)).as(name).isEqualTo(1);
      assertThat(detail.getList(1)).as(name).containsExactly("year", "month", "day");
    }
    assertThat(
            spark
                .sql("DESCRIBE DETAIL " + table("curated/join_statistics"))
                .selectExpr("minReaderVersion", "partitionColumns")
                .first()
                .getList(1))
        .containsExactly("dataset");
  }

  @Test
  @Order(6)
  void rerunWithoutNewDataWritesNothingAndRunsNoSparkJob() throws Exception {
    List<Long> before =
        List.of(
            version("orders_with_customers"),
            version("sensor_readings_with_devices"),
            version("join_statistics"));

    // Both jobs decide from logs, listings and state files alone that nothing is new; the joined
    // datasets' totals come from the state their last refresh wrote.
    List<org.zonelake.core.run.SourceOutcome> outcomes = new ArrayList<>();
    List<CuratedResult> reruns = new ArrayList<>();
    int jobs =
        SparkJobs.during(
            spark,
            () -> {
              outcomes.addAll(
                  SampleLake.run(
                      spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-2", SOURCES)));
              reruns.add(curate("curate-2"));
            });
    CuratedResult rerun = reruns.get(0);

    assertThat(jobs).isZero();
    assertThat(outcomes)
        .extracting(o -> o.source() + " " + o.status() + " " + o.batches())
        .containsExactly(
            "customers SUCCEEDED 0", "orders SUCCEEDED 0", "sensor_readings SUCCEEDED 0");

    assertThat(rerun.joins()).allMatch(o -> o.days().isEmpty() && o.error().isEmpty());
    assertThat(
            List.of(
                version("orders_with_customers"),
                version("sensor_readings_with_devices"),
                version("join_statistics")))
        .isEqualTo(before);
    assertThat(ProcessedToCuratedPlan.summary("curate-2", rerun))
        .endsWith(
            "orders_with_customers        up to date; 10 rows, 2 unmatched\n"
                + "sensor_readings_with_devices up to date; 4 rows, 1 unmatched\n");
  }

  @Test
  @Order(7)
  void aLateOrderRewritesOnlyItsDayOfTheJoinedTable() throws IOException {
    List<Row> otherDaysBefore = ordersWithCustomersBesideThe20th();
    List<Row> statisticsBefore = joinStatisticsBesideOrdersOnThe20th();
    long readingsVersion = version("sensor_readings_with_devices");
    Path late = raw.resolve("orders/year=2026/month=11/day=23/orders-late.jsonl");
    Files.createDirectories(late.getParent());
    Files.writeString(
        late,
        "{\"order_id\":\"o-3002\",\"customer_id\":\"c-099\",\"product\":\"Kettle\","
            + "\"category\":\"kitchen\",\"price\":30.00,\"quantity\":1,\"country\":\"FR\","
            + "\"order_ts\":\"2026-11-20T16:00:00Z\"}\n");

    ingest("run-late", "orders");
    CuratedResult late1 = curate("curate-late");

    CuratedResult.JoinOutcome orders = late1.joins().get(0);
    assertThat(orders.days()).containsExactly(new DayKey(2026, 11, 20));
    assertThat(orders.fullRecompute()).isFalse();
    assertThat(late1.joins().get(1).days()).isEmpty();
    assertThat(version("sensor_readings_with_devices")).isEqualTo(readingsVersion);
    assertThat(partitionsTouchedByLastCommit("orders_with_customers"))
        .containsExactly("add year=2026/month=11/day=20", "remove year=2026/month=11/day=20");
    assertThat(ordersWithCustomersBesideThe20th()).isEqualTo(otherDaysBefore);
    assertThat(
            TestRows.strings(
                curated("orders_with_customers").where("day = 20").orderBy("order_id"),
                "concat_ws(' ', order_id, _matched)"))
        .containsExactly(
            "o-1001 true", "o-1002 true", "o-1003 true", "o-1007 false", "o-3002 false");
    assertThat(
            TestRows.strings(
                curated("join_statistics").where("dataset = 'orders_with_customers' AND day = 20"),
                "concat_ws(' ', records, matched, unmatched, run_id)"))
        .containsExactly("5 3 2 curate-late");
    assertThat(joinStatisticsBesideOrdersOnThe20th()).isEqualTo(statisticsBefore);
    assertThat(ProcessedToCuratedPlan.summary("curate-late", late1))
        .contains(
            "orders_with_customers        recomputed 1 day(s) [2026-11-20]; 11 rows, 3"
                + " unmatched\n");
  }

  @Test
  @Order(8)
  void aNewCustomerRecomputesOnlyTheDaysOfItsOrders() throws Exception {
    List<Row> otherDaysBefore = ordersWithCustomersBesideThe20th();
    long version = version("orders_with_customers");
    landCustomer(
        24, "c-099,Léa Martin,lea@example.fr,FR,Lyon,1 place Bellecour,2026-11-24T09:00:00Z");

    ingest("run-customer", "customers");
    // On a cluster that overwrites partitions dynamically (a common --conf): the replace still
    // touches the replaced days only.
    CuratedResult result =
        TestSpark.withSettings(
            Map.of("spark.sql.sources.partitionOverwriteMode", "dynamic"),
            () -> curate("curate-customer"));

    // c-099's only order, o-3002, is of 20 November: that day alone is joined again.
    CuratedResult.JoinOutcome orders = result.joins().get(0);
    assertThat(orders.fullRecompute()).isFalse();
    assertThat(orders.days()).containsExactly(new DayKey(2026, 11, 20));
    assertThat(orders.records()).isEqualTo(11);
    assertThat(orders.unmatched()).isEqualTo(2);
    assertThat(result.joins().get(1).days()).isEmpty();
    assertThat(version("orders_with_customers")).isEqualTo(version + 1);
    assertThat(
            TestRows.strings(
                curated("orders_with_customers").where("order_id = 'o-3002'"),
                "concat_ws('|', customer_name, customer_city, _matched)"))
        .containsExactly("Léa Martin|Lyon|true");
    assertThat(ordersWithCustomersBesideThe20th()).isEqualTo(otherDaysBefore);
    assertThat(ProcessedToCuratedPlan.summary("curate-customer", result))
        .contains(
            "orders_with_customers        recomputed 1 day(s) [2026-11-20]; 11 rows, 2"
                + " unmatched\n");
  }

  @Test
  @Order(9)
  void aCustomerWithoutOrdersLeavesTheJoinedTableAsItWas() throws Exception {
    long version = version("orders_with_customers");
    long statistics = version("join_statistics");
    landCustomer(25, "c-500,Ana Silva,ana@example.pt,PT,Porto,2 rua Direita,2026-11-25T09:00:00Z");

    ingest("run-customer-2", "customers");
    CuratedResult result = curate("curate-customer-2");
    // Its keys are looked up in the orders (no match), and the dataset's state moves on, so the
    // next run does not look again.
    CuratedResult rerun = curate("curate-customer-3");

    for (CuratedResult run : List.of(result, rerun)) {
      assertThat(run.joins().get(0).days()).isEmpty();
      assertThat(run.joins().get(0).fullRecompute()).isFalse();
      assertThat(ProcessedToCuratedPlan.summary("curate", run))
          .contains("orders_with_customers        up to date; 11 rows, 2 unmatched\n");
    }
    assertThat(version("orders_with_customers")).isEqualTo(version);
    assertThat(version("join_statistics")).isEqualTo(statistics);
    assertThat(
            new java.util.TreeMap<>(
                CuratedStateStore.forJoinedDatasets(
                        lake.resolve("curated").toString(),
                        spark.sparkContext().hadoopConfiguration())
                    .read("orders_with_customers")
                    .orElseThrow()))
        .containsEntry(
            "right",
            DeltaTables.latestVersion(spark, lake.resolve("processed/customers").toString()));
  }

  @Test
  @Order(10)
  void theShippedContractsCopiedElsewhereReadTheReferenceTableAgainButKeepTheDeclarations() {
    // The README's recipe for editing the contracts: the whole directory and the reference table
    // copied. The declarations are the same; the device table is read from another place.
    Path copy = temp.resolve("my-contracts");
    SampleLake.copyTree(SampleLake.SHIPPED_CONTRACTS, copy);
    SampleLake.copyTree(Path.of("..", "testdata", "reference"), copy.resolve("reference"));

    CuratedResult copied = curate("curate-copy-1", Optional.of(copy), "curated", SOURCES);
    CuratedResult again = curate("curate-copy-2", Optional.of(copy), "curated", SOURCES);

    assertThat(copied.joins())
        .extracting(j -> j.name() + " " + j.fullRecompute() + " " + j.reason())
        .containsExactly(
            "orders_with_customers false ",
            "sensor_readings_with_devices true reference table changed");
    assertThat(again.joins()).allMatch(j -> j.days().isEmpty() && !j.fullRecompute());
  }

  /** Lands a customers CSV file of one record on day {@code day} of November 2026. */
  private void landCustomer(int day, String record) {
    SampleLake.land(
        raw,
        "customers",
        LocalDate.of(2026, 11, day),
        "customers-" + day + ".csv",
        "customer_id,name,email,country,city,address,signup_ts",
        record);
  }

  /**
   * Copies the shipped contracts and rulesets (not their joined datasets) into {@code dir}, with an
   * empty {@code joins} directory.
   */
  private Path contractsCopy(Path dir) throws IOException {
    Files.createDirectories(SampleLake.copyShippedContracts(dir).resolve("joins"));
    return dir;
  }

  @Test
  @Order(11)
  void aContractsDirectoryDeclaresItsOwnJoinedDatasets() throws IOException {
    Path contracts = contractsCopy(temp.resolve("own-contracts"));
    Files.createDirectories(contracts.resolve("reference"));
    Files.writeString(
        contracts.resolve("reference/countries.json"),
        "{\"code\": \"DE\", \"country_name\": \"Germany\"}\n"
            + "{\"code\": \"FR\", \"country_name\": \"France\"}\n"
            + "{\"code\": \"GB\", \"country_name\": \"United Kingdom\"}\n"
            + "{\"code\": \"US\", \"country_name\": \"United States\"}\n");
    Files.writeString(
        contracts.resolve("joins/orders_with_country_names.json"),
        """
        {"name": "orders_with_country_names",
         "left": {"source": "orders"},
         "right": {"reference": {"path": "../reference/countries.json", "format": "json",
                                 "schema": "code STRING, country_name STRING"},
                   "columns": ["country_name"]},
         "keys": [{"left": "country", "right": "code"}]}
        """);

    // A second declaration whose reference file is missing fails alone.
    Files.writeString(
        contracts.resolve("joins/orders_with_regions.json"),
        """
        {"name": "orders_with_regions",
         "left": {"source": "orders"},
         "right": {"reference": {"path": "../reference/regions.csv", "format": "csv",
                                 "schema": "country STRING, region STRING"},
                   "columns": ["region"]},
         "keys": ["country"]}
        """);

    CuratedResult result =
        curate("curate-own", Optional.of(contracts), "curated-own", List.of("orders"));

    assertThat(result.joins())
        .extracting(CuratedResult.JoinOutcome::name)
        .containsExactly("orders_with_country_names", "orders_with_regions");
    assertThat(result.failed()).containsExactly("orders_with_regions");
    assertThat(result.joins().get(1).error())
        .contains(
            "Reference table file:"
                + contracts.resolve("reference/regions.csv")
                + " of joined dataset 'orders_with_regions' does not exist. Fix: put the file"
                + " there, or correct right.reference.path in file:"
                + contracts.resolve("joins/orders_with_regions.json")
                + ".");
    assertThat(result.joins().get(0).records()).isEqualTo(11);
    assertThat(result.joins().get(0).unmatched()).isEqualTo(1);
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(lake.resolve("curated-own/orders_with_country_names").toString());
    assertThat(TestRows.strings(rows.where("NOT _matched"), "concat_ws(' ', order_id, country)"))
        .containsExactly("o-1012 JP");
    assertThat(TestRows.strings(rows.where("order_id = 'o-1014'"), "country_name"))
        .containsExactly("United Kingdom");
  }

  /**
   * A joined dataset whose declaration is renamed leaves its table behind, unrefreshed: each run
   * names it, with the fix, until it is declared again or removed.
   */
  @Test
  @Order(12)
  void aJoinedDatasetNoLongerDeclaredIsNamedWithTheFix() throws IOException {
    Path contracts = temp.resolve("own-contracts");
    Path joins = contracts.resolve("joins");
    Files.writeString(
        joins.resolve("orders_with_countries.json"),
        Files.readString(joins.resolve("orders_with_country_names.json"))
            .replace("orders_with_country_names", "orders_with_countries"));
    Files.delete(joins.resolve("orders_with_country_names.json"));
    Files.delete(joins.resolve("orders_with_regions.json"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    new ProcessedToCuratedPlan(
            spark,
            SampleLake.curatedConfig(
                lake, "curated-own", "curate-renamed", Optional.of(contracts), List.of("orders")),
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8))
        .run();

    String curated = lake.resolve("curated-own").toString();
    assertThat(
            out.toString(java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("warning")))
        .containsExactly(
            "orders_with_country_names: warning: joined dataset 'orders_with_country_names' is no"
                + " longer declared: its table "
                + curated
                + "/orders_with_country_names and its rows in join_statistics are no longer"
                + " refreshed. Fix: declare it again (joins/orders_with_country_names.json), or"
                + " remove its table and its state "
                + curated
                + "/_state/joins/orders_with_country_names.json");
  }

  @Test
  @Order(13)
  void anInvalidDeclarationStopsTheRunBeforeAnythingIsWritten() throws IOException {
    Path contracts = contractsCopy(temp.resolve("broken-contracts"));
    Files.writeString(
        contracts.resolve("joins/orders_by_client.json"),
        """
        {"name": "orders_by_client", "left": {"source": "orders"},
         "right": {"source": "customers", "columns": ["email"]},
         "keys": ["client_id"]}
        """);

    assertThatThrownBy(
            () -> curate("curate-broken", Optional.of(contracts), "curated-broken", List.of()))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Joined dataset file:"
                + contracts.resolve("joins/orders_by_client.json")
                + ": field 'keys' names column 'client_id', which the left source does not have."
                + " Fix: use one of [order_id, customer_id, product, category, price, quantity,"
                + " country, order_ts].");
    assertThat(lake.resolve("curated-broken")).doesNotExist();
  }
}
