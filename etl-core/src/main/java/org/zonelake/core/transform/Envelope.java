package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.spark.HexDigits;
import org.zonelake.model.LakeColumns;

/**
 * Envelope columns: the record hash, the partition columns and the run's bookkeeping. Each method
 * returns a transform for {@link Dataset#transform}; none reads or writes anything.
 */
public final class Envelope {

  private static final Map<String, String> CANONICAL_JSON =
      Map.of("timeZone", "UTC", "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private Envelope() {}

  /** The internal dedupe key, high 64 bits (not stored in tables). */
  public static final String KEY_HI = "_key_hi";

  /** The internal dedupe key, low 64 bits (not stored in tables). */
  public static final String KEY_LO = "_key_lo";

  /**
   * Adds {@code _record_hash}: 128 bits (32 hex digits) identifying the canonical record, i.e. the
   * contract's typed columns in schema order (nested values as JSON, timestamps as UTC instants),
   * which of them are null, and any unknown fields sorted by name. Two records that differ only in
   * formatting ({@code 10} vs {@code 10.0} for a DOUBLE, field order, whitespace) hash the same;
   * 128 bits make an accidental collision among 10^10 records about 10^-19 likely.
   *
   * <p>The hash is two 64-bit xxHash64 digests of the typed values with different seeds: computed
   * on the values themselves (no JSON rendering of the record), fixed width, and cheap to compare,
   * shuffle and keep in a hash set.
   */
  public static Function<Dataset<Row>, Dataset<Row>> withRecordHash(DatasetContract contract) {
    return rows -> {
      List<Column> values = canonical(contract);
      Column hi = fingerprint(HI_SEED, values);
      Column lo = fingerprint(LO_SEED, values);
      return rows.withColumn(LakeColumns.RECORD_HASH, HexDigits.of128(hi, lo));
    };
  }

  /**
   * Adds the dedupe key as two LONG columns {@link #KEY_HI} and {@link #KEY_LO}: rows with equal
   * keys are duplicates. It is the record hash ({@link #withRecordHash}) when the contract
   * de-duplicates on the whole record, else the 128-bit fingerprint of its {@code dedupe_key}
   * columns and the event day: a {@code dedupe_key} identifies a record within its event day, as
   * the processed table is compared with a batch on the batch's days only, so the same key on
   * another day is another record, whichever batch brings it. A record whose key columns are all
   * null is identified by its whole content instead (else all such records of a day would be
   * duplicates of the first).
   */
  public static Function<Dataset<Row>, Dataset<Row>> withDedupeKey(DatasetContract contract) {
    return rows -> {
      List<Column> record = canonical(contract);
      if (contract.dedupesOnRecordHash()) {
        return AddedColumns.of(KEY_HI, fingerprint(HI_SEED, record))
            .and(KEY_LO, fingerprint(LO_SEED, record))
            .to(rows);
      }
      List<Column> key = new ArrayList<>();
      Column noKey = lit(true);
      for (String column : contract.dedupeKey()) {
        key.add(col(column));
        noKey = noKey.and(col(column).isNull());
      }
      key.add(to_date(col(LakeColumns.EVENT_TIME)));
      List<Column> keyed = withNullFlags(key);
      return AddedColumns.of(
              KEY_HI,
              when(noKey, fingerprint(HI_SEED, record)).otherwise(fingerprint(HI_SEED, keyed)))
          .and(
              KEY_LO,
              when(noKey, fingerprint(LO_SEED, record)).otherwise(fingerprint(LO_SEED, keyed)))
          .to(rows);
    };
  }

  /**
   * The dedupe key of rows read back from a processed table, equal to the one {@link
   * #withDedupeKey} gave them: from the stored {@code _record_hash}, or from the key columns.
   */
  public static Function<Dataset<Row>, Dataset<Row>> storedDedupeKey(DatasetContract contract) {
    if (!contract.dedupesOnRecordHash()) {
      return withDedupeKey(contract);
    }
    return rows -> {
      Column hash = col(LakeColumns.RECORD_HASH);
      Dataset<Row> unsigned =
          AddedColumns.of(KEY_HI, conv(substring(hash, 1, 16), 16, 10).cast("decimal(20,0)"))
              .and(KEY_LO, conv(substring(hash, 17, 16), 16, 10).cast("decimal(20,0)"))
              .to(rows);
      return AddedColumns.of(KEY_HI, signed(col(KEY_HI)))
          .and(KEY_LO, signed(col(KEY_LO)))
          .to(unsigned);
    };
  }

  /** An unsigned 64-bit value (as DECIMAL(20,0)) back into the signed LONG it was printed from. */
  private static Column signed(Column unsigned) {
    return when(
            unsigned.geq(lit(new java.math.BigDecimal("9223372036854775808"))),
            unsigned.minus(lit(new java.math.BigDecimal("18446744073709551616"))))
        .otherwise(unsigned)
        .cast("long");
  }

  private static final long HI_SEED = 0x5A4F4E454C414B45L;
  private static final long LO_SEED = 0x7265636F72643132L;

  /** The record's values as hash inputs, in schema order, then unknown fields and null flags. */
  private static List<Column> canonical(DatasetContract contract) {
    List<Column> values = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      values.add(hashable(col(field.name()), field.dataType()));
    }
    Column unknown = col(LakeColumns.UNKNOWN_FIELDS);
    values.add(
        when(size(unknown).gt(0), to_json(array_sort(map_entries(unknown)), CANONICAL_JSON)));
    return withNullFlags(values);
  }

