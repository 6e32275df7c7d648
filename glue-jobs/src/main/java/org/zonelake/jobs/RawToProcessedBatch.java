package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.batch.BatchStatistics;
import org.zonelake.core.batch.KeyedBatch;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.QuarantinedFile;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.metrics.ReasonCounts;
import org.zonelake.core.read.RawFileProbe;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.RawParsing;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.core.transform.RecordValidation;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.LakeColumns;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.QualityPlan;
import org.zonelake.quality.RuleResult;

/**
 * One batch (one manifest) of raw to processed for one source, in one pass over the raw files:
 *
 * <ol>
 *   <li>read the manifest's files, parse, check, decide the row-level rules, hash, and shuffle the
 *       rows once by their dedupe key ({@link KeyedBatch});
 *   <li>write the quarantine rows, counting every record on the way (observed metrics);
 *   <li>write the first row of each key the processed table does not hold yet, measuring the batch
 *       metrics of the quality rules on the way;
 *   <li>decide the quality rules; a failed {@code fail} rule stops the batch before any commit;
 *   <li>commit quarantine, batch statistics, quality history and processed rows, each with the
 *       manifest's number as its idempotent-write version, processed last.
 * </ol>
 *
 * <p>Nothing is cached: jobs after the first read the shuffle's output. Retried with the same
 * manifest after a failure between commits, the batch commits only what is missing.
 */
final class RawToProcessedBatch {

  /** Classified rows: true when the record passed the contract's checks. */
  static final String CHECKED = "_checked";

  /** Where the batch read a row, for a business key's rows only (the first to land is kept). */
  private static final String POSITION = "_position";

  private static final String COUNTS = "counts";
  private static final String QUALITY = "quality";
  private static final String JOB_DESCRIPTION = "spark.job.description";

  /** The quality rules of the source and where their results go. */
  interface BatchQuality {

    /** The compiled rules. */
    QualityPlan plan();

    /** Decides the rules from the batch aggregates (and the checked rows, for key rules). */
    QualityOutcome decide(Row aggregates, Dataset<Row> checkedRows, long batch);

    /**
     * Records the outcome; {@code committed} is false when a fail rule stopped the batch, {@code
     * retry} true when an earlier attempt of the batch may have recorded it already.
     */
    void record(QualityOutcome outcome, long batch, boolean retry, boolean committed);
  }

  /**
   * What one batch did.
   *
   * @param counts what happened to its records
   * @param scores the quality scores of all records read
   * @param warnings the rules with action warn the batch did not pass
   * @param processedVersion the processed table's version the batch committed, if any
   */
  record Result(
      BatchCounts counts,
      QualityScores scores,
      List<RuleResult> warnings,
      OptionalLong processedVersion) {}

  private final SparkSession spark;
  private final DatasetContract contract;
  private final LakeLayout layout;
  private final TableFormat format;
  private final String runId;
  private final Instant startedAt;
  private final BatchQuality quality;
  private Runnable beforeCommit = () -> {};

  /** The batches of {@code contract}'s source in the run {@code config} describes. */
  RawToProcessedBatch(
      SparkSession spark,
      DatasetContract contract,
      RawToProcessedConfig config,
      Instant startedAt,
      BatchQuality quality) {
    this.spark = spark;
    this.contract = contract;
    this.layout = config.layout();
    this.format = config.format();
    this.runId = config.runId();
    this.startedAt = startedAt;
    this.quality = quality;
  }

  /**
   * Runs {@code check} before the batch's first commit (the run renews its lease there, and stops
   * when it cannot).
   */
  RawToProcessedBatch beforeCommit(Runnable check) {
    this.beforeCommit = check;
    return this;
  }

