package org.zonelake.core.curated;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.zonelake.model.LakeColumns;

/**
 * One (year, month, day) of event time: the unit the curated tables are recomputed in.
 *
 * @param year the year
 * @param month the month, 1 to 12
 * @param day the day of month
 */
public record DayKey(int year, int month, int day) implements Comparable<DayKey> {

  @Override
  public int compareTo(DayKey other) {
    return Long.compare(packed(), other.packed());
  }

  /**
   * The day as one number, {@code year * 10000 + month * 100 + day}: days compare as their numbers
   * do, years before 1 and after 9999 included.
   */
  public long packed() {
    return packed(year, month, day);
  }

  /** {@link #packed} of a day given by its parts. */
  public static long packed(int year, int month, int day) {
    return year * 10000L + month * 100L + day;
  }

  /** {@link #packed} of the days in columns {@code year, month, day} (INT), as a LONG column. */
  public static Column packed(Column year, Column month, Column day) {
    return year.cast(DataTypes.LongType).multiply(10000L).plus(month.multiply(100L)).plus(day);
  }

  /**
   * The day in the first three columns of {@code row} ({@code year, month, day}).
   *
   * @throws IllegalStateException when one of them is null: the lake's processed, quarantine and
   *     batch-statistics rows always carry their day
   */
  public static DayKey of(Row row) {
    if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
      throw new IllegalStateException(
          "A row has no event day (year, month, day: "
              + row.get(0)
              + ", "
              + row.get(1)
              + ", "
              + row.get(2)
              + "); processed, quarantine and batch statistics rows always carry one");
    }
    return new DayKey(row.getInt(0), row.getInt(1), row.getInt(2));
  }

  /**
   * The distinct days of the {@code year, month, day} columns of {@code rows} (the lake's names),
   * leaving out rows without a year, in day order: one small job.
   */
  public static List<DayKey> distinctIn(Dataset<Row> rows) {
    return rows
        .select(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY)
        .where(functions.col(LakeColumns.YEAR).isNotNull())
        .distinct()
        .collectAsList()
        .stream()
        .map(DayKey::of)
        .sorted()
        .toList();
  }

  /** The day of a {@link #packed} number. */
  public static DayKey unpacked(long packed) {
    long monthAndDay = Math.floorMod(packed, 10000L);
    return new DayKey(
        (int) Math.floorDiv(packed, 10000L), (int) (monthAndDay / 100), (int) (monthAndDay % 100));
  }

  /** The day of a {@code year, month, day} partition, from its partition values. */
  public static DayKey ofPartition(java.util.Map<String, String> partitionValues) {
    return new DayKey(
        Integer.parseInt(partitionValues.get("year")),
        Integer.parseInt(partitionValues.get("month")),
        Integer.parseInt(partitionValues.get("day")));
  }

  /** As {@code 2026-11-20}; a year before 0 or after 9999 signed, as ISO-8601 writes it. */
  @Override
  public String toString() {
    String y =
        year < 0
            ? String.format(java.util.Locale.ROOT, "-%04d", -(long) year)
            : year > 9999 ? "+" + year : String.format(java.util.Locale.ROOT, "%04d", year);
    return String.format(java.util.Locale.ROOT, "%s-%02d-%02d", y, month, day);
  }

  /** A SQL predicate on columns {@code year, month, day} selecting exactly these days. */
  public static String predicate(Collection<DayKey> days) {
    if (days.isEmpty()) {
      return "false";
    }
    return days.stream()
        .sorted()
        .map(d -> "(year = " + d.year + " AND month = " + d.month + " AND day = " + d.day + ")")
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
