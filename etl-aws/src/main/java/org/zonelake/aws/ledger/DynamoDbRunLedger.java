package org.zonelake.aws.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.zonelake.aws.AwsFailures;
import org.zonelake.aws.AwsResource;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.LedgerTime;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunLease;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.LedgerKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The run ledger in one DynamoDB table (the deploy stack's: keys {@code pk}/{@code sk}, index
 * {@code gsi1} on {@code gsi1pk}/{@code gsi1sk}, TTL attribute {@code expires_at}). The key design
 * is described in the module's LEDGER.md:
 *
 * <ul>
 *   <li>run item: {@code pk=SOURCE#<source>}, {@code sk=RUN#<startedAt>#<job>#<runId>}; while
 *       RUNNING or when FAILED also {@code gsi1pk=STATUS#<status>}, {@code
 *       gsi1sk=<startedAt>#<source>#<runId>} (a sparse index: succeeded runs leave it);
 *   <li>run reference: {@code pk=RUN#<runId>}, {@code sk=SOURCE#<source>}, pointing at the run
 *       item, written in the same transaction;
 *   <li>lease: {@code pk=LEASE#<job>#<source>}, {@code sk=LEASE}, with {@code expires_at}.
 * </ul>
 *
 * <p>Reads are strongly consistent except on the index. Thread-safe when the client is.
 */
public final class DynamoDbRunLedger implements RunLedger {

  private static final String LEASE_SORT_KEY = "LEASE";

  /** The longest error message kept in a run item (characters). */
  static final int MAX_ERROR_CHARS = 8_000;

  private static final String MISSING_TABLE_FIX =
      "deploy the processing stack (it creates the ledger table), create it with"
          + " DynamoDbRunLedger.createTable for a local ledger, or correct the table name";

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final AwsResource resource;

  /** A ledger in {@code table}, using the system clock (UTC). */
  public DynamoDbRunLedger(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  /** A ledger in {@code table}; {@code clock} dates leases (tests move it). */
  public DynamoDbRunLedger(DynamoDbClient client, String table, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.resource = AwsResource.of("DynamoDB table", table, client);
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /**
   * Creates the ledger table as the deploy stack does (on-demand, keys, index; no encryption or
   * recovery settings, which a local table does not need), waits until it is active, and turns on
   * TTL on {@code expires_at}.
   */
  public static void createTable(DynamoDbClient client, String table) {
    AwsResource resource = AwsResource.of("DynamoDB table", table, client);
    call(
        resource,
        () ->
            client.createTable(
                b ->
                    b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                            stringAttribute(LedgerKeys.PARTITION_KEY),
                            stringAttribute(LedgerKeys.SORT_KEY),
                            stringAttribute(LedgerKeys.STATUS_INDEX_PARTITION_KEY),
                            stringAttribute(LedgerKeys.STATUS_INDEX_SORT_KEY))
                        .keySchema(
                            key(LedgerKeys.PARTITION_KEY, KeyType.HASH),
                            key(LedgerKeys.SORT_KEY, KeyType.RANGE))
                        .globalSecondaryIndexes(
                            GlobalSecondaryIndex.builder()
                                .indexName(LedgerKeys.STATUS_INDEX)
                                .keySchema(
                                    key(LedgerKeys.STATUS_INDEX_PARTITION_KEY, KeyType.HASH),
                                    key(LedgerKeys.STATUS_INDEX_SORT_KEY, KeyType.RANGE))
                                .projection(
                                    Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build())));
    call(resource, () -> client.waiter().waitUntilTableExists(b -> b.tableName(table)));
    call(
        resource,
        () ->
            client.updateTimeToLive(
                b ->
                    b.tableName(table)
                        .timeToLiveSpecification(
                            t -> t.attributeName(LedgerKeys.EXPIRES_AT).enabled(true))));
  }

  /** Creates the ledger table unless it exists. */
  public static void createTableIfMissing(DynamoDbClient client, String table) {
    try {
      client.describeTable(b -> b.tableName(table));
      return;
    } catch (ResourceNotFoundException e) {
      // Missing: created below.
    } catch (SdkException e) {
      throw AwsFailures.translate(
          AwsResource.of("DynamoDB table", table, client), e, false, MISSING_TABLE_FIX);
    }
    createUnlessCreatedMeanwhile(client, table);
  }

  /**
   * Creates the ledger table; when another process created it since it was found missing (two first
   * runs of a new local lake at once), waits until it exists instead of failing.
   */
  static void createUnlessCreatedMeanwhile(DynamoDbClient client, String table) {
    try {
      createTable(client, table);
    } catch (RuntimeException e) {
      boolean createdMeanwhile = false;
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        createdMeanwhile |= cause instanceof ResourceInUseException;
      }
      if (!createdMeanwhile) {
        throw e;
      }
      call(
          AwsResource.of("DynamoDB table", table, client),
          () -> client.waiter().waitUntilTableExists(b -> b.tableName(table)));
    }
  }

  @Override
  public RunRecord start(RunStart start) {
    InputFiles files = checkedInputFiles(start.runId(), start.source(), start.inputFiles());
    String startedAt = LedgerTime.format(start.startedAt());
    String pk = sourceKey(start.source());
    String sk = runSortKey(start.startedAt(), start.job(), start.runId());
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(LedgerKeys.PARTITION_KEY, s(pk));
    item.put(LedgerKeys.SORT_KEY, s(sk));
    item.put("item_type", s("run"));
    item.put("run_id", s(start.runId()));
    item.put("job", s(start.job()));
    item.put("source", s(start.source()));
    item.put("status", s(RunStatus.RUNNING.name()));
    item.put("started_at", s(startedAt));
    item.put(LedgerKeys.STATUS_INDEX_PARTITION_KEY, s(statusKey(RunStatus.RUNNING)));
    item.put(
        LedgerKeys.STATUS_INDEX_SORT_KEY,
        s(startedAt + "#" + start.source() + "#" + start.runId()));
    putInputFiles(item, files);
    item.put("counts", countsValue(BatchCounts.empty()));

    Map<String, AttributeValue> reference = new LinkedHashMap<>();
    reference.put(LedgerKeys.PARTITION_KEY, s(runKey(start.runId())));
    reference.put(LedgerKeys.SORT_KEY, s(sourceKey(start.source())));
    reference.put("item_type", s("run_ref"));
    reference.put("run_pk", s(pk));
    reference.put("run_sk", s(sk));

    call(
        () -> {
          try {
            return client.transactWriteItems(
                b ->
                    b.transactItems(
                        TransactWriteItem.builder().put(newItem(item)).build(),
                        TransactWriteItem.builder().put(newItem(reference)).build()));
          } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream()
                .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
              throw LedgerErrors.runAlreadyRecorded(
                  start.runId(), start.source(), table, "started");
            }
            throw e;
          }
        });
    return new RunRecord(
        start.runId(),
        start.job(),
        start.source(),
        RunStatus.RUNNING,
        start.startedAt(),
        Optional.empty(),
        files,
        OptionalLong.empty(),
        BatchCounts.empty(),
        Map.of(),
        Optional.empty());
  }

  @Override
  public RunRecord finish(RunEnd end) {
    Map<String, AttributeValue> reference =
        item(itemKey(s(runKey(end.runId())), s(sourceKey(end.source()))))
            .orElseThrow(() -> LedgerErrors.runNotStarted(end.runId(), end.source(), table));
    String endedAt = LedgerTime.format(clock.instant());
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    names.put("#status", "status");
    values.put(":status", s(end.status().name()));
    values.put(":running", s(RunStatus.RUNNING.name()));
    sets.add("#status = :status");
    set(sets, names, values, "ended_at", s(endedAt));
    set(sets, names, values, "counts", countsValue(end.counts()));
    Map<String, AttributeValue> quality = new LinkedHashMap<>();
    end.qualityMetrics().forEach((k, v) -> quality.put(k, n(v)));
    set(sets, names, values, "quality", AttributeValue.fromM(quality));
    if (end.deltaVersion().isPresent()) {
      set(sets, names, values, "delta_version", n(end.deltaVersion().getAsLong()));
    }
    if (end.error().isPresent()) {
      String error = end.error().get();
      set(
          sets,
          names,
          values,
          "error",
          s(error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS)));
    }
    if (end.inputFiles().isPresent()) {
      Map<String, AttributeValue> files = new LinkedHashMap<>();
      putInputFiles(files, checkedInputFiles(end.runId(), end.source(), end.inputFiles().get()));
      files.forEach((k, v) -> set(sets, names, values, k, v));
      removes.add(files.containsKey("input_files") ? "input_files_location" : "input_files");
    }
    if (end.status() == RunStatus.FAILED) {
      set(
          sets,
          names,
          values,
          LedgerKeys.STATUS_INDEX_PARTITION_KEY,
          s(statusKey(RunStatus.FAILED)));
    } else {
      removes.add(LedgerKeys.STATUS_INDEX_PARTITION_KEY);
      removes.add(LedgerKeys.STATUS_INDEX_SORT_KEY);
    }
    removes.forEach(name -> names.put("#" + name, name));
    String update =
        "SET "
            + String.join(", ", sets)
            + (removes.isEmpty()
                ? ""
                : " REMOVE " + String.join(", ", removes.stream().map(r -> "#" + r).toList()));
    Map<String, AttributeValue> stored =
        call(
            () -> {
              try {
                return client
                    .updateItem(
                        b ->
                            b.tableName(table)
                                .key(runItemKey(reference))
                                .updateExpression(update)
                                .conditionExpression("#status = :running")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
              } catch (ConditionalCheckFailedException e) {
                throw LedgerErrors.runAlreadyRecorded(end.runId(), end.source(), table, "finished");
              }
            });
    return toRecord(stored);
  }

  @Override
  public List<RunRecord> latestRuns(String source, int limit) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression(
                LedgerKeys.PARTITION_KEY
                    + " = :pk AND begins_with("
                    + LedgerKeys.SORT_KEY
                    + ", :run)")
            .expressionAttributeValues(Map.of(":pk", s(sourceKey(source)), ":run", s("RUN#")))
            .scanIndexForward(false)
            .consistentRead(true)
            .limit(positive(limit))
            .build();
    return call(() -> client.query(request)).items().stream().map(this::toRecord).toList();
  }

  @Override
  public List<String> sources() {
    TreeSet<String> sources = new TreeSet<>();
    Map<String, AttributeValue> after = null;
    do {
      ScanRequest.Builder request =
          ScanRequest.builder()
              .tableName(table)
              .consistentRead(true)
              .filterExpression("item_type = :run")
              .expressionAttributeValues(Map.of(":run", s("run")))
              .projectionExpression("#source")
              .expressionAttributeNames(Map.of("#source", "source"));
      if (after != null) {
        request.exclusiveStartKey(after);
      }
      ScanResponse page = call(() -> client.scan(request.build()));
      page.items().forEach(item -> sources.add(item.get("source").s()));
      after = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (after != null && !after.isEmpty());
    return List.copyOf(sources);
  }

  @Override
  public List<RunRecord> run(String runId) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression(LedgerKeys.PARTITION_KEY + " = :pk")
            .expressionAttributeValues(Map.of(":pk", s(runKey(runId))))
            .consistentRead(true)
            .build();
    List<RunRecord> records = new ArrayList<>();
    for (Map<String, AttributeValue> reference : call(() -> client.query(request)).items()) {
      item(runItemKey(reference)).map(this::toRecord).ifPresent(records::add);
    }
    records.sort(Comparator.comparing(RunRecord::source));
    return records;
  }

  @Override
  public List<RunRecord> failedRuns(int limit) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .indexName(LedgerKeys.STATUS_INDEX)
            .keyConditionExpression(LedgerKeys.STATUS_INDEX_PARTITION_KEY + " = :status")
            .expressionAttributeValues(Map.of(":status", s(statusKey(RunStatus.FAILED))))
            .scanIndexForward(false)
            .limit(positive(limit))
            .build();
    return call(() -> client.query(request)).items().stream().map(this::toRecord).toList();
  }

  @Override
  public RunLease acquire(String job, String source, String runId, Duration ttl) {
    RunStart.requireKeyPart(job, "job");
    RunStart.requireKeyPart(source, "source");
    RunStart.requireKeyPart(runId, "runId");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive, was " + ttl);
    }
    Instant now = clock.instant();
    long seconds = ttl.toSeconds() + (ttl.toNanosPart() > 0 ? 1 : 0);
    long expiresAt = now.getEpochSecond() + seconds;
    Map<String, AttributeValue> key = leaseKey(job, source);
    Map<String, AttributeValue> item = new LinkedHashMap<>(key);
    item.put("item_type", s("lease"));
    item.put("job", s(job));
    item.put("source", s(source));
    item.put("run_id", s(runId));
    item.put("acquired_at", s(LedgerTime.format(now)));
    item.put(LedgerKeys.EXPIRES_AT, n(expiresAt));
    // A holder that vanishes between the refused put and the read released its lease: try again.
    for (int attempt = 1; attempt <= 3; attempt++) {
      Optional<Map<String, AttributeValue>> holder = putLease(item, key, now, runId);
      if (holder.isEmpty()) {
        return new RunLease(job, source, runId, Instant.ofEpochSecond(expiresAt));
      }
      if (!holder.get().isEmpty()) {
        throw leaseHeld(job, source, runId, holder.get());
      }
    }
    throw new IllegalStateException(
        "the lease " + key + " changed hands three times while run " + runId + " acquired it");
  }

  /** Empty when the lease was written; otherwise the holder's item (empty if it vanished). */
  private Optional<Map<String, AttributeValue>> putLease(
      Map<String, AttributeValue> item,
      Map<String, AttributeValue> key,
      Instant now,
      String runId) {
    return call(
        () -> {
          try {
            client.putItem(
                b ->
                    b.tableName(table)
                        .item(item)
                        .conditionExpression(
                            "attribute_not_exists("
                                + LedgerKeys.PARTITION_KEY
                                + ") OR "
                                + LedgerKeys.EXPIRES_AT
                                + " < :now OR run_id = :run")
                        .expressionAttributeValues(
                            Map.of(":now", n(now.getEpochSecond()), ":run", s(runId)))
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
          } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
              return Optional.of(e.item());
            }
            return Optional.of(item(key).orElse(Map.of()));
          }
        });
  }

  private RuntimeException leaseHeld(
      String job, String source, String runId, Map<String, AttributeValue> holder) {
    String holderRunId = holder.get("run_id").s();
    return LedgerErrors.leaseHeld(
        job,
        source,
        runId,
        holderRunId,
        jobOf(holderRunId, source).orElse(job),
        expiresAt(holder).toString(),
        describeKey(leasePartitionKey(job, source), LEASE_SORT_KEY));
  }

  /**
   * The job of run {@code runId} for {@code source}, from its run item's key (a replay holds the
   * raw-to-processed lease of its source); empty when the run recorded no start yet, or the ledger
   * cannot say.
   */
  private Optional<String> jobOf(String runId, String source) {
    try {
      return item(itemKey(s(runKey(runId)), s(sourceKey(source))))
          .map(reference -> reference.get("run_sk").s().split("#"))
          .filter(parts -> parts.length >= 4)
          .map(parts -> parts[2]);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<RunLease> lease(String job, String source) {
    return item(leaseKey(job, source))
        .map(lease -> new RunLease(job, source, lease.get("run_id").s(), expiresAt(lease)));
  }

  @Override
  public boolean release(RunLease lease) {
    return call(
        () -> {
          try {
            client.deleteItem(
                b ->
                    b.tableName(table)
                        .key(leaseKey(lease.job(), lease.source()))
                        .conditionExpression("run_id = :run")
                        .expressionAttributeValues(Map.of(":run", s(lease.runId()))));
            return true;
          } catch (ConditionalCheckFailedException e) {
            return false;
          }
        });
  }

  @Override
  public String describeItem(RunRecord run) {
    return describeKey(
        sourceKey(run.source()), runSortKey(run.startedAt(), run.job(), run.runId()));
  }

  private String describeKey(String pk, String sk) {
    return "ledger table '" + table + "', item pk=" + pk + ", sk=" + sk;
  }

  private InputFiles checkedInputFiles(String runId, String source, InputFiles files) {
    if (!files.fitsInline()) {
      throw LedgerErrors.inputFileListTooLarge(
          runId, source, files.inlineBytes(), InputFiles.MAX_INLINE_BYTES);
    }
    return files;
  }

  private static void putInputFiles(Map<String, AttributeValue> item, InputFiles files) {
    item.put("input_file_count", n(files.count()));
    item.put("input_bytes", n(files.bytes()));
    if (files.listLocation().isPresent()) {
      item.put("input_files_location", s(files.listLocation().get()));
    } else {
      item.put(
          "input_files",
          AttributeValue.fromL(files.paths().stream().map(DynamoDbRunLedger::s).toList()));
    }
  }

  private RunRecord toRecord(Map<String, AttributeValue> item) {
    InputFiles files =
        item.containsKey("input_files_location")
            ? InputFiles.stored(
                longValue(item, "input_file_count"),
                longValue(item, "input_bytes"),
                item.get("input_files_location").s())
            : new InputFiles(
                longValue(item, "input_file_count"),
                longValue(item, "input_bytes"),
                item.get("input_files").l().stream().map(AttributeValue::s).toList(),
                Optional.empty());
    Map<String, Double> quality = new LinkedHashMap<>();
    if (item.containsKey("quality")) {
      item.get("quality").m().forEach((k, v) -> quality.put(k, Double.parseDouble(v.n())));
    }
    return new RunRecord(
        item.get("run_id").s(),
        item.get("job").s(),
        item.get("source").s(),
        RunStatus.valueOf(item.get("status").s()),
        LedgerTime.parse(item.get("started_at").s()),
        Optional.ofNullable(item.get("ended_at")).map(v -> LedgerTime.parse(v.s())),
        files,
        item.containsKey("delta_version")
            ? OptionalLong.of(longValue(item, "delta_version"))
            : OptionalLong.empty(),
        toCounts(item.get("counts").m()),
        quality,
        Optional.ofNullable(item.get("error")).map(AttributeValue::s));
  }

  private static AttributeValue countsValue(BatchCounts counts) {
    Map<String, AttributeValue> reasons = new LinkedHashMap<>();
    counts.quarantinedByReason().forEach((k, v) -> reasons.put(k, n(v)));
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    map.put("files", n(counts.files()));
    map.put("read", n(counts.linesRead()));
    map.put("malformed", n(counts.malformed()));
    map.put("invalid", n(counts.invalid()));
    map.put("quarantined", n(counts.quarantined()));
    map.put("duplicates", n(counts.duplicates()));
    map.put("written", n(counts.written()));
    map.put("files_quarantined", n(counts.filesQuarantined()));
    map.put("quarantined_by_reason", AttributeValue.fromM(reasons));
    return AttributeValue.fromM(map);
  }

  private static BatchCounts toCounts(Map<String, AttributeValue> map) {
    Map<String, Long> reasons = new LinkedHashMap<>();
    map.get("quarantined_by_reason").m().forEach((k, v) -> reasons.put(k, Long.parseLong(v.n())));
    return new BatchCounts(
        longValue(map, "files"),
        longValue(map, "read"),
        longValue(map, "malformed"),
        longValue(map, "invalid"),
        longValue(map, "duplicates"),
        longValue(map, "written"),
        reasons,
        map.containsKey("files_quarantined") ? longValue(map, "files_quarantined") : 0);
  }

  private Put newItem(Map<String, AttributeValue> item) {
    return Put.builder()
        .tableName(table)
        .item(item)
        .conditionExpression("attribute_not_exists(" + LedgerKeys.PARTITION_KEY + ")")
        .build();
  }

  /** Adds {@code name = value} to an update; names go through placeholders (some are reserved). */
  private static void set(
      List<String> sets,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String name,
      AttributeValue value) {
    sets.add("#" + name + " = :" + name);
    names.put("#" + name, name);
    values.put(":" + name, value);
  }

  /** The item under {@code key}, read consistently; empty when there is none. */
  private Optional<Map<String, AttributeValue>> item(Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item =
        call(() -> client.getItem(b -> b.tableName(table).key(key).consistentRead(true))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** The key of the run item a run reference points at. */
  private static Map<String, AttributeValue> runItemKey(Map<String, AttributeValue> reference) {
    return itemKey(reference.get("run_pk"), reference.get("run_sk"));
  }

  /** The key of the item with partition key {@code pk} and sort key {@code sk}. */
  private static Map<String, AttributeValue> itemKey(AttributeValue pk, AttributeValue sk) {
    return Map.of(LedgerKeys.PARTITION_KEY, pk, LedgerKeys.SORT_KEY, sk);
  }

  private static Map<String, AttributeValue> leaseKey(String job, String source) {
    return itemKey(s(leasePartitionKey(job, source)), s(LEASE_SORT_KEY));
  }

  private static String leasePartitionKey(String job, String source) {
    return "LEASE#" + job + "#" + source;
  }

  /** A run item's sort key: runs of a source sort by their start. */
  private static String runSortKey(Instant startedAt, String job, String runId) {
    return "RUN#" + LedgerTime.format(startedAt) + "#" + job + "#" + runId;
  }

  private static String statusKey(RunStatus status) {
    return "STATUS#" + status;
  }

  /** When a lease item expires. */
  private static Instant expiresAt(Map<String, AttributeValue> lease) {
    return Instant.ofEpochSecond(Long.parseLong(lease.get(LedgerKeys.EXPIRES_AT).n()));
  }

  private static String sourceKey(String source) {
    return "SOURCE#" + source;
  }

  private static String runKey(String runId) {
    return "RUN#" + runId;
  }

  private static long longValue(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return limit;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue n(double value) {
    return AttributeValue.fromN(Double.toString(value));
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private <T> T call(Supplier<T> request) {
    return call(resource, request);
  }

  private static <T> T call(AwsResource resource, Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceNotFoundException e) {
      throw AwsFailures.translate(resource, e, true, MISSING_TABLE_FIX);
    } catch (SdkException e) {
      throw AwsFailures.translate(resource, e, false, MISSING_TABLE_FIX);
    }
  }
}