  /**
   * Parses, checks, decides the row-level rules, hashes and keys raw reader rows: every column the
   * batch's outputs need, before the split into quarantine and processed rows.
   */
  static Dataset<Row> classify(Dataset<Row> raw, DatasetContract contract, QualityPlan quality) {
    Column spread = xxhash64(col(LakeColumns.RAW_RECORD), col(LakeColumns.RAW_FILE));
    Column rejected = size(col(LakeColumns.REASONS)).gt(0);
    return raw.transform(RawParsing.forContract(contract)::apply)
        .transform(RecordValidation.forContract(contract)::apply)
        .withColumn(CHECKED, size(col(LakeColumns.REASONS)).equalTo(0))
        .transform(
            quality.withRowOutcomes(col(CHECKED), RecordValidation.checkCount(contract))::apply)
        .transform(Envelope.withRecordHash(contract)::apply)
        .transform(Envelope.withDedupeKey(contract)::apply)
        .transform(Envelope.withPartitionColumns()::apply)
        // Rejected rows only need spreading over the partitions; valid rows need their text no
        // more (it is only kept in quarantine).
        .transform(
            AddedColumns.of(Envelope.KEY_HI, when(rejected, spread).otherwise(col(Envelope.KEY_HI)))
                    .and(LakeColumns.RAW_RECORD, when(rejected, col(LakeColumns.RAW_RECORD)))
                ::to)
        // A business key's first record is the first to land: each row keeps where its task read
        // it (a file's records in their order; nothing above reorders or drops rows).
        .transform(
            rows ->
                contract.dedupesOnRecordHash()
                    ? rows
                    : rows.withColumn(POSITION, monotonically_increasing_id()));
  }

  /**
   * Processes one manifest and returns what happened to its records.
   *
   * @param retry true when an earlier run took the manifest and may have committed some tables
   */
  Result process(Manifest manifest, boolean retry) {
    SparkContext context = spark.sparkContext();
    String description = context.getLocalProperty(JOB_DESCRIPTION);
    try {
      return process(manifest, retry, step -> describe(context, manifest.number(), step));
    } finally {
      context.setLocalProperty(JOB_DESCRIPTION, description);
    }
  }

  /**
   * Names the Spark jobs of each step ({@code <source> batch <n>: <step>}), so the Spark UI, the
   * event log and listeners tell where a batch spends its time.
   */
  private void describe(SparkContext context, long batch, String step) {
    context.setLocalProperty(JOB_DESCRIPTION, contract.source() + " batch " + batch + ": " + step);
  }

