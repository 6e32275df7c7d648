package org.zonelake.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns the lake adds to every processed and quarantine row, with their Glue (Hive) types and
 * what they hold. The names are those the jobs write; the types are those of the Delta tables they
 * write ({@code DataType.catalogString()} in Spark's words).
 */
public final class LakeColumns {

  /** The source name. */
  public static final String SOURCE = "_source";

  /** The record's event time (UTC), parsed from the contract's event-time column. */
  public static final String EVENT_TIME = "_event_time";

  /** Hash of the canonical typed record: the default de-duplication key. */
  public static final String RECORD_HASH = "_record_hash";

  /** Share of the row's checks it passes, 0.0 to 1.0. */
  public static final String QUALITY_SCORE = "_quality_score";

  /** Fields of the raw record the contract does not declare (schema drift), or null. */
  public static final String UNKNOWN_FIELDS = "_unknown_fields";

  /** When the raw file landed (its modification time). */
  public static final String INGESTED_AT = "_ingested_at";

  /** When the run that wrote the row started. */
  public static final String PROCESSED_AT = "_processed_at";

  /** The raw file the row was read from. */
  public static final String RAW_FILE = "_raw_file";

  /** The run that wrote the row. */
  public static final String RUN_ID = "_run_id";

  /** The raw record (quarantine): verbatim, except a parsed CSV record, which is re-quoted. */
  public static final String RAW_RECORD = "_raw_record";

  /** Why the row was quarantined: one message per failed check (quarantine). */
  public static final String REASONS = "_reasons";

  /** The check names of {@link #REASONS}, e.g. {@code type_cast} (quarantine). */
  public static final String REASON_CODES = "_reason_codes";

  /** When the row was quarantined (quarantine). */
  public static final String QUARANTINED_AT = "_quarantined_at";

  /** When a replay recovered the quarantine row (null while it is open). */
  public static final String REPLAYED_AT = "_replayed_at";

  /** The replay run that recovered the row, or that last recorded its new reasons. */
  public static final String REPLAY_RUN_ID = "_replay_run_id";

  /** What the replay found: {@code written}, {@code duplicate} or {@code failed}. */
  public static final String REPLAY_OUTCOME = "_replay_outcome";

  /** The processed table version that holds a recovered row's record. */
  public static final String REPLAY_PROCESSED_VERSION = "_replay_processed_version";

  /** Why the row still failed when last replayed. */
  public static final String REPLAY_REASONS = "_replay_reasons";

  /** The check names of {@link #REPLAY_REASONS}. */
  public static final String REPLAY_REASON_CODES = "_replay_reason_codes";

  /** Partition column: year of the event time. */
  public static final String YEAR = "year";

  /** Partition column: month of the event time. */
  public static final String MONTH = "month";

  /** Partition column: day of month of the event time. */
  public static final String DAY = "day";

  /** The partition columns of processed tables, in order. */
  public static final List<String> PARTITION_COLUMNS = List.of(YEAR, MONTH, DAY);

  /** The envelope columns of a processed row, in table order, after the contract's columns. */
  public static final List<String> PROCESSED_ENVELOPE =
      List.of(
          SOURCE,
          EVENT_TIME,
          RECORD_HASH,
          QUALITY_SCORE,
          UNKNOWN_FIELDS,
          INGESTED_AT,
          PROCESSED_AT,
          RAW_FILE,
          RUN_ID,
          YEAR,
          MONTH,
          DAY);

  /** The columns of a quarantine row, in table order. */
  public static final List<String> QUARANTINE_COLUMNS =
      List.of(
          SOURCE,
          RAW_RECORD,
          REASONS,
          REASON_CODES,
          QUALITY_SCORE,
          EVENT_TIME,
          RAW_FILE,
          INGESTED_AT,
          QUARANTINED_AT,
          RUN_ID,
          REPLAYED_AT,
          REPLAY_RUN_ID,
          REPLAY_OUTCOME,
          REPLAY_PROCESSED_VERSION,
          REPLAY_REASONS,
          REPLAY_REASON_CODES);

  /**
   * The quarantine columns a replay sets, the last of {@link #QUARANTINE_COLUMNS}: null while a row
   * was never replayed.
   */
  public static final List<String> REPLAY_COLUMNS =
      QUARANTINE_COLUMNS.subList(
          QUARANTINE_COLUMNS.indexOf(REPLAYED_AT), QUARANTINE_COLUMNS.size());

  /**
   * A column of a catalogued table.
   *
   * @param name the column name
   * @param glueType its type as the Glue Data Catalog names it, e.g. {@code decimal(10,2)}
   * @param comment what it holds
   */
  public record Column(String name, String glueType, String comment) {

    /** Checks nothing is null. */
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(glueType, "glueType");
      Objects.requireNonNull(comment, "comment");
    }
  }

  private static final Map<String, Column> DESCRIBED = new LinkedHashMap<>();

  static {
    describe(SOURCE, "string", "Source name");
    describe(EVENT_TIME, "timestamp", "Event time in UTC, from the contract's event-time column");
    describe(
        RECORD_HASH,
        "string",
        "128-bit hash (32 hex digits) of the canonical record: the default de-duplication key");
    describe(QUALITY_SCORE, "double", "Share of the row's checks it passes, 0 to 1");
    describe(
        UNKNOWN_FIELDS,
        "map<string,string>",
        "Fields the contract does not declare (schema drift), verbatim; null when none");
    describe(INGESTED_AT, "timestamp", "When the raw file landed");
    describe(PROCESSED_AT, "timestamp", "Start of the run that wrote the row");
    describe(RAW_FILE, "string", "The raw file the row came from");
    describe(RUN_ID, "string", "The run that wrote the row");
    describe(
        RAW_RECORD,
        "string",
        "The raw record: the line or JSON array element verbatim; a CSV record re-quoted when it"
            + " parsed");
    describe(REASONS, "array<string>", "One message per failed check");
    describe(REASON_CODES, "array<string>", "The names of the failed checks");
    describe(QUARANTINED_AT, "timestamp", "When the row was quarantined");
    describe(REPLAYED_AT, "timestamp", "When a replay recovered the row; null while it is open");
    describe(REPLAY_RUN_ID, "string", "The replay run that recovered the row or last tried it");
    describe(REPLAY_OUTCOME, "string", "Replay outcome: written, duplicate or failed (still open)");
    describe(
        REPLAY_PROCESSED_VERSION,
        "bigint",
        "The processed table version that holds a recovered row's record");
    describe(REPLAY_REASONS, "array<string>", "Why the row still failed when last replayed");
    describe(REPLAY_REASON_CODES, "array<string>", "The names of the checks it still failed");
    describe(YEAR, "int", "Event year (partition)");
    describe(MONTH, "int", "Event month (partition)");
    describe(DAY, "int", "Event day of month (partition)");
  }

  private LakeColumns() {}

  private static void describe(String name, String glueType, String comment) {
    DESCRIBED.put(name, new Column(name, glueType, comment));
  }

  /**
   * The type and meaning of a column the lake adds.
   *
   * @throws IllegalArgumentException for a name that is not one of the lake's columns
   */
  public static Column column(String name) {
    Column column = DESCRIBED.get(name);
    if (column == null) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a column the lake adds; known: " + DESCRIBED.keySet());
    }
    return column;
  }

  /**
   * The columns of {@code processed_<source>}: the contract's typed columns, then the envelope
   * (partition columns last).
   */
  public static List<Column> processed(ContractDescriptor contract) {
    List<Column> columns =
        new java.util.ArrayList<>(
            contract.columns().stream().map(f -> contractColumn(contract, f)).toList());
    PROCESSED_ENVELOPE.forEach(name -> columns.add(column(name)));
    return List.copyOf(columns);
  }

  /** The columns of {@code quarantine_<source>} (the same for every source). */
  public static List<Column> quarantine() {
    return QUARANTINE_COLUMNS.stream().map(LakeColumns::column).toList();
  }

  private static Column contractColumn(ContractDescriptor contract, SparkDdl.Field field) {
    String comment =
        field
            .comment()
            .orElseGet(
                () -> {
                  StringBuilder text =
                      new StringBuilder("From the ").append(contract.source()).append(" contract");
                  if (field.name().equals(contract.eventTime().column())) {
                    text.append("; the event time");
                  }
                  if (contract.isRequired(field.name())) {
                    text.append("; required");
                  }
                  if (contract.measures().contains(field.name())) {
                    text.append("; a measure");
                  }
                  return text.toString();
                });
    return new Column(field.name(), field.type().glueType(), comment);
  }
}
