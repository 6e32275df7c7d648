package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;

/**
 * A contract's {@code dedupe_key} identifies a record within its event day: a later record with the
 * key of one already written that day is a duplicate, in its batch or in a later run; the same key
 * on another day is another record; records without any key column are told apart by their whole
 * content. Of the records with one key, the first to land is kept, so the rows written do not
 * depend on how the files are split into batches.
 */
class DedupeKeyTest {

  private static final String CONTRACT =
      """
      {"source": "payments", "format": {"type": "json_lines"},
       "schema": "payment_id STRING, amount DECIMAL(10,2), paid_at TIMESTAMP",
       "event_time": {"column": "paid_at"},
       "required": ["amount"],
       "dedupe_key": ["payment_id"]}
      """;

  @TempDir Path temp;

  private final SparkSession spark = TestSpark.session();

  private static String payment(String id, String amount, String paidAt) {
    return "{"
        + (id == null ? "" : "\"payment_id\":\"" + id + "\",")
        + "\"amount\":"
        + amount
        + ",\"paid_at\":\""
        + paidAt
        + "\"}";
  }

  private Path landFirst(Path raw) throws Exception {
    SampleLake.land(
        raw,
        "payments",
        LocalDate.of(2026, 11, 20),
        "a.jsonl",
        payment("p-1", "1.00", "2026-11-20T10:00:00Z"),
        payment("p-1", "2.00", "2026-11-20T11:00:00Z"),
        payment("p-2", "3.00", "2026-11-20T10:00:00Z"),
        payment("p-2", "3.00", "2026-11-21T10:00:00Z"),
        payment(null, "4.00", "2026-11-20T10:00:00Z"),
        payment(null, "5.00", "2026-11-20T10:00:00Z"),
        payment(null, "4.00", "2026-11-20T10:00:00Z"));
    return raw;
  }

  /**
   * The second file, landed a minute after the first and larger than it (padded with spaces after a
   * record), so that a batch holding both may well read it first.
   */
  private static void landSecond(Path raw) throws Exception {
    Path second =
        SampleLake.land(
            raw,
            "payments",
            LocalDate.of(2026, 11, 21),
            "b.jsonl",
            payment("p-1", "9.00", "2026-11-20T12:00:00Z") + " ".repeat(2000),
            payment("p-1", "9.00", "2026-11-22T12:00:00Z"),
            payment(null, "5.00", "2026-11-20T10:00:00Z"));
    Path first = raw.resolve("payments/year=2026/month=11/day=20/a.jsonl");
    Files.setLastModifiedTime(
        second, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 60_000));
  }

  private List<String> processed(Path lake) {
    return TestRows.sorted(
        TestRows.delta(lake.resolve("processed/payments")),
        "concat_ws(' ', coalesce(payment_id, '-'), amount, to_date(paid_at))");
  }

  private Path contracts() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("contracts"));
    Files.writeString(dir.resolve("payments.json"), CONTRACT, StandardCharsets.UTF_8);
    return dir;
  }

  private static BatchCounts counts(long lines, long written, long duplicates) {
    return new BatchCounts(1, lines, 0, 0, duplicates, written, Map.of(), 0);
  }

  @Test
  void aKeyIsARecordWithinItsEventDayWhicheverBatchBringsIt() throws Exception {
    Path contracts = contracts();
    Path raw = landFirst(temp.resolve("raw"));
    Path lake = temp.resolve("lake");

    List<SourceOutcome> first =
        SampleLake.run(spark, SampleLake.config(raw, lake, contracts, "run-1", 10));
    assertThat(first).extracting(SourceOutcome::counts).containsExactly(counts(7, 5, 2));
    landSecond(raw);
    List<SourceOutcome> second =
        SampleLake.run(spark, SampleLake.config(raw, lake, contracts, "run-2", 10));
    assertThat(second).extracting(SourceOutcome::counts).containsExactly(counts(3, 1, 2));

    List<String> expected =
        List.of(
            "- 4.00 2026-11-20",
            "- 5.00 2026-11-20",
            "p-1 1.00 2026-11-20",
            "p-1 9.00 2026-11-22",
            "p-2 3.00 2026-11-20",
            "p-2 3.00 2026-11-21");
    assertThat(processed(lake)).containsExactlyElementsOf(expected);

    // The same files in one batch write the same rows: of p-1's three records of 20 November, the
    // first to land (the first file's first record), wherever the batch read them.
    Path once = temp.resolve("lake-once");
    List<SourceOutcome> together =
        SampleLake.run(spark, SampleLake.config(raw, once, contracts, "run-once", 10));
    assertThat(together)
        .extracting(SourceOutcome::counts)
        .containsExactly(new BatchCounts(2, 10, 0, 0, 4, 6, Map.of(), 0));
    assertThat(processed(once)).containsExactlyElementsOf(expected);
  }
}
