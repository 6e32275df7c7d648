package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;

/** {@code lake run} and {@code lake sql} on a raw zone holding the sample web logs only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCliTest {

  @TempDir static Path temp;

  private Path lake;
  private Result run;

  record Result(int status, String out, String err) {}

  private Result execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new LakeCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "..")
            .execute(args);
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  void runOnWebLogs() throws IOException {
    TestSpark.session();
    Path raw = temp.resolve("raw/web_logs/year=2026/month=11/day=22");
    Files.createDirectories(raw);
    Files.copy(
        Path.of("../testdata/raw/web_logs/year=2026/month=11/day=22/access-0001.log"),
        raw.resolve("access-0001.log"),
        StandardCopyOption.COPY_ATTRIBUTES);
    lake = temp.resolve("lake");
    run = execute("run", "--raw", temp.resolve("raw").toString(), "--lake", lake.toString());
  }

  @Test
  void runPrintsProgressAndTheSummaryTable() {
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "web_logs: batch 0 committed: 1 files, 7 lines -> 3 written, 1 duplicates, 3"
                + " quarantined");
    assertThat(run.out())
        .containsPattern(
            "web_logs\\s+SUCCEEDED\\s+1\\s+7\\s+1\\s+2\\s+3\\s+1\\s+3\\s+\\{bad_event_time=1,"
                + " malformed=1, type_cast=1\\}")
        .containsPattern("orders\\s+SKIPPED")
        .contains("skipped orders: no raw directory " + temp.resolve("raw/orders") + " yet");
  }

  @Test
  void sqlPrintsCsvWithAHeader() {
    Result result =
        execute(
            "sql",
            "--lake",
            lake.toString(),
            "SELECT method, status, bytes, path FROM processed_web_logs ORDER BY path");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "method,status,bytes,path\n"
                + "POST,201,312,/cart\n"
                + "GET,200,5123,/products/42\n"
                + "GET,304,0,/über-uns\n");
  }

  @Test
  void sqlPrintsJsonLinesAndSeesEmptyTablesOfSourcesWithoutData() {
    Result result =
        execute(
            "sql",
            "--lake",
            lake.toString(),
            "--format",
            "json",
            "SELECT (SELECT count(*) FROM quarantine_web_logs) AS q, (SELECT count(*) FROM"
                + " processed_orders) AS o");

    assertThat(result.out()).isEqualTo("{\"q\":3,\"o\":0}\n");
  }

  @Test
  void invalidQueryNamesTheTables() {
    Result result = execute("sql", "--lake", lake.toString(), "SELECT * FROM processed_nothing");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("error: The query is not valid: [TABLE_OR_VIEW_NOT_FOUND]")
        .contains(
            "Tables: processed_customers, processed_orders, processed_sensor_readings,"
                + " processed_web_logs, quarantine_customers, quarantine_orders,"
                + " quarantine_sensor_readings, quarantine_web_logs");
  }

  @Test
  void unknownOptionAndMissingLakeAreClearErrors() {
    Result unknown = execute("run", "--rw", "x");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("error: Unknown option --rw.\n\nUsage:");

    Result missing = execute("sql", "--lake", temp.resolve("none").toString(), "SELECT 1");
    assertThat(missing.err())
        .isEqualTo(
            "error: Lake directory "
                + temp.resolve("none")
                + " does not exist. Fix: run ./lake run first, or pass --lake DIR.\n");
  }
}