  private Result process(Manifest manifest, boolean retry, Consumer<String> step) {
    String source = contract.source();
    long number = manifest.number();
    QualityPlan plan = quality.plan();
    step.accept("read, parse, check and split");
    TableFormat.Append quarantine =
        format.append(
            spark, layout.quarantineTable(source), List.of(), appId("quarantine"), number);
    boolean quarantineDone = retry && quarantine.alreadyCommitted();
    KeyedBatch batch;
    Dataset<Row> rows;
    Dataset<Row> counted;
    try {
      // Planning the read and the first job that reads the raw files: where a file that cannot be
      // read fails the batch.
      Dataset<Row> classified =
          classify(RawReader.read(spark, contract, manifest.paths()), contract, plan);
      batch = KeyedBatch.shuffle(classified, partitions(manifest));
      rows = batch.rows().transform(Envelope.withRunColumns(source, runId, startedAt)::apply);
      counted = rows.observe(COUNTS, counts()[0], tail(counts()));
      Dataset<Row> rejected =
          SparkInternals.planned(counted).transform(Envelope.quarantineRows()::apply);
      if (quarantineDone) {
        SparkInternals.execute(rejected);
      } else {
        quarantine.write(rejected);
      }
    } catch (Exception e) {
      // Spark throws checked exceptions undeclared.
      throw unreadableFiles(manifest, quarantineDone, e);
    }
    StepHooks.reached("quarantine-written", source);
    Row c = SparkInternals.observedMetrics(counted).get(COUNTS);
    long lines = longAt(c, 0);
    long quarantined = longAt(c, 1);
    QualityScores scores = QualityScores.read(c, 2);
    int firstReason = 2 + QualityScores.COLUMNS;
    Map<String, Long> reasons = ReasonCounts.read(c, firstReason);
    long malformed = reasons.getOrDefault(ReasonCodes.MALFORMED, 0L);
    List<DayKey> days = new ArrayList<>();
    for (Row d : c.<Row>getList(firstReason + ReasonCounts.COLUMNS)) {
      days.add(DayKey.of(d));
    }

    step.accept("de-duplicate and write processed rows");
    String processedPath = layout.processedTable(source);
    Dataset<Row> checked = rows.where(col(CHECKED));
    if (!contract.dedupesOnRecordHash()) {
      // Of the records with one business key, the first to land is kept: rows of a key follow
      // each other in the order their files landed and, within a file, their order in it. (The
      // shuffle delivers the rows of different files in no set order; equal records, the record
      // hash's duplicates, need none.) The sort keeps the shuffle's partitions.
      checked =
          checked.sortWithinPartitions(
              col(Envelope.KEY_HI),
              col(Envelope.KEY_LO),
              col(LakeColumns.INGESTED_AT),
              col(LakeColumns.RAW_FILE),
              col(POSITION));
    }
    Dataset<Row> measured =
        checked.observe(QUALITY, plan.aggregates().get(0), tail(plan.aggregates()));
    Dataset<Row> candidates = measured.where(size(col(LakeColumns.REASONS)).equalTo(0));
    KeyedBatch.FirstOccurrences first =
        batch.firstOccurrences(candidates, existingKeys(processedPath, days));
    TableFormat.Append processed =
        format.append(
            spark, processedPath, LakeColumns.PARTITION_COLUMNS, appId("processed"), number);
    long written = processed.write(first.rows().transform(Envelope.validRows(contract)::apply));
    // The metrics were observed by the plan the write ran: the candidates'.
    Row measuredRow = SparkInternals.observedMetrics(candidates).get(QUALITY);
    StepHooks.reached("processed-written", source);

    step.accept("quality rules");
    // A batch whose every file is in file quarantine read no record: its rules have nothing to
    // judge (a fail rule such as RowCount > 0 would otherwise hold the source at that batch for
    // good), and an empty batch must not enter the metric history of the dynamic rules.
    Optional<QualityOutcome> outcome =
        manifest.readable().isEmpty()
            ? Optional.empty()
            : Optional.of(quality.decide(measuredRow, checked, number));
    if (outcome.isPresent() && !outcome.get().failures().isEmpty()) {
      quality.record(outcome.get(), number, retry, false);
      outcome
          .get()
          .requirePassed(
              source,
              manifest.readable().stream().map(RawFile::path).toList(),
              "read "
                  + lines
                  + " record(s), "
                  + quarantined
                  + " of them to quarantine"
                  + (reasons.isEmpty() ? "" : " (" + new TreeMap<>(reasons) + ")")
                  + (manifest.quarantined().isEmpty()
                      ? ""
                      : "; " + manifest.quarantined().size() + " file(s) went to file quarantine"));
    }

    step.accept("commit");
    beforeCommit.run();
    StepHooks.reached("lease-renewed", source);
    if (!quarantineDone) {
      quarantine.commit();
    }
    StepHooks.reached("quarantine-committed", source);
    List<Row> perDay = new ArrayList<>();
    first
        .candidatesPerDay()
        .forEach(
            (day, n) ->
                perDay.add(
                    RowFactory.create(day.year(), day.month(), day.day(), n, runId, number)));
    if (!perDay.isEmpty()) {
      TableFormat.Append statistics =
          format.append(spark, layout.statistics(source), List.of(), appId("statistics"), number);
      if (!retry || !statistics.alreadyCommitted()) {
        statistics.write(spark.createDataFrame(perDay, BatchStatistics.SCHEMA).coalesce(1));
        statistics.commit();
      }
    }
    StepHooks.reached("statistics-committed", source);
    if (!manifest.quarantined().isEmpty()) {
      String files = layout.fileQuarantine(source);
      format.createIfMissing(spark, files, FileQuarantine.SCHEMA, List.of());
      TableFormat.Append append =
          format.append(spark, files, List.of(), appId("file-quarantine"), number);
      if (!retry || !append.alreadyCommitted()) {
        append.write(
            FileQuarantine.rows(
                spark, manifest.quarantined(), FileQuarantine.QUARANTINED, runId, number));
        append.commit();
      }
    }
    StepHooks.reached("file-quarantine-committed", source);
    outcome.ifPresent(o -> quality.record(o, number, retry, true));
    StepHooks.reached("quality-recorded", source);
    OptionalLong version = processed.commit();
    StepHooks.reached("processed-committed", source);
    long valid = lines - quarantined;
    BatchCounts counts =
        new BatchCounts(
            manifest.readable().size(),
            lines,
            malformed,
            quarantined - malformed,
            valid - written,
            written,
            reasons,
            manifest.quarantined().size());
    return new Result(
        counts, scores, outcome.map(QualityOutcome::warnings).orElse(List.of()), version);
  }

