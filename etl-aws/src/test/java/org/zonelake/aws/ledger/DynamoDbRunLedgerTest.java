package org.zonelake.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.testing.LocalDynamoDb;
import org.zonelake.aws.testing.MutableClock;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.run.BatchCounts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbRunLedgerTest {

  private static final String TABLE = "zonelake-run-ledger";
  private static final Instant T0 = Instant.parse("2025-03-01T06:00:00Z");

  private static LocalDynamoDb dynamo;
  private static DynamoDbRunLedger ledger;
  private static MutableClock clock;

  @BeforeAll
  static void startDynamoDb() {
    dynamo = new LocalDynamoDb();
    DynamoDbRunLedger.createTable(dynamo.client(), TABLE);
    clock = new MutableClock(T0);
    ledger = new DynamoDbRunLedger(dynamo.client(), TABLE, clock);
  }

  @AfterAll
  static void stopDynamoDb() {
    dynamo.close();
  }

  private static RunStart start(String runId, String source, Instant at) {
    return start(runId, source, at, InputFiles.none());
  }

  /** The start of a raw-to-processed run of {@code source} that read {@code inputFiles}. */
  private static RunStart start(String runId, String source, Instant at, InputFiles inputFiles) {
    return new RunStart(runId, "raw-to-processed", source, at, inputFiles);
  }

  /** The end of a run that counted nothing, with {@code error} when it failed. */
  private static RunEnd end(String runId, String source, RunStatus status, Optional<String> error) {
    return new RunEnd(
        runId,
        source,
        status,
        BatchCounts.empty(),
        OptionalLong.empty(),
        Map.of(),
        error,
        Optional.empty());
  }

  @Test
  void finishedRunIsReadBackWithEveryField() {
    Instant started = Instant.parse("2025-03-01T06:00:01.123456Z");
    InputFiles files =
        InputFiles.inline(
            List.of(
                "raw/orders/year=2025/month=03/day=01/a.json",
                "raw/orders/year=2025/month=03/day=01/b.json.gz"),
            2048);
    RunRecord running =
        ledger.start(new RunStart("run-full", "raw-to-processed", "orders", started, files));
    assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(running.startedAt()).isEqualTo(Instant.parse("2025-03-01T06:00:01.123Z"));

    clock.advance(java.time.Duration.ofSeconds(30));
    BatchCounts counts =
        new BatchCounts(2, 100, 3, 4, 5, 88, Map.of("type_cast", 4L, "json", 3L), 0);
    RunRecord finished =
        ledger.finish(
            new RunEnd(
                "run-full",
                "orders",
                RunStatus.SUCCEEDED,
                counts,
                OptionalLong.of(7),
                Map.of("AverageQualityScore", 0.97),
                Optional.empty(),
                Optional.empty()));

    RunRecord expected =
        new RunRecord(
            "run-full",
            "raw-to-processed",
            "orders",
            RunStatus.SUCCEEDED,
            Instant.parse("2025-03-01T06:00:01.123Z"),
            Optional.of(clock.instant()),
            files,
            OptionalLong.of(7),
            counts,
            Map.of("AverageQualityScore", 0.97),
            Optional.empty());
    assertThat(finished).isEqualTo(expected);
    assertThat(ledger.run("run-full")).containsExactly(expected);
    assertThat(ledger.describeItem(finished))
        .isEqualTo(
            "ledger table 'zonelake-run-ledger', item pk=SOURCE#orders,"
                + " sk=RUN#2025-03-01T06:00:01.123Z#raw-to-processed#run-full");

    Map<String, AttributeValue> item =
        dynamo
            .client()
            .getItem(
                b ->
                    b.tableName(TABLE)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("SOURCE#orders"),
                                "sk",
                                    AttributeValue.fromS(
                                        "RUN#2025-03-01T06:00:01.123Z#raw-to-processed#run-full"))))
            .item();
    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "pk",
            "sk",
            "item_type",
            "run_id",
            "job",
            "source",
            "status",
            "started_at",
            "ended_at",
            "input_file_count",
            "input_bytes",
            "input_files",
            "counts",
            "quality",
            "delta_version");
    assertThat(item.get("status").s()).isEqualTo("SUCCEEDED");
    assertThat(item.get("ended_at").s()).isEqualTo("2025-03-01T06:00:30.000Z");
    assertThat(item.get("counts").m().get("quarantined").n()).isEqualTo("7");
    assertThat(item.get("counts").m().get("read").n()).isEqualTo("100");
  }

  @Test
  void aTableCreatedByAnotherProcessSinceItWasFoundMissingIsUsedNotAnError() {
    // The table exists (made before the tests): as if another first run had just created it.
    DynamoDbRunLedger.createUnlessCreatedMeanwhile(dynamo.client(), TABLE);

    assertThat(dynamo.client().describeTable(b -> b.tableName(TABLE)).table().tableStatusAsString())
        .isEqualTo("ACTIVE");
  }

  /** The names of the runs' records, once each and sorted; leases and run references are not. */
  @Test
  void sourcesAreTheNamesRunsWereRecordedUnder() {
    String table = "zonelake-run-ledger-sources";
    DynamoDbRunLedger.createTable(dynamo.client(), table);
    DynamoDbRunLedger own = new DynamoDbRunLedger(dynamo.client(), table, clock);
    assertThat(own.sources()).isEmpty();

    own.start(start("run-1", "orders", T0));
    own.start(start("run-1", "customers", T0));
    own.start(start("run-2", "processed/orders", T0.plusSeconds(60)));
    own.start(start("run-3", "orders", T0.plusSeconds(120)));
    own.acquire("raw-to-processed", "web_logs", "run-4", Duration.ofMinutes(5));

    assertThat(own.sources()).containsExactly("customers", "orders", "processed/orders");
  }

  @Test
  void latestRunsOfASourceComeNewestFirst() {
    ledger.start(start("run-w1", "web_logs", Instant.parse("2025-03-01T01:00:00Z")));
    ledger.start(start("run-w3", "web_logs", Instant.parse("2025-03-01T03:00:00Z")));
    ledger.start(start("run-w2", "web_logs", Instant.parse("2025-03-01T02:00:00Z")));
    ledger.start(start("run-c1", "customers", Instant.parse("2025-03-01T04:00:00Z")));

    assertThat(ledger.latestRuns("web_logs", 2).stream().map(RunRecord::runId))
        .containsExactly("run-w3", "run-w2");
    assertThat(ledger.latestRuns("web_logs", 10).stream().map(RunRecord::runId))
        .containsExactly("run-w3", "run-w2", "run-w1");
    assertThat(ledger.latestRuns("nobody", 10)).isEmpty();
  }

  @Test
  void failedRunsListsOnlyFailuresNewestFirst() {
    ledger.start(start("run-f1", "sensor_readings", Instant.parse("2024-01-01T01:00:00Z")));
    ledger.start(start("run-f2", "sensor_readings", Instant.parse("2024-01-01T02:00:00Z")));
    ledger.start(start("run-ok", "sensor_readings", Instant.parse("2024-01-01T03:00:00Z")));
    ledger.start(start("run-f3", "sensor_readings", Instant.parse("2024-01-01T04:00:00Z")));
    for (String runId : List.of("run-f1", "run-f2", "run-f3")) {
      ledger.finish(
          end(
              runId,
              "sensor_readings",
              RunStatus.FAILED,
              Optional.of("Source 'sensor_readings' failed: boom " + runId)));
    }
    ledger.finish(end("run-ok", "sensor_readings", RunStatus.SUCCEEDED, Optional.empty()));

    List<RunRecord> failed =
        ledger.failedRuns(100).stream().filter(r -> r.source().equals("sensor_readings")).toList();
    assertThat(failed.stream().map(RunRecord::runId)).containsExactly("run-f3", "run-f2", "run-f1");
    assertThat(failed.get(0).error()).contains("Source 'sensor_readings' failed: boom run-f3");
    assertThat(failed.get(0).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void runByIdHasOneRecordPerSource() {
    Instant at = Instant.parse("2025-03-02T00:00:00Z");
    ledger.start(start("run-multi", "orders", at));
    ledger.start(start("run-multi", "customers", at));

    assertThat(ledger.run("run-multi").stream().map(RunRecord::source))
        .containsExactly("customers", "orders");
    assertThat(ledger.run("run-unknown")).isEmpty();
  }

  @Test
  void aRunIsStartedOnceAndFinishedOnce() {
    ledger.start(start("run-once", "orders", Instant.parse("2025-03-03T00:00:00Z")));

    assertThatThrownBy(
            () -> ledger.start(start("run-once", "orders", Instant.parse("2025-03-03T00:00:00Z"))))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Run run-once of source 'orders' is already started in ledger table"
                + " 'zonelake-run-ledger'. Fix: give every run a new run id; a run is started once"
                + " and finished once.");
    ledger.finish(end("run-once", "orders", RunStatus.SUCCEEDED, Optional.empty()));
    assertThatThrownBy(
            () -> ledger.finish(end("run-once", "orders", RunStatus.FAILED, Optional.of("late"))))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Run run-once of source 'orders' is already finished in ledger table"
                + " 'zonelake-run-ledger'. Fix: give every run a new run id; a run is started once"
                + " and finished once.");
    assertThat(ledger.run("run-once").get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void finishingARunThatNeverStartedFails() {
    assertThatThrownBy(
            () -> ledger.finish(end("run-ghost", "orders", RunStatus.SUCCEEDED, Optional.empty())))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Run run-ghost of source 'orders' has no RUNNING item in ledger table"
                + " 'zonelake-run-ledger'. Fix: record the run's start before its end.");
  }

  @Test
  void aLongFileListIsRecordedByItsLocation() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      paths.add(
          "s3://lake-raw/orders/year=2025/month=03/day=01/part-" + "0".repeat(80) + i + ".json");
    }
    InputFiles inline = InputFiles.inline(paths, 123_456_789L);
    assertThat(inline.inlineBytes()).isGreaterThan(InputFiles.MAX_INLINE_BYTES);
    Instant at = Instant.parse("2025-03-04T00:00:00Z");
    assertThatThrownBy(() -> ledger.start(start("run-big", "orders", at, inline)))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Run run-big of source 'orders': its list of input files takes "
                + inline.inlineBytes()
                + " bytes, more than the 300000 bytes a ledger item keeps inline. Fix: store the"
                + " list (for example next to the checkpoint) and record its location instead"
                + " (InputFiles.stored).");

    InputFiles stored =
        InputFiles.stored(3_000, 123_456_789L, "s3://lake-artifacts/ledger/run-big/orders.txt");
    ledger.start(start("run-big", "orders", at, stored));
    assertThat(ledger.run("run-big").get(0).inputFiles()).isEqualTo(stored);
  }

  @Test
  void aMissingTableIsNamed() {
    DynamoDbRunLedger missing = new DynamoDbRunLedger(dynamo.client(), "no-such-table");

    assertThatThrownBy(() -> missing.latestRuns("orders", 1))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "DynamoDB table 'no-such-table' does not exist at an in-process stand-in. Fix: deploy"
                + " the processing stack (it creates the ledger table), create it with"
                + " DynamoDbRunLedger.createTable for a local ledger, or correct the table name.");
  }

  @Test
  void anUnreachableEndpointIsNamed() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AwsSettings settings =
        AwsSettings.local(URI.create("http://127.0.0.1:" + closedPort)).withMaxAttempts(2);
    try (DynamoDbClient client = AwsClients.dynamoDb(settings)) {
      DynamoDbRunLedger unreachable = new DynamoDbRunLedger(client, TABLE);

      assertThatThrownBy(() -> unreachable.run("run-1"))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "DynamoDB table 'zonelake-run-ledger' cannot be reached at http://127.0.0.1:"
                  + closedPort
                  + ": no answer after 2 attempts (ConnectException: Connection refused). Fix:"
                  + " check the region and endpoint settings and that this machine can reach the"
                  + " service.");
    }
  }
}
