package org.zonelake.core;

import java.util.List;

/** Names of the columns the lake adds to every processed and quarantine row. */
public final class LakeColumns {

  /** The source name. */
  public static final String SOURCE = "_source";

  /** The record's event time (UTC), parsed from the contract's event-time column. */
  public static final String EVENT_TIME = "_event_time";

  /** SHA-256 (hex) of the canonical typed record: the default de-duplication key. */
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

  /** The raw record verbatim (quarantine). */
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

  /**
   * What the replay found: {@code written} (inserted into processed), {@code duplicate} (processed
   * already held the record) or {@code failed} (the row still fails; it stays open).
   */
  public static final String REPLAY_OUTCOME = "_replay_outcome";

  /** The processed table version that holds a recovered row's record. */
  public static final String REPLAY_PROCESSED_VERSION = "_replay_processed_version";

  /** Why the row still failed when last replayed: one message per failed check (else empty). */
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
          RUN_ID);

  /**
   * The columns a replay of quarantine rows sets, after {@link #QUARANTINE_COLUMNS}: null on a row
   * no replay has touched. Tables of earlier versions gain them (Delta schema evolution).
   */
  public static final List<String> REPLAY_COLUMNS =
      List.of(
          REPLAYED_AT,
          REPLAY_RUN_ID,
          REPLAY_OUTCOME,
          REPLAY_PROCESSED_VERSION,
          REPLAY_REASONS,
          REPLAY_REASON_CODES);

  private LakeColumns() {}
}