  /**
   * The failure of the batch's first read, when files of the batch cannot be read at all: {@link
   * UnreadableFiles} naming them, for the caller to quarantine them and take the batch again. When
   * every file reads, the failure is something else and is returned as it is.
   */
  private RuntimeException unreadableFiles(
      Manifest manifest, boolean partlyCommitted, Exception failure) {
    // A run asked to stop failed because its jobs were cancelled: no file to look for.
    List<QuarantinedFile> bad =
        RunStop.requested()
            ? List.of()
            : RawFileProbe.of(spark, contract).unreadable(manifest.readable());
    if (bad.isEmpty()) {
      return failure instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(failure.getMessage(), failure);
    }
    if (partlyCommitted) {
      // The files were read when the batch committed its first table; leaving them out now would
      // commit the rest of the batch without their rows.
      return LakeErrors.rawFileLostAfterCommit(
          contract.source(), manifest.number(), bad.get(0).path(), bad.get(0).reason());
    }
    return new UnreadableFiles(bad);
  }

  /** Files of a batch that cannot be read at all; nothing of the batch was committed. */
  static final class UnreadableFiles extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<QuarantinedFile> files;

    UnreadableFiles(List<QuarantinedFile> files) {
      super(files.size() + " raw file(s) cannot be read: " + files.get(0).path());
      this.files = List.copyOf(files);
    }

    /** The files and why each cannot be read. */
    List<QuarantinedFile> files() {
      return files;
    }
  }

  /** A long aggregate of the observed metrics; null (no rows at all) counts as 0. */
  private static long longAt(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }

  /**
   * The keys the processed table already holds in the event days the batch touches (only the key
   * columns are read), or null when it holds none of those days.
   */
  private Dataset<Row> existingKeys(String path, List<DayKey> days) {
    if (days.isEmpty() || !format.exists(spark, path)) {
      return null;
    }
    if (format.version(spark, path).orElse(1) == 0) {
      // Version 0 is the table's creation: it holds no rows yet.
      return null;
    }
    Dataset<Row> table = format.read(spark, path);
    Dataset<Row> inDays = table.where(DayKey.predicate(days));
    return inDays.transform(Envelope.storedDedupeKey(contract)::apply);
  }

  /** Shuffle partitions for a batch: one per 32 MB of raw input, at least one. */
  private int partitions(Manifest manifest) {
    long perPartition = 32L << 20;
    int byBytes = (int) Math.min(10_000, (manifest.bytes() + perPartition - 1) / perPartition);
    int cores = spark.sparkContext().defaultParallelism();
    return Math.max(1, manifest.bytes() >= perPartition ? Math.max(byBytes, cores) : byBytes);
  }

  private String appId(String table) {
    return SourceTables.appId(table, contract.source());
  }

  /**
   * Observed over every row: lines, quarantined, the quality scores (their sum and one count per
   * band), one count per reason code, and the event days of the valid rows.
   */
  private static Column[] counts() {
    Column rejected = size(col(LakeColumns.REASONS)).gt(0);
    List<Column> columns = new ArrayList<>();
    columns.add(count(lit(1)).as("lines"));
    columns.add(sum(when(rejected, 1L).otherwise(0L)).as("quarantined"));
    columns.addAll(QualityScores.aggregates());
    columns.addAll(ReasonCounts.aggregates(lit(true)));
    columns.add(
        collect_set(
                when(
                    col(LakeColumns.YEAR).isNotNull().and(not(rejected)),
                    struct(col(LakeColumns.YEAR), col(LakeColumns.MONTH), col(LakeColumns.DAY))))
            .as("days"));
    return columns.toArray(Column[]::new);
  }

  private static Column[] tail(Column[] columns) {
    Column[] rest = new Column[columns.length - 1];
    System.arraycopy(columns, 1, rest, 0, rest.length);
    return rest;
  }

  private static Column[] tail(List<Column> columns) {
    return columns.subList(1, columns.size()).toArray(Column[]::new);
  }
}
