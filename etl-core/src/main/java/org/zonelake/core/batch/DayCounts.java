package org.zonelake.core.batch;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.model.LakeColumns;

/**
 * Counts rows per event day (and how many of them have a flag set) while a job writes them, so a
 * table and its statistics come from one pass instead of writing, then reading back. The counts are
 * exact once the one job that reads {@link Counted#rows()} has run.
 */
public final class DayCounts {

  private DayCounts() {}

  /**
   * Wraps rows with {@code year, month, day} and the BOOLEAN column {@code flag} so that reading
   * them counts them.
   */
  public static Counted count(Dataset<Row> rows, String flag) {
    SparkSession spark = rows.sparkSession();
    StructType schema = rows.schema();
    int year = schema.fieldIndex(LakeColumns.YEAR);
    int month = schema.fieldIndex(LakeColumns.MONTH);
    int day = schema.fieldIndex(LakeColumns.DAY);
    int flagged = schema.fieldIndex(flag);
    CountsAccumulator counts = new CountsAccumulator();
    spark.sparkContext().register(counts, "rows per day");
    JavaRDD<InternalRow> counted =
        SparkInternals.toRdd(rows)
            .toJavaRDD()
            .mapPartitions(
                it ->
                    new Iterator<InternalRow>() {
                      @Override
                      public boolean hasNext() {
                        return it.hasNext();
                      }

                      @Override
                      public InternalRow next() {
                        InternalRow row = it.next();
                        long key =
                            DayKey.packed(row.getInt(year), row.getInt(month), row.getInt(day));
                        boolean set = !row.isNullAt(flagged) && row.getBoolean(flagged);
                        counts.add(key * 2 + (set ? 1 : 0), 1L);
                        return row;
                      }
                    },
                true);
    return new Counted(SparkInternals.fromRdd(spark, counted.rdd(), schema), counts);
  }

  /** Rows being counted, and their counts once read. */
  public static final class Counted {
    private final Dataset<Row> rows;
    private final CountsAccumulator counts;

    private Counted(Dataset<Row> rows, CountsAccumulator counts) {
      this.rows = rows;
      this.counts = counts;
    }

    /** The rows (read them once). */
    public Dataset<Row> rows() {
      return rows;
    }

    /** Per event day: {rows, rows with the flag set}, in day order. */
    public Map<DayKey, long[]> perDay() {
      Map<DayKey, long[]> days = new TreeMap<>();
      counts
          .value()
          .forEach(
              (key, n) -> {
                long[] c =
                    days.computeIfAbsent(DayKey.unpacked(Math.floorDiv(key, 2L)), k -> new long[2]);
                c[0] += n;
                if (Math.floorMod(key, 2L) == 1) {
                  c[1] += n;
                }
              });
      return days;
    }
  }
}
