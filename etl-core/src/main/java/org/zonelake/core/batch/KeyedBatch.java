package org.zonelake.core.batch;

import static org.apache.spark.sql.functions.col;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.core.transform.Envelope;
import org.zonelake.model.LakeColumns;

/**
 * The rows of one batch after a single shuffle by their dedupe key ({@link Envelope#KEY_HI}, {@link
 * Envelope#KEY_LO}), read as often as needed without computing them again: every job over {@link
 * #rows()} reads the shuffle's output, so the raw input is parsed once, however many tables and
 * checks consume it, and nothing is cached.
 *
 * <p>Because rows with equal keys share a partition, {@link #firstOccurrences} de-duplicates the
 * batch and removes keys a table already holds in the same pass that writes, without another
 * shuffle or a sort.
 */
public final class KeyedBatch {

  private final SparkSession spark;
  private final StructType schema;
  private final RDD<InternalRow> shuffled;
  private final int partitions;

  private KeyedBatch(
      SparkSession spark, StructType schema, RDD<InternalRow> shuffled, int partitions) {
    this.spark = spark;
    this.schema = schema;
    this.shuffled = shuffled;
    this.partitions = partitions;
  }

  /**
   * Shuffles {@code rows} (which must have the dedupe key columns) into {@code partitions}
   * partitions by key. Nothing runs until a job reads {@link #rows()}; the first job computes the
   * shuffle, later ones read its output.
   */
  public static KeyedBatch shuffle(Dataset<Row> rows, int partitions) {
    Dataset<Row> keyed = rows.repartition(partitions, col(Envelope.KEY_HI), col(Envelope.KEY_LO));
    return new KeyedBatch(
        rows.sparkSession(), keyed.schema(), SparkInternals.toRdd(keyed), partitions);
  }

  /** The batch's rows, read from the shuffle's output. */
  public Dataset<Row> rows() {
    return SparkInternals.fromRdd(spark, shuffled, schema);
  }

  /** The number of partitions of the shuffle. */
  public int partitions() {
    return partitions;
  }

  /**
   * The first row of each key among {@code candidates}, leaving out keys in {@code existingKeys}.
   * Lazy: the returned rows are computed (and {@link FirstOccurrences}' counts filled) by the job
   * that reads them, which must read them once.
   *
   * @param candidates rows derived from {@link #rows()} by filters and projections only (so they
   *     keep its partitioning), with the key and {@code year, month, day} columns
   * @param existingKeys rows with the key columns (e.g. a table's keys in the partitions the batch
   *     touches), or null for none
   */
  public FirstOccurrences firstOccurrences(Dataset<Row> candidates, Dataset<Row> existingKeys) {
    StructType candidateSchema = candidates.schema();
    int hi = candidateSchema.fieldIndex(Envelope.KEY_HI);
    int lo = candidateSchema.fieldIndex(Envelope.KEY_LO);
    int year = candidateSchema.fieldIndex(LakeColumns.YEAR);
    int month = candidateSchema.fieldIndex(LakeColumns.MONTH);
    int day = candidateSchema.fieldIndex(LakeColumns.DAY);
    CountsAccumulator perDay = new CountsAccumulator();
    spark.sparkContext().register(perDay, "candidates per day");
    Filter filter = new Filter(hi, lo, year, month, day, perDay);

    JavaRDD<InternalRow> rows = SparkInternals.toRdd(candidates).toJavaRDD();
    JavaRDD<InternalRow> first;
    if (existingKeys == null) {
      first = rows.mapPartitions(it -> filter.apply(it, Collections.emptyIterator()), true);
    } else {
      Dataset<Row> keys =
          existingKeys
              .select(col(Envelope.KEY_HI), col(Envelope.KEY_LO))
              .repartition(partitions, col(Envelope.KEY_HI), col(Envelope.KEY_LO));
      JavaRDD<InternalRow> keyRdd = SparkInternals.toRdd(keys).toJavaRDD();
      first = rows.zipPartitions(keyRdd, filter::apply);
    }
    return new FirstOccurrences(
        SparkInternals.fromRdd(spark, first.rdd(), candidateSchema), perDay);
  }

  /** The de-duplicated rows and, once the job that reads them has run, the candidates per day. */
  public static final class FirstOccurrences {
    private final Dataset<Row> rows;
    private final CountsAccumulator perDay;

    private FirstOccurrences(Dataset<Row> rows, CountsAccumulator perDay) {
      this.rows = rows;
      this.perDay = perDay;
    }

    /** The first row of each new key (lazy; read it once). */
    public Dataset<Row> rows() {
      return rows;
    }

    /** Candidate rows (before de-duplication) per event day, in day order. */
    public Map<DayKey, Long> candidatesPerDay() {
      Map<DayKey, Long> days = new TreeMap<>();
      perDay.value().forEach((key, n) -> days.put(DayKey.unpacked(key), n));
      return days;
    }
  }

  /** Keeps the first row of each key of a partition whose key is not among the existing ones. */
  private record Filter(int hi, int lo, int year, int month, int day, CountsAccumulator perDay)
      implements java.io.Serializable {

    Iterator<InternalRow> apply(Iterator<InternalRow> rows, Iterator<InternalRow> existing) {
      LongPairSet known = new LongPairSet(1024);
      while (existing.hasNext()) {
        InternalRow key = existing.next();
        known.add(key.getLong(0), key.getLong(1));
      }
      LongPairSet seen = new LongPairSet(1024);
      return new Iterator<>() {
        private InternalRow next;

        @Override
        public boolean hasNext() {
          while (next == null && rows.hasNext()) {
            InternalRow row = rows.next();
            long h = row.getLong(hi);
            long l = row.getLong(lo);
            perDay.add(
                row.isNullAt(year)
                    ? 0L
                    : DayKey.packed(row.getInt(year), row.getInt(month), row.getInt(day)),
                1L);
            if (!known.contains(h, l) && seen.add(h, l)) {
              next = row;
            }
          }
          return next != null;
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          InternalRow row = next;
          next = null;
          return row;
        }
      };
    }
  }
}
