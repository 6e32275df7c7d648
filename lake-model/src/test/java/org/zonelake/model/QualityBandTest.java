package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The quality-score bands of the QualityDistribution metric. */
class QualityBandTest {

  @Test
  void labelsAreTheBandDimensionValues() {
    assertThat(Arrays.stream(QualityBand.values()).map(QualityBand::label))
        .containsExactly("0.0-0.5", "0.5-0.8", "0.8-0.95", "0.95-1.0");
  }

  @Test
  void lowerBoundsAreInclusiveAndTheTopBandHoldsAPerfectScore() {
    assertThat(QualityBand.of(0.0)).isEqualTo(QualityBand.LOW);
    assertThat(QualityBand.of(0.4999)).isEqualTo(QualityBand.LOW);
    assertThat(QualityBand.of(0.5)).isEqualTo(QualityBand.MEDIUM);
    assertThat(QualityBand.of(0.8)).isEqualTo(QualityBand.HIGH);
    assertThat(QualityBand.of(0.9499)).isEqualTo(QualityBand.HIGH);
    assertThat(QualityBand.of(0.95)).isEqualTo(QualityBand.TOP);
    assertThat(QualityBand.of(1.0)).isEqualTo(QualityBand.TOP);
  }

  @Test
  void scoresOutsideZeroToOneAreRefused() {
    assertThatThrownBy(() -> QualityBand.of(1.01))
        .hasMessage("quality score 1.01 is outside [0, 1]");
    assertThatThrownBy(() -> QualityBand.of(Double.NaN))
        .hasMessage("quality score NaN is outside [0, 1]");
  }

  @Test
  void qualityDistributionIsSummed() {
    assertThat(QualityMetrics.statistic(QualityMetrics.QUALITY_DISTRIBUTION)).isEqualTo("Sum");
    assertThat(QualityMetrics.BAND_DIMENSION).isEqualTo("Band");
  }

  @Test
  void curatedCountsAreSummedAndDurationsTakeTheMaximum() {
    assertThat(QualityMetrics.statistic(QualityMetrics.DAYS_RECOMPUTED)).isEqualTo("Sum");
    assertThat(QualityMetrics.statistic(QualityMetrics.CURATED_ROWS_WRITTEN)).isEqualTo("Sum");
    assertThat(QualityMetrics.statistic(QualityMetrics.CURATED_RUN_DURATION_SECONDS))
        .isEqualTo("Maximum");
    assertThatThrownBy(() -> QualityMetrics.statistic("RowsWritten"))
        .hasMessage("unknown metric RowsWritten");
  }
}
