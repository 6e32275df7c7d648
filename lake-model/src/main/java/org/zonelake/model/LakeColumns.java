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

  /** The lake's columns by name, in the order they are declared below. */
  private static final Map<String, Column> DESCRIBED = new LinkedHashMap<>();

  /** The source name. */
  public static final String SOURCE = lakeColumn("_source", "string", "Source name");

  /** The record's event time (UTC), parsed from the contract's event-time column. */
  public static final String EVENT_TIME =
      lakeColumn(
          "_event_time", "timestamp", "Event time in UTC, from the contract's event-time column");

  /** Hash of the canonical typed record: the default de-duplication key. */
  public static final String RECORD_HASH =
      lakeColumn(
          "_record_hash",
          "string",
          "128-bit hash (32 hex digits) of the canonical record: the default de-duplication key");

  /** Share of the row's checks it passes, 0.0 to 1.0. */
  public static final String QUALITY_SCORE =
      lakeColumn("_quality_score", "double", "Share of the row's checks it passes, 0 to 1");

  /** Fields of the raw record the contract does not declare (schema drift), or null. */
  public static final String UNKNOWN_FIELDS =
      lakeColumn(
          "_unknown_fields",
          "map<string,string>",
          "Fields the contract does not declare (schema drift): a string as its text, any other"
              + " value as its JSON; null when none");

  /** When the raw file landed (its modification time). */
  public static final String INGESTED_AT =
      lakeColumn("_ingested_at", "timestamp", "When the raw file landed");

  /** When the run that wrote the row started. */
  public static final String PROCESSED_AT =
      lakeColumn("_processed_at", "timestamp", "Start of the run that wrote the row");

  /** The raw file the row was read from. */
  public static final String RAW_FILE =
      lakeColumn("_raw_file", "string", "The raw file the row came from");

  /** The run that wrote the row. */
  public static final String RUN_ID = lakeColumn("_run_id", "string", "The run that wrote the row");

  /** The raw record (quarantine): verbatim, except a parsed CSV record, which is re-quoted. */
  public static final String RAW_RECORD =
      lakeColumn(
          "_raw_record",
          "string",
          "The raw record: the line or JSON array element verbatim; a CSV record re-quoted when it"
              + " parsed");

  /** Why the row was quarantined: one message per failed check (quarantine). */
  public static final String REASONS =
      lakeColumn("_reasons", "array<string>", "One message per failed check");

  /** The check names of {@link #REASONS}, e.g. {@code type_cast} (quarantine). */
  public static final String REASON_CODES =
      lakeColumn("_reason_codes", "array<string>", "The names of the failed checks");

  /** When the row was quarantined (quarantine). */
  public static final String QUARANTINED_AT =
      lakeColumn("_quarantined_at", "timestamp", "When the row was quarantined");

  /** When a replay recovered the quarantine row (null while it is open). */
  public static final String REPLAYED_AT =
      lakeColumn(
          "_replayed_at", "timestamp", "When a replay recovered the row; null while it is open");

  /** The replay run that recovered the row, or that last recorded its new reasons. */
  public static final String REPLAY_RUN_ID =
      lakeColumn(
          "_replay_run_id", "string", "The replay run that recovered the row or last tried it");

  /** What the replay found: {@code written}, {@code duplicate} or {@code failed}. */
  public static final String REPLAY_OUTCOME =
      lakeColumn(
          "_replay_outcome", "string", "Replay outcome: written, duplicate or failed (still open)");

  /** The processed table version that holds a recovered row's record. */
  public static final String REPLAY_PROCESSED_VERSION =
      lakeColumn(
          "_replay_processed_version",
          "bigint",
          "The processed table version that holds a recovered row's record");

  /** Why the row still failed when last replayed. */
  public static final String REPLAY_REASONS =
      lakeColumn("_replay_reasons", "array<string>", "Why the row still failed when last replayed");

  /** The check names of {@link #REPLAY_REASONS}. */
  public static final String REPLAY_REASON_CODES =
      lakeColumn(
          "_replay_reason_codes", "array<string>", "The names of the checks it still failed");

  /** Partition column: year of the event time. */
  public static final String YEAR = lakeColumn("year", "int", "Event year (partition)");

  /** Partition column: month of the event time. */
  public static final String MONTH = lakeColumn("month", "int", "Event month (partition)");

  /** Partition column: day of month of the event time. */
  public static final String DAY = lakeColumn("day", "int", "Event day of month (partition)");

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

  private LakeColumns() {}

  /** Declares a lake column with its Glue type and catalog comment; returns its name. */
  private static String lakeColumn(String name, String glueType, String comment) {
    DESCRIBED.put(name, new Column(name, glueType, comment));
    return name;
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