  /**
   * xxHash64 skips null inputs, so (null, "a") and ("a", null) would hash alike: a bit per input
   * saying which are null makes the positions unambiguous.
   */
  private static List<Column> withNullFlags(List<Column> values) {
    List<Column> inputs = new ArrayList<>();
    for (int start = 0; start < values.size(); start += 63) {
      Column flags = lit(0L);
      for (int i = start; i < Math.min(values.size(), start + 63); i++) {
        flags = flags.bitwiseOR(when(values.get(i).isNull(), lit(1L << (i - start))).otherwise(0L));
      }
      inputs.add(flags);
    }
    inputs.addAll(values);
    return inputs;
  }

  /**
   * A value the hash can take as it is: atomic values hash by their typed value; nested ones (whose
   * null elements xxHash64 would skip) by their canonical JSON.
   */
  private static Column hashable(Column value, DataType type) {
    return type instanceof AtomicType ? value : to_json(value, CANONICAL_JSON);
  }

  private static Column fingerprint(long seed, List<Column> inputs) {
    List<Column> seeded = new ArrayList<>();
    seeded.add(lit(seed));
    seeded.addAll(inputs);
    return xxhash64(seeded.toArray(Column[]::new));
  }

  /**
   * Adds {@code year}, {@code month}, {@code day} of {@code _event_time} in the session time zone.
   */
  public static Function<Dataset<Row>, Dataset<Row>> withPartitionColumns() {
    return rows -> {
      Column eventTime = col(LakeColumns.EVENT_TIME);
      return AddedColumns.of(LakeColumns.YEAR, year(eventTime))
          .and(LakeColumns.MONTH, month(eventTime))
          .and(LakeColumns.DAY, dayofmonth(eventTime))
          .to(rows);
    };
  }

  /** Adds {@code _source}, {@code _run_id} and {@code _processed_at} (the run's start). */
  public static Function<Dataset<Row>, Dataset<Row>> withRunColumns(
      String source, String runId, Instant processedAt) {
    return rows ->
        AddedColumns.of(LakeColumns.SOURCE, lit(source))
            .and(LakeColumns.RUN_ID, lit(runId))
            .and(LakeColumns.PROCESSED_AT, lit(Timestamp.from(processedAt)))
            .to(rows);
  }

  /** Keeps the rows without reasons, in the processed table's column order. */
  public static Function<Dataset<Row>, Dataset<Row>> validRows(DatasetContract contract) {
    return rows -> {
      List<Column> columns = new ArrayList<>();
      contract.columnNames().forEach(c -> columns.add(col(c)));
      LakeColumns.PROCESSED_ENVELOPE.forEach(c -> columns.add(col(c)));
      return rows.where(size(col(LakeColumns.REASONS)).equalTo(0))
          .select(columns.toArray(Column[]::new));
    };
  }

  /**
   * Keeps the rows with reasons, in the quarantine table's column order: {@link
   * LakeColumns#QUARANTINE_COLUMNS}, whose {@link LakeColumns#REPLAY_COLUMNS} are null (open).
   */
  public static Function<Dataset<Row>, Dataset<Row>> quarantineRows() {
    // One projection: the quarantine time and the open replay columns are computed in the select.
    Map<String, Column> computed = new HashMap<>();
    computed.put(LakeColumns.QUARANTINED_AT, col(LakeColumns.PROCESSED_AT));
    for (StructField field : ReplayColumns.SCHEMA.fields()) {
      computed.put(field.name(), lit(null).cast(field.dataType()));
    }
    Column[] columns =
        LakeColumns.QUARANTINE_COLUMNS.stream()
            .map(c -> computed.containsKey(c) ? computed.get(c).as(c) : col(c))
            .toArray(Column[]::new);
    return rows -> rows.where(size(col(LakeColumns.REASONS)).gt(0)).select(columns);
  }

  /** Drops rows whose de-duplication key repeats an earlier row of the same dataset. */
  public static Function<Dataset<Row>, Dataset<Row>> dropDuplicateRecords(
      DatasetContract contract) {
    List<String> key = dedupeColumns(contract);
    return rows -> rows.dropDuplicates(key.toArray(String[]::new));
  }

  /** The columns identifying a record: the contract's key, or the record hash. */
  public static List<String> dedupeColumns(DatasetContract contract) {
    return contract.dedupesOnRecordHash() ? List.of(LakeColumns.RECORD_HASH) : contract.dedupeKey();
  }
}
