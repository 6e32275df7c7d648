package org.zonelake.core.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.zonelake.model.LakeColumns;
import org.zonelake.model.QualityBand;

/**
 * The row quality scores of a run: their sum (for the mean) and how many rows scored in each {@link
 * QualityBand}. Measured by the aggregates of {@link #aggregates()} alongside a run's other
 * figures, never by a scan of its own.
 *
 * @param sum the sum of the scores
 * @param bands rows per band, every band present (zero when no row scored in it)
 */
public record QualityScores(double sum, Map<QualityBand, Long> bands) {

  /** No rows: sum zero, every band zero. */
  public static final QualityScores NONE = new QualityScores(0, zeroBands());

  /** Copies the bands, in band order. */
  public QualityScores {
    if (bands.size() != QualityBand.values().length) {
      throw new IllegalArgumentException("bands " + bands.keySet() + " are not every band");
    }
    bands = Collections.unmodifiableMap(new EnumMap<>(bands));
  }

  /** The scores of two runs together. */
  public QualityScores plus(QualityScores other) {
    Map<QualityBand, Long> together = new EnumMap<>(QualityBand.class);
    for (QualityBand band : QualityBand.values()) {
      together.put(band, bands.get(band) + other.bands.get(band));
    }
    return new QualityScores(sum + other.sum, together);
  }

  /** The mean score of {@code rows} rows, empty when there were none. */
  public OptionalDouble average(long rows) {
    return rows == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / rows);
  }

  /**
   * The aggregate columns that measure the scores of {@link LakeColumns#QUALITY_SCORE}: the sum,
   * then one count per band in band order: {@link #COLUMNS} columns that {@link #read} reads back.
   */
  public static List<Column> aggregates() {
    Column score = col(LakeColumns.QUALITY_SCORE);
    List<Column> columns = new ArrayList<>();
    columns.add(functions.sum(score).as("quality_sum"));
    for (QualityBand band : QualityBand.values()) {
      Column in =
          band == QualityBand.TOP
              ? score.geq(band.lower())
              : score.geq(band.lower()).and(score.lt(band.upper()));
      columns.add(
          functions
              .sum(when(in, 1L).otherwise(0L))
              .as("quality_band_" + band.name().toLowerCase()));
    }
    return columns;
  }

  /** How many columns {@link #aggregates()} adds. */
  public static final int COLUMNS = 1 + QualityBand.values().length;

  /** Reads the {@link #aggregates()} of a row, starting at column {@code first}. */
  public static QualityScores read(Row row, int first) {
    Map<QualityBand, Long> bands = new EnumMap<>(QualityBand.class);
    QualityBand[] all = QualityBand.values();
    for (int i = 0; i < all.length; i++) {
      int at = first + 1 + i;
      bands.put(all[i], row.isNullAt(at) ? 0L : row.getLong(at));
    }
    return new QualityScores(row.isNullAt(first) ? 0 : row.getDouble(first), bands);
  }

  private static Map<QualityBand, Long> zeroBands() {
    Map<QualityBand, Long> zero = new EnumMap<>(QualityBand.class);
    for (QualityBand band : QualityBand.values()) {
      zero.put(band, 0L);
    }
    return zero;
  }
}
