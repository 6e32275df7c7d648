package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.jobs.local.EmbeddedLedger;

/**
 * Hostile raw files in one small lake, with the exact outcome of each: files that cannot be read at
 * all (random bytes and a truncated stream as {@code .gz}, a file deleted between the listing and
 * the read) go to file quarantine while the other files of the batch are processed; record-level
 * hostility (BOM, CRLF, bytes that are not UTF-8 in a JSON line and a Latin-1 CSV, NUL bytes, an
 * empty file, JSON lines that are arrays or scalars, a CSV without a final newline, names with
 * spaces and non-ASCII) stays record-level. A file the job may not open cannot be provoked here
 * (the tests run as root); the probe reports it as "access denied".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private EmbeddedLedger ledger;
  private final List<List<SourceOutcome>> runs = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private FileQuarantine.Skip skipped;

  /** A JSON line with two bytes that are not UTF-8 (at bytes 56 and 57) in a field's value. */
  private static final byte[] INVALID_UTF8_LINE =
      concat(
          utf8("{\"id\":\"e6\",\"amount\":6,\"ts\":\"2026-11-20T08:00:00Z\",\"x\":\""),
          new byte[] {(byte) 0xff, (byte) 0xfe},
          utf8("\"}"));

  /** What the local runner's logging printed during the runs. */
  private String launcherLog;

  /** The event with one more (unknown) field {@code x} holding {@code json}. */
  private static String withField(String event, String json) {
    return event.substring(0, event.length() - 1) + ",\"x\":" + json + "}";
  }

  private static String event(String id, double amount) {
    return "{\"id\":\"" + id + "\",\"amount\":" + amount + ",\"ts\":\"2026-11-20T08:00:00Z\"}";
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void put(String source, String name, byte[] content) throws IOException {
    Path day = raw.resolve(source).resolve("year=2026/month=11/day=20");
    Files.createDirectories(day);
    Files.write(day.resolve(name), content);
  }

  private List<SourceOutcome> run(String runId) {
    RawToProcessedConfig config =
        SampleLake.config(raw, lake, temp.resolve("contracts"), runId, 1000);
    RunListener listener =
        new RunListener() {
          @Override
          public void warning(String source, String message) {
            warnings.add(runId + " " + source + ": " + message);
          }
        };
    List<SourceOutcome> outcomes =
        new RawToProcessedPlan(
                spark,
                config,
                listener,
                new RunServices(
                    Optional.of(ledger.ledger()),
                    MetricsPublisher.NONE,
                    Alerter.NONE,
                    Duration.ofMinutes(2)))
            .run();
    runs.add(outcomes);
    return outcomes;
  }

  @BeforeAll
  void scenario() throws Exception {
    raw = temp.resolve("raw");
    lake = temp.resolve("lake");
    Path contracts = Files.createDirectories(temp.resolve("contracts"));
    SampleLake.writeContract(
        contracts, "events", "json_lines", "id STRING, amount DOUBLE, ts TIMESTAMP");
    SampleLake.writeContract(contracts, "people", "csv", "id STRING, name STRING, ts TIMESTAMP");
    SampleLake.writeContract(contracts, "broken", "json_lines", "id STRING, ts TIMESTAMP");
    ledger = EmbeddedLedger.open(temp.resolve("ledger"));

    put("events", "good.jsonl", utf8(event("e1", 1) + "\n" + event("e2", 2) + "\n"));
    put("events", "bom.jsonl", utf8("\uFEFF" + event("e3", 3) + "\n"));
    put("events", "crlf.jsonl", utf8(event("e4", 4) + "\r\n" + event("e5", 5) + "\r\n"));
    put("events", "invalid-utf8.jsonl", concat(INVALID_UTF8_LINE, utf8("\n")));
    put(
        "events",
        "nul.jsonl",
        concat(
            utf8("{\"id\":\"e7\",\"amount\":7,\"ts\":\"2026-11-20T08:00:00Z\"}"),
            new byte[] {0},
            utf8("\n{\"id\":\"e14"),
            new byte[] {0},
            utf8("\",\"amount\":14,\"ts\":\"2026-11-20T08:00:00Z\"}\n")));
    put("events", "empty.jsonl", new byte[0]);
    put("events", "array-scalar.jsonl", utf8("[" + event("e8", 8) + "]\n42\n\"text\"\nnull\n"));
    put("events", "name with space ü.jsonl", utf8(event("e9", 9) + "\n"));
    // Beyond the JSON parser's limits: nesting deeper than 1,000 levels, a string of more than 20
    // million characters (a 20 MB line).
    put(
        "events",
        "limits.jsonl",
        utf8(
            event("e15", 15)
                + "\n"
                + withField(event("e16", 16), "[".repeat(1500) + "]".repeat(1500))
                + "\n"
                + withField(event("e17", 17), "\"" + "a".repeat(20_000_001) + "\"")
                + "\n"));
    put("events", "good.jsonl.gz", gzip(event("e10", 10) + "\n"));
    byte[] random = new byte[300];
    new java.util.Random(7).nextBytes(random);
    put("events", "corrupt.jsonl.gz", random);
    byte[] whole = gzip(event("e11", 11) + "\n" + event("e12", 12) + "\n");
    put("events", "truncated.jsonl.gz", Arrays.copyOf(whole, whole.length / 2));
    put("events", "deleted.jsonl", utf8(event("e13", 13) + "\n"));
    put(
        "people",
        "people.csv",
        utf8("id,name,ts\np1,Ann,2026-11-20T08:00:00Z\np2,Bo,2026-11-20T09:00:00.123456Z"));
    put("broken", "only.jsonl.gz", random);
    put("people", "people-bom.csv", utf8("\uFEFFid,name,ts\r\np3,Cy,2026-11-20T10:00:00Z\r\n"));
    // Saved as Latin-1: Zoë's ë is the byte 0xEB, which a UTF-8 reader reads as U+FFFD.
    put(
        "people",
        "people-latin1.csv",
        "id,name,ts\np4,Zo\u00eb,2026-11-20T11:00:00Z\np5,Al,2026-11-20T12:00:00Z\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    // Every run here starts from a session that tells Spark to skip corrupt and missing files
    // without a trace and Delta to write no file statistics (from which the jobs count the rows
    // they write): the jobs must not follow them (the unreadable files still go to file
    // quarantine, each with its reason, and every count is exact). The session also has ANSI mode
    // on (a value a cast or a map lookup cannot take fails the query instead of giving NULL):
    // the jobs' checks give the same rows and reasons under it, as under java.time values in
    // collected rows (the file quarantine rows are built from them). It writes Parquet timestamps
    // as milliseconds, which the jobs must not follow. And it gives new Delta tables
    // column mapping, deletion vectors and append-only by default, which the jobs' tables must
    // not take.
    Map<String, String> hostile =
        Map.of(
            "spark.sql.files.ignoreCorruptFiles",
            "true",
            "spark.sql.files.ignoreMissingFiles",
            "true",
            "spark.databricks.delta.stats.collect",
            "false",
            "spark.sql.ansi.enabled",
            "true",
            "spark.sql.datetime.java8API.enabled",
            "true",
            "spark.sql.parquet.outputTimestampType",
            "TIMESTAMP_MILLIS",
            // A cluster's defaults for new Delta tables.
            SparkSettings.DELTA_TABLE_DEFAULTS + "columnMapping.mode",
            "name",
            SparkSettings.DELTA_TABLE_DEFAULTS + "enableDeletionVectors",
            "true",
            SparkSettings.DELTA_TABLE_DEFAULTS + "appendOnly",
            "true");
    launcherLog =
        TestSpark.withSettings(
            hostile,
            () ->
                LauncherLogging.capture(
                        () -> {
                          runs();
                          return null;
                        })
                    .log());
  }

  private void runs() throws Exception {
    Path deleted = raw.resolve("events/year=2026/month=11/day=20/deleted.jsonl");
    try (AutoCloseable delete =
        StepHooks.arm(
            "manifest-written",
            "events",
            () -> {
              try {
                Files.delete(deleted);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })) {
      // A crash after the manifest of broken's batch names its quarantined file, before any
      // commit: the retry must leave out the same file without reading it again.
      try (AutoCloseable crash =
          StepHooks.failAt("files-quarantined", "broken", "stopped after files-quarantined")) {
        run("run-1");
      }
    }
    // The deleted file comes back: the next run reads it from file quarantine.
    Files.writeString(deleted, event("e13", 13) + "\n");
    run("run-2");
    skipped =
        FileQuarantine.skip(
            spark,
            LakeLayout.under(lake.toString(), raw.toString()),
            org.zonelake.core.write.TableFormat.DELTA,
            "events",
            raw.resolve("events/year=2026/month=11/day=20/corrupt.jsonl.gz").toString(),
            "skip-1");
    run("run-3");
  }

  @AfterAll
  void close() {
    ledger.close();
  }

  private static SourceOutcome outcome(List<SourceOutcome> outcomes, String source) {
    return outcomes.stream().filter(o -> o.source().equals(source)).findFirst().orElseThrow();
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Rows of a table as "file: value" strings, sorted. */
  private List<String> rows(String table, String value) {
    return TestRows.sorted(
        TestRows.delta(lake.resolve(table)).selectExpr("_raw_file", value),
        r -> name(r.getString(0)) + ": " + r.get(1));
  }

  @Test
  void everyTableKeepsTheLakesOwnProtocolAndPropertiesWhateverTheSessionsDefaults()
      throws IOException {
    List<String> tables;
    try (java.util.stream.Stream<Path> logs = Files.walk(lake)) {
      tables =
          logs.filter(p -> p.getFileName().toString().equals("_delta_log"))
              .map(p -> lake.relativize(p.getParent()).toString())
              .sorted()
              .toList();
    }
    List<String> details = new ArrayList<>();
    for (String table : tables) {
      org.apache.spark.sql.Row detail =
          spark.sql("DESCRIBE DETAIL delta.`" + lake.resolve(table) + "`").first();
      details.add(
          table
              + ": reader "
              + detail.getAs("minReaderVersion")
              + ", writer "
              + detail.getAs("minWriterVersion")
              + ", "
              + new java.util.TreeMap<>(
                  detail.<String, String>getJavaMap(detail.fieldIndex("properties"))));
    }
    // Reader version 1 and none of the defaults' properties: no column mapping, no deletion
    // vectors, not append-only.
    String v1 = "reader 1, writer 2, {delta.enableDeletionVectors=false";
    assertThat(details)
        .containsExactly(
            "processed/_quality/metrics: " + v1 + "}",
            "processed/_quality/rule_results: " + v1 + "}",
            "processed/_stats/broken: " + v1 + "}",
            "processed/_stats/events: " + v1 + "}",
            "processed/_stats/people: " + v1 + "}",
            "processed/broken: " + v1 + ", zonelake.recordHash=xxh64x2-v1}",
            "processed/events: " + v1 + ", zonelake.recordHash=xxh64x2-v1}",
            "processed/people: " + v1 + ", zonelake.recordHash=xxh64x2-v1}",
            "quarantine/_files/broken: " + v1 + "}",
            "quarantine/_files/events: " + v1 + "}",
            "quarantine/broken: " + v1 + "}",
            "quarantine/events: " + v1 + "}",
            "quarantine/people: " + v1 + "}");
  }

  @Test
  void theRunnersLoggingPrintsNothingOfTheFilesSparkCouldNotRead() {
    // Spark logs each failed read (an executor's stack trace, the aborted task set and write);
    // the jobs report it themselves, as the warnings and file quarantine rows asserted here.
    assertThat(launcherLog).isEmpty();
  }

  @Test
  void everyRecordOfAReadableFileEndsInProcessedOrQuarantine() {
    assertThat(rows("processed/events", "id"))
        .containsExactly(
            "bom.jsonl: e3",
            "crlf.jsonl: e4",
            "crlf.jsonl: e5",
            "deleted.jsonl: e13",
            "good.jsonl.gz: e10",
            "good.jsonl: e1",
            "good.jsonl: e2",
            "limits.jsonl: e15",
            "name%20with%20space%20ü.jsonl: e9",
            "nul.jsonl: e7");
    // A record is kept whole, however long: long ones are shown by their start and length here.
    assertThat(
            rows(
                "quarantine/events",
                "concat(CASE WHEN length(_raw_record) > 200 THEN concat(substr(_raw_record, 1, 30),"
                    + " '... (', length(_raw_record), ' characters)') ELSE _raw_record END, ' / ',"
                    + " _reasons[0])"))
        .containsExactly(
            "array-scalar.jsonl: \"text\" / malformed: line is not a valid JSON object",
            "array-scalar.jsonl: 42 / malformed: line is not a valid JSON object",
            "array-scalar.jsonl: ["
                + event("e8", 8)
                + "] / malformed: line is not a valid JSON object",
            "array-scalar.jsonl: null / malformed: line is not a valid JSON object",
            // A byte that is not UTF-8 would have been read as U+FFFD, as it is shown here.
            "invalid-utf8.jsonl:"
                + " {\"id\":\"e6\",\"amount\":6,\"ts\":\"2026-11-20T08:00:00Z\",\"x\":\"\ufffd\ufffd\"}"
                + " / malformed: line is not valid UTF-8 (byte 0xFF at byte 56)",
            "limits.jsonl: "
                + event("e16", 16).substring(0, 30)
                + "... ("
                + withField(event("e16", 16), "[".repeat(1500) + "]".repeat(1500)).length()
                + " characters) / malformed: line is not a valid JSON object (its brackets nest"
                // The object's brace, then the field's 1,500 brackets.
                + " 1,501 levels deep; the JSON parser reads at most 1,000 levels)",
            "limits.jsonl: "
                + event("e17", 17).substring(0, 30)
                + "... ("
                + withField(event("e17", 17), "\"" + "a".repeat(20_000_001) + "\"").length()
                + " characters) / malformed: line is not a valid JSON object (the record is "
                + String.format(
                    java.util.Locale.ROOT,
                    "%,d",
                    withField(event("e17", 17), "\"" + "a".repeat(20_000_001) + "\"").length())
                + " characters long; the JSON parser reads strings of at most 20,000,000"
                + " characters)",
            "nul.jsonl: {\"id\":\"e14\u0000\",\"amount\":14,\"ts\":\"2026-11-20T08:00:00Z\"} /"
                + " malformed: line is not a valid JSON object");
    // The quarantined line keeps its bytes as they were.
    assertThat(
            rows(
                "quarantine/events",
                "CASE WHEN _reasons[0] LIKE '%UTF-8%' THEN hex(CAST(_raw_record AS BINARY)) END"))
        .contains(
            "invalid-utf8.jsonl: " + HexFormat.of().withUpperCase().formatHex(INVALID_UTF8_LINE));
    assertThat(rows("processed/people", "id"))
        .containsExactly(
            "people-bom.csv: p3", "people-latin1.csv: p5", "people.csv: p1", "people.csv: p2");
    // Written as Parquet timestamps of microseconds, whatever the session asks for.
    assertThat(rows("processed/people", "date_format(ts, 'HH:mm:ss.SSSSSS')"))
        .containsExactly(
            "people-bom.csv: 10:00:00.000000",
            "people-latin1.csv: 12:00:00.000000",
            "people.csv: 08:00:00.000000",
            "people.csv: 09:00:00.123456");
    assertThat(rows("quarantine/people", "concat(_raw_record, ' / ', _reasons[0])"))
        .containsExactly(
            "people-latin1.csv: p4,Zo\ufffd,2026-11-20T11:00:00Z / malformed: record holds U+FFFD"
                + " (the character read in place of bytes that are not UTF-8)");
  }

  /**
   * The skip-file command a warning gives can be pasted: a path with spaces or quotes is quoted.
   */
  @Test
  void theSkipCommandQuotesPathsForTheShell() {
    assertThat(CommandLineErrors.shellWord("file:/raw/orders/year=2026/a-1_b.jsonl.gz"))
        .isEqualTo("file:/raw/orders/year=2026/a-1_b.jsonl.gz");
    assertThat(CommandLineErrors.shellWord("file:/raw/name with space ü.jsonl"))
        .isEqualTo("'file:/raw/name with space ü.jsonl'");
    assertThat(CommandLineErrors.shellWord("/raw/it's.jsonl")).isEqualTo("'/raw/it'\\''s.jsonl'");
  }

  @Test
  void unreadableFilesAreQuarantinedAndTheRestIsProcessed() {
    SourceOutcome events = outcome(runs.get(0), "events");
    assertThat(events.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    // 10 readable files (one empty), 17 lines: 9 written, 8 malformed; 3 files quarantined.
    assertThat(events.counts())
        .isEqualTo(new BatchCounts(10, 17, 8, 0, 0, 9, Map.of("malformed", 8L), 3));
    assertThat(outcome(runs.get(0), "people").counts())
        .isEqualTo(new BatchCounts(3, 5, 1, 0, 0, 4, Map.of("malformed", 1L), 0));
    assertThat(
            warnings.stream()
                .filter(w -> w.startsWith("run-1 events"))
                .map(w -> w.replace(raw.toUri().toString().replace("file:///", "file:/"), "raw/")))
        .containsExactly(
            "run-1 events: raw file raw/events/year=2026/month=11/day=20/corrupt.jsonl.gz (300"
                + " bytes) cannot be read: corrupt compressed stream: not a gzip file; it is in"
                + " file quarantine and is tried again by the next runs (skip it with ./lake"
                + " skip-file events raw/events/year=2026/month=11/day=20/corrupt.jsonl.gz --lake "
                + lake
                + ")",
            "run-1 events: raw file raw/events/year=2026/month=11/day=20/deleted.jsonl (55"
                + " bytes) cannot be read: file not found (deleted after it was listed); it is in"
                + " file quarantine and is tried again by the next runs (skip it with ./lake"
                + " skip-file events raw/events/year=2026/month=11/day=20/deleted.jsonl --lake "
                + lake
                + ")",
            "run-1 events: raw file raw/events/year=2026/month=11/day=20/truncated.jsonl.gz (40"
                + " bytes) cannot be read: corrupt compressed stream: Unexpected end of input"
                + " stream; it is in file quarantine and is tried again by the next runs (skip it"
                + " with ./lake skip-file events"
                + " raw/events/year=2026/month=11/day=20/truncated.jsonl.gz --lake "
                + lake
                + ")");
    assertThat(RunReport.summary("run-1", runs.get(0)).lines().filter(l -> l.startsWith("files")))
        .containsExactly(
            "files quarantined events: 3 unreadable raw file(s) left out, recorded in its"
                + " file-quarantine table and tried again by the next runs");
  }

  @Test
  void aQuarantinedFileIsReadOnceItReadsAndSkippedByHand() {
    // run-2: the restored file is read from file quarantine; the two corrupt ones still fail.
    assertThat(outcome(runs.get(1), "events").counts())
        .isEqualTo(new BatchCounts(1, 1, 0, 0, 0, 1, Map.of(), 0));
    assertThat(outcome(runs.get(1), "people").counts()).isEqualTo(BatchCounts.empty());
    assertThat(name(skipped.path())).isEqualTo("corrupt.jsonl.gz");
    // run-3: only the truncated file is left; it is tried and stays; nothing else happens.
    assertThat(outcome(runs.get(2), "events").counts()).isEqualTo(BatchCounts.empty());
    assertThat(outcome(runs.get(2), "events").batches()).isZero();
    assertThat(
            warnings.stream()
                .filter(w -> w.startsWith("run-3 events"))
                .map(w -> w.substring(0, w.indexOf(" (")).replaceAll("file:.*/", "")))
        .containsExactly("run-3 events: still in file quarantine: raw file truncated.jsonl.gz");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("quarantine/_files/events").toString())
                .selectExpr("status", "run_id", "batch_id", "path", "size", "reason")
                .orderBy("status", "path")
                .collectAsList()
                .stream()
                .map(
                    r ->
                        r.getString(0)
                            + " "
                            + r.getString(1)
                            + " "
                            + r.get(2)
                            + " "
                            + name(r.getString(3))
                            + " "
                            + r.getLong(4)
                            + " "
                            + r.getString(5))
                .toList())
        .containsExactly(
            "quarantined run-1 0 corrupt.jsonl.gz 300 corrupt compressed stream: not a gzip file",
            "quarantined run-1 0 deleted.jsonl 55 file not found (deleted after it was listed)",
            "quarantined run-1 0 truncated.jsonl.gz 40 corrupt compressed stream: Unexpected end"
                + " of input stream",
            "skipped skip-1 null corrupt.jsonl.gz 300 skipped by hand; was: corrupt compressed"
                + " stream: not a gzip file");
    assertThat(
            spark.read().format("delta").load(lake.resolve("processed/events").toString()).count())
        .isEqualTo(10);
  }

  @Test
  void aRetriedBatchQuarantinesTheSameFilesOnce() {
    SourceOutcome first = outcome(runs.get(0), "broken");
    assertThat(first.status()).isEqualTo(SourceOutcome.Status.FAILED);
    assertThat(first.message().orElseThrow()).contains("stopped after files-quarantined");
    SourceOutcome retried = outcome(runs.get(1), "broken");
    assertThat(retried.status()).isEqualTo(SourceOutcome.Status.SUCCEEDED);
    assertThat(retried.counts()).isEqualTo(new BatchCounts(0, 0, 0, 0, 0, 0, Map.of(), 1));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("quarantine/_files/broken").toString())
                .selectExpr("concat(status, ' ', run_id, ' ', batch_id)")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("quarantined run-2 0");
    // The ledger has the failed run and the one that did it, with the quarantined file counted.
    assertThat(
            ledger.ledger().latestRuns("broken", 5).stream()
                .map(r -> r.runId() + " " + r.status() + " " + r.counts().filesQuarantined()))
        .containsExactly("run-3 SUCCEEDED 0", "run-2 SUCCEEDED 1", "run-1 FAILED 0");
    assertThat(
            ledger.ledger().latestRuns("events", 5).stream()
                .map(r -> r.runId() + " " + r.status() + " " + r.counts().filesQuarantined()))
        .containsExactly("run-3 SUCCEEDED 0", "run-2 SUCCEEDED 0", "run-1 SUCCEEDED 3");
  }

  @Test
  void skippingAFileNotInQuarantineNamesThoseThatAre() {
    assertThatThrownBy(
            () ->
                FileQuarantine.skip(
                    spark,
                    LakeLayout.under(lake.toString(), raw.toString()),
                    org.zonelake.core.write.TableFormat.DELTA,
                    "events",
                    "/no/such.jsonl",
                    "skip-2"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Raw file /no/such.jsonl is not in the file quarantine of 'events'. Files in file"
                + " quarantine: ["
                + raw.toUri().toString().replace("file:///", "file:/")
                + "events/year=2026/month=11/day=20/truncated.jsonl.gz]. Fix: pass one of those"
                + " paths as shown by the run (or by lake sql on quarantined_files_events).");
  }
}
