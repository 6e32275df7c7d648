package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.jobs.SampleLake;

/**
 * Orders quarantined for a timestamp format the contract did not list, the contract fixed, the
 * quarantine replayed through {@code lake replay}: exactly those rows land in processed, their
 * quarantine rows are marked and kept, a second replay writes nothing, curated changes only the
 * days the replay touched, and every record read is accounted for exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayQuarantineTest {

  /** Orders whose time stamps use a format the shipped contract does not list. */
  private static final String SLASHED =
      """
{"order_id":"o-2001","customer_id":"c-001","product":"Kettle","category":"kitchen","price":30.00,"quantity":1,"country":"DE","order_ts":"2026/11/23 09:00:00"}
{"order_id":"o-2002","customer_id":"c-002","product":"Gloves","category":"fashion","price":15.00,"quantity":2,"country":"FR","order_ts":"2026/11/20 14:00:00"}
{"order_id":"o-1003","customer_id":"c-003","product":"Yoga mat","category":"sports","price":25,"quantity":3,"country":"US","order_ts":"2026/11/20 10:30:00"}
{"order_id":"o-2003","customer_id":"c-004","product":"Lamp","category":"kitchen","price":"abc","quantity":1,"country":"GB","order_ts":"2026/11/23 11:00:00"}
{"order_id":"o-2004","customer_id":"c-005","product":"Mug","category":"kitchen","price":8.50,"quantity":4,"country":"DE","order_ts":"2026/11/23 12:00:00"}
{"order_id":"o-2004","customer_id":"c-005","product":"Mug","category":"kitchen","price":8.50,"quantity":4,"country":"DE","order_ts":"2026/11/23 12:00:00"}
""";

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path lake;
  private Path contracts;
  private CliRun firstRun;
  private CliRun dryRunBeforeFix;
  private CliRun dryRun;
  private CliRun replay;
  private CliRun secondReplay;
  private CliRun curatedRun;
  private CliRun report;
  private List<String> dailyBefore;
  private List<String> dailyAfter;
  private long[] versionsAfterReplay;
  private long[] versionsAfterSecondReplay;
  private long[] versionsBeforeFix;
  private long[] versionsAfterDryRun;
  private List<String> quarantineBefore;
  private List<String> processedBefore;

  private String table(String name) {
    return "delta.`" + lake.resolve(name) + "`";
  }

  private List<String> rows(String sql) {
    return TestRows.strings(spark.sql(sql));
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  private long[] versions() {
    return new long[] {
      DeltaTables.latestVersion(spark, lake.resolve("processed/orders").toString()),
      DeltaTables.latestVersion(spark, lake.resolve("quarantine/orders").toString()),
      DeltaTables.latestVersion(spark, lake.resolve("processed/_stats/orders").toString())
    };
  }

  private List<String> daily() {
    return rows(
        "SELECT date, records, quarantined, duplicates, measures['price'].sum FROM "
            + table("curated/daily_summary")
            + " WHERE source = 'orders' ORDER BY date");
  }

  private CliRun lake(String command, String... options) {
    List<String> args = new ArrayList<>(List.of(command, "--lake", lake.toString()));
    args.addAll(List.of(options));
    args.addAll(List.of("--contracts", contracts.toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  @BeforeAll
  void quarantineFixReplay() throws IOException {
    lake = temp.resolve("lake");
    contracts = SampleLake.copyShippedContract("orders", temp.resolve("contracts"));
    Path raw = SampleLake.copyRawOrders(temp.resolve("raw"));
    SampleLake.landText(raw, "orders", LocalDate.of(2026, 11, 23), "orders-0004.jsonl", SLASHED);

    firstRun = lake("run", "--raw", raw.toString());
    dailyBefore = daily();
    quarantineBefore = quarantine();
    processedBefore = processedOrders();
    versionsBeforeFix = versions();
    dryRunBeforeFix =
        lake("replay", "--source", "orders", "--reason", "bad_event_time", "--dry-run");

    // The fix: the contract lists the format the producer uses.
    SampleLake.acceptSlashedOrderTimes(contracts);

    dryRun = lake("replay", "--source", "orders", "--reason", "bad_event_time", "--dry-run");
    versionsAfterDryRun = versions();
    replay = lake("replay", "--source", "orders", "--reason", "bad_event_time");
    versionsAfterReplay = versions();
    secondReplay = lake("replay", "--source", "orders", "--reason", "bad_event_time");
    versionsAfterSecondReplay = versions();
    curatedRun = lake("run", "--raw", raw.toString());
    dailyAfter = daily();
    report = lake("quality", "--out", temp.resolve("report.html").toString());
  }

  private List<String> quarantine() {
    return rows(
        "SELECT get_json_object(_raw_record, '$.order_id'), _reason_codes, _replay_outcome,"
            + " _replayed_at IS NOT NULL, _replay_run_id IS NOT NULL, _replay_processed_version,"
            + " _replay_reason_codes FROM "
            + table("quarantine/orders")
            + " ORDER BY _raw_record");
  }

  private List<String> processedOrders() {
    return rows(
        "SELECT order_id, _run_id FROM " + table("processed/orders") + " ORDER BY order_id");
  }

  @Test
  void beforeTheFixNothingWouldBeRecovered() {
    assertThat(firstRun.status()).as(firstRun.err()).isZero();
    assertThat(dryRunBeforeFix.status()).as(dryRunBeforeFix.err()).isZero();
    assertThat(dryRunBeforeFix.out())
        .contains(
            "bad_event_time                                          7        0          0         "
                + "    7")
        .contains("Would recover 0 row(s): 0 written to processed, 0 duplicate(s); 7 stay open.");
  }

  @Test
  void dryRunPrintsPerReasonExactlyWhatTheReplayThenDoes() {
    assertThat(dryRun.status()).as(dryRun.err()).isZero();
    assertThat(replay.status()).as(replay.err()).isZero();
    String expected =
        """
        reason                                           selected  written duplicates still failing
        -------------------------------------------------------------------------------------------
        bad_event_time                                          7        3          2             2
        type_cast                                               1        0          0             1
        total                                                   7        3          2             2
        """;
    assertThat(dryRun.out()).contains(expected);
    assertThat(replay.out()).contains(expected);
    // A warning of the replayed rows' quality rules is shown once, among the result's notes.
    assertThat(replay.out()).contains("note: replayed rows: rule '");
    assertThat(replay.err()).doesNotContain("replayed rows:");
    assertThat(dryRun.out())
        .contains("Would recover 5 row(s): 3 written to processed, 2 duplicate(s); 2 stay open.");
    assertThat(replay.out())
        .contains(
            "Recovered 5 row(s): 3 written to processed (version "
                + versionsAfterReplay[0]
                + "), 2 duplicate(s); 2 stay open; quarantine marked (version "
                + versionsAfterReplay[1]
                + ").");
  }

  @Test
  void exactlyTheFixedRowsLandInProcessedOnce() {
    List<String> after = processedOrders();
    String replayRun = replayRunId();
    assertThat(after).hasSize(processedBefore.size() + 3).containsAll(processedBefore);
    List<String> added = new ArrayList<>(after);
    added.removeAll(processedBefore);
    assertThat(added)
        .containsExactly(
            "[o-2001," + replayRun + "]",
            "[o-2002," + replayRun + "]",
            "[o-2004," + replayRun + "]");
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + table("processed/orders")
                    + " WHERE order_id = 'o-2001' AND _event_time = '2026-11-23 09:00:00'"))
        .isEqualTo(1);
  }

  @Test
  void quarantineMarksRecoveredRowsAndKeepsEveryRow() {
    List<String> after = quarantine();
    assertThat(after).hasSameSizeAs(quarantineBefore);
    long processedVersion = versionsAfterReplay[0];
    assertThat(after.stream().filter(r -> r.contains(",written,") || r.contains(",duplicate,")))
        .containsExactlyInAnyOrder(
            "[o-2001,WrappedArray(bad_event_time),written,true,true,"
                + processedVersion
                + ",WrappedArray()]",
            "[o-2002,WrappedArray(bad_event_time),written,true,true,"
                + processedVersion
                + ",WrappedArray()]",
            "[o-1003,WrappedArray(bad_event_time),duplicate,true,true,"
                + processedVersion
                + ",WrappedArray()]",
            "[o-2004,WrappedArray(bad_event_time),written,true,true,"
                + processedVersion
                + ",WrappedArray()]",
            "[o-2004,WrappedArray(bad_event_time),duplicate,true,true,"
                + processedVersion
                + ",WrappedArray()]");
    assertThat(after.stream().filter(r -> r.contains(",failed,")))
        .containsExactlyInAnyOrder(
            "[o-2003,WrappedArray(type_cast, bad_event_time),failed,false,true,null,"
                + "WrappedArray(type_cast)]",
            "[o-1009,WrappedArray(bad_event_time),failed,false,true,null,"
                + "WrappedArray(bad_event_time)]");
  }

  /** The lineage of the replay's quarantine version counts what became of the rows it tried. */
  @Test
  void lineageOfTheReplayedVersionCountsItsOutcomes() {
    long version = versionsAfterReplay[1];
    Row outcomes =
        spark
            .sql(
                "SELECT first(_replay_run_id), count(*), count_if(_replay_outcome = 'written'),"
                    + " count_if(_replay_outcome = 'duplicate'), count_if(_replay_outcome ="
                    + " 'failed') FROM "
                    + table("quarantine/orders")
                    + " VERSION AS OF "
                    + version
                    + " WHERE _replay_run_id IS NOT NULL")
            .first();
    assertThat(outcomes.getLong(1))
        .isEqualTo(outcomes.getLong(2) + outcomes.getLong(3) + outcomes.getLong(4));
    assertThat(outcomes.getLong(2)).isPositive();
    assertThat(
            CliRun.succeeded(
                    "lineage",
                    "quarantine_orders",
                    "--lake",
                    lake.toString(),
                    "--version",
                    Long.toString(version))
                .out())
        .contains(
            String.format(
                "%nReplayed by run %s (%d rows: %d written, %d duplicate(s), %d still failing)%n",
                outcomes.getString(0),
                outcomes.getLong(1),
                outcomes.getLong(2),
                outcomes.getLong(3),
                outcomes.getLong(4)));
  }

  @Test
  void aRuleNoRowFailedIsSaidWithTheClosestOne() {
    CliRun misspelt =
        lake("replay", "--source", "orders", "--rule", "ColumnValues \"price\" >0", "--dry-run");
    assertThat(misspelt.status()).as(misspelt.err()).isZero();
    assertThat(misspelt.out())
        .contains(
            "note: no row failed rule 'ColumnValues \"price\" >0'; the closest: 'ColumnValues"
                + " \"price\" > 0'. The rules rows failed: [ColumnValues \"price\" > 0,"
                + " ColumnValues \"quantity\" <= 100] (give the text as the ruleset writes it).");
  }

  @Test
  void aRunThatQuarantinedNothingIsSaidWithTheClosestOne() {
    String run = firstRun.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow();
    String id = run.substring("Run ".length());
    CliRun misspelt = lake("replay", "--source", "orders", "--run", id + "x", "--dry-run");
    assertThat(misspelt.status()).as(misspelt.err()).isZero();
    assertThat(misspelt.out())
        .contains("Dry run of a replay of orders: open rows with run " + id + "x\n")
        .contains(
            "note: run "
                + id
                + "x quarantined no row of orders; the closest: "
                + id
                + ". The runs that did: "
                + id
                + " (./lake runs --source orders lists them).\n");
  }

  @Test
  void aDryRunAndASecondReplayWriteNothing() {
    assertThat(versionsAfterDryRun).containsExactly(versionsBeforeFix);
    assertThat(secondReplay.status()).as(secondReplay.err()).isZero();
    assertThat(versionsAfterSecondReplay).containsExactly(versionsAfterReplay);
    assertThat(secondReplay.out())
        .contains(
            """
bad_event_time                                          2        0          0             2
type_cast                                               1        0          0             1
total                                                   2        0          0             2
""")
        .contains(
            "Recovered 0 row(s): 0 written to processed, 0 duplicate(s); 2 stay open;"
                + " nothing changed.");
  }

  @Test
  void curatedChangesOnlyTheAffectedDays() {
    assertThat(curatedRun.status()).as(curatedRun.err()).isZero();
    List<String> changed = new ArrayList<>(dailyAfter);
    changed.removeAll(dailyBefore);
    List<String> gone = new ArrayList<>(dailyBefore);
    gone.removeAll(dailyAfter);
    // Day 20 gains o-2002 (15.00) and the duplicate o-1003; day 23, where the rows without an
    // event time were counted by their landing day, gains o-2001 and o-2004 and keeps o-2003 open.
    assertThat(gone).containsExactly("[2026-11-20,4,3,2,328.390000]", "[2026-11-23,0,6,0,null]");
    assertThat(changed)
        .containsExactly("[2026-11-20,5,3,3,343.390000]", "[2026-11-23,2,1,1,38.500000]");
  }

  @Test
  void everyRecordReadIsAccountedForOnce() {
    // Per source, over all runs: raw lines read = processed rows + duplicates + open quarantine.
    String totals =
        "SELECT sum(records) + sum(duplicates) + sum(quarantined) FROM "
            + table("curated/daily_summary")
            + " WHERE source = 'orders'";
    assertThat(count(totals)).isEqualTo(26);
    assertThat(
            count("SELECT count(*) FROM " + table("processed/orders"))
                + count(
                    "SELECT count(*) FROM "
                        + table("quarantine/orders")
                        + " WHERE _replayed_at IS NULL")
                + count(
                    "SELECT sum(duplicates) FROM "
                        + table("curated/daily_summary")
                        + " WHERE source = 'orders'"))
        .isEqualTo(26);
    assertThat(count("SELECT count(*) FROM " + table("processed/orders"))).isEqualTo(13);
  }

  private String replayRunId() {
    return spark
        .sql(
            "SELECT DISTINCT _replay_run_id FROM "
                + table("quarantine/orders")
                + " WHERE _replayed_at IS NOT NULL")
        .first()
        .getString(0);
  }

  /** The report as a headless Chromium renders it: the numbers shown equal the tables. */
  @Test
  void theReportShowsTheTablesNumbersInABrowser() throws Exception {
    assertThat(report.status()).as(report.err()).isZero();
    Path html = temp.resolve("report.html");
    Path png = temp.resolve("report.png");
    String dom = chromium("--dump-dom", html.toUri().toString());
    chromium(
        "--hide-scrollbars",
        "--window-size=1200,1600",
        "--screenshot=" + png,
        html.toUri().toString());
    byte[] image = Files.readAllBytes(png);
    // A PNG of the window's size: signature, then the IHDR chunk's width and height.
    assertThat(java.util.Arrays.copyOf(image, 8))
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(image, 16, 8);
    assertThat(List.of(header.getInt(), header.getInt())).containsExactly(1200, 1600);

    String summary = between(dom, "<tr data-summary=\"orders\">", "</tr>");
    long open =
        count("SELECT count(*) FROM " + table("quarantine/orders") + " WHERE _replayed_at IS NULL");
    long replayed =
        count(
            "SELECT count(*) FROM "
                + table("quarantine/orders")
                + " WHERE _replayed_at IS NOT NULL");
    long processed = count("SELECT count(*) FROM " + table("processed/orders"));
    assertThat(List.of(open, replayed, processed)).containsExactly(8L, 5L, 13L);
    assertThat(cell(summary, "data-open")).isEqualTo(Long.toString(open));
    assertThat(cell(summary, "data-replayed")).isEqualTo(Long.toString(replayed));
    assertThat(cell(summary, "data-processed")).isEqualTo(Long.toString(processed));
    assertThat(cell(summary, "data-open-share")).isEqualTo("38.1%");
    Row last =
        spark
            .sql(
                "SELECT rows, count_if(NOT passed) FROM "
                    + table("processed/_quality/rule_results")
                    + " WHERE source = 'orders' GROUP BY run_id, batch_id, rows"
                    + " ORDER BY max(evaluated_at) DESC LIMIT 1")
            .first();
    assertThat(cell(summary, "data-rows")).isEqualTo(Long.toString(last.getLong(0)));
    assertThat(cell(summary, "data-rules-failed")).isEqualTo(Long.toString(last.getLong(1)));
    List<String> byReason = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<span data-reason=\"([^\"]*)\">([0-9]+)</span>")
            .matcher(summary);
    while (m.find()) {
      byReason.add(
          m.group(1)
                  .replace("&quot;", "\"")
                  .replace("&gt;", ">")
                  .replace("&lt;", "<")
                  .replace("&amp;", "&")
              + "="
              + m.group(2));
    }
    List<String> expected =
        rows(
                "SELECT concat(k, '=', count(*)) FROM (SELECT CASE WHEN r LIKE 'quality_rule: %'"
                    + " THEN r ELSE substring_index(r, ':', 1) END AS k FROM (SELECT"
                    + " explode(_reasons) AS r FROM "
                    + table("quarantine/orders")
                    + " WHERE _replayed_at IS NULL)) GROUP BY k ORDER BY k")
            .stream()
            .map(r -> r.substring(1, r.length() - 1))
            .toList();
    assertThat(byReason).isEqualTo(expected).hasSize(6);
    assertThat(between(summary, "data-would-recover=\"\">", "</td>"))
        .isEqualTo("0 of 8 (0 new, 0 duplicate(s))");

    // The failing ColumnValues rule links to its failing rows, which are those the rule results
    // table keeps for its latest failed evaluation, and point at real rows of the lake.
    String rule =
        "ColumnValues \"category\" in [\"kitchen\", \"sports\", \"electronics\", \"outdoor\","
            + " \"fashion\"]";
    String escaped = QualityReport.escape(rule);
    String ruleRow = between(dom, "<tr data-rule=\"" + escaped + "\">", "</tr>");
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("<a href=\"#([^\"]+)\" data-evidence-link=\"\">")
            .matcher(ruleRow);
    assertThat(link.find()).as(ruleRow).isTrue();
    String evidence =
        between(
            dom,
            "<div class=\"evidence\" id=\""
                + link.group(1)
                + "\" data-evidence=\""
                + escaped
                + "\">",
            "</div>");
    Row stored =
        spark
            .sql(
                "SELECT max_by(struct(failing_rows, top_values, samples), evaluated_at) FROM "
                    + table("processed/_quality/rule_results")
                    + " WHERE source = 'orders' AND NOT passed AND rule = '"
                    + rule.replace("\"", "\\\"")
                    + "'")
            .first()
            .getStruct(0);
    assertThat(between(evidence, "<span data-failing-rows=\"\">", "</span>"))
        .isEqualTo(Long.toString(stored.getLong(0)))
        .as(evidence)
        .isEqualTo("3");
    List<String> topShown = new ArrayList<>();
    java.util.regex.Matcher top =
        java.util.regex.Pattern.compile(
                "<tr><td data-value=\"\">([^<]*)</td><td class=\"n\">([0-9]+)</td></tr>")
            .matcher(between(evidence, "<table class=\"top-values\">", "</table>"));
    while (top.find()) {
      topShown.add(top.group(1) + "=" + top.group(2));
    }
    assertThat(topShown)
        .isEqualTo(
            stored.<Row>getList(1).stream().map(v -> v.getString(0) + "=" + v.getLong(1)).toList())
        .containsExactly("home=3");
    List<String> samplesShown = new ArrayList<>();
    java.util.regex.Matcher sample =
        java.util.regex.Pattern.compile(
                "<tr><td>([^<]*)</td><td><code>([0-9a-f]+)</code></td><td data-value=\"\">"
                    + "([^<]*)</td></tr>")
            .matcher(between(evidence, "<table class=\"samples\">", "</table>"));
    while (sample.find()) {
      samplesShown.add(sample.group(2) + " " + sample.group(3));
      assertThat(sample.group(1)).contains("orders-000");
      // The sample is a real row of the lake with that category: in processed, or quarantined
      // by a quality rule of the quarantine ruleset after passing the contract's checks.
      List<String> inProcessed =
          rows(
              "SELECT category FROM "
                  + table("processed/orders")
                  + " WHERE _record_hash = '"
                  + sample.group(2)
                  + "'");
      long quarantinedByRule =
          count(
              "SELECT count(*) FROM "
                  + table("quarantine/orders")
                  + " WHERE _raw_file = '"
                  + sample.group(1)
                  + "' AND get_json_object(_raw_record, '$.category') = '"
                  + sample.group(3)
                  + "' AND forall(_reason_codes, c -> c = 'quality_rule')");
      assertThat(inProcessed.isEmpty() ? quarantinedByRule : inProcessed.size())
          .as(sample.group())
          .isEqualTo(1);
      if (!inProcessed.isEmpty()) {
        assertThat(inProcessed).containsExactly("[" + sample.group(3) + "]");
      }
    }
    assertThat(samplesShown)
        .isEqualTo(
            stored.<Row>getList(2).stream()
                .map(v -> v.getString(0) + " " + v.getString(2))
                .toList())
        .hasSize(3);

    // Trends over runs from the ledger: the one raw-to-processed run that read records (26
    // lines, 13 quarantined); the second read nothing and the replay is a run of its own job.
    String runs = between(dom, "<div class=\"run-trends\">", "</div>");
    assertThat(runs)
        .contains("<figcaption><code>records read</code>, 1 run(s), last 26</figcaption>")
        .contains(
            "<figcaption><code>quarantined / records read</code>, 1 run(s), last 0.5</figcaption>");
  }

  private static String cell(String row, String attribute) {
    return between(row, attribute + "=\"\">", "</td>");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("%s in %s", start, text).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    return text.substring(from + start.length(), to);
  }

  /**
   * Runs headless Chromium (Debian's package, which the build installs when missing) and returns
   * its output.
   */
  private static String chromium(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu"));
    command.addAll(List.of(args));
    // Chromium reads nothing and writes only to files: the test JVM's own streams stay untouched.
    Path out = Files.createTempFile(temp, "chromium", ".out");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "Cannot start chromium: "
              + e.getMessage()
              + ". Fix: install Debian's chromium package (apt-get install chromium), as the"
              + " build does when it runs as root.",
          e);
    }
    assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }
}
