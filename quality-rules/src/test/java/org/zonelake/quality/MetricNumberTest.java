package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricNumberTest {

  @Test
  void aMetricShowsAtMostFourDecimalsWithoutTrailingZeros() {
    assertThat(
            List.of(0.5, 1.0 / 3, 2.0, 0.00004, 0.00005, 1234.56789, 100.0, -0.00004).stream()
                .map(DataQuality::number)
                .toList())
        .containsExactly("0.5", "0.3333", "2", "0", "0.0001", "1234.5679", "100", "0");
  }

  @Test
  void theValueAsPrintedIsRoundedNotItsNearestDouble() {
    // The doubles nearest 0.00015 and 2.00005 lie just below them.
    assertThat(DataQuality.number(0.00015)).isEqualTo("0.0002");
    assertThat(DataQuality.number(2.00005)).isEqualTo("2.0001");
  }

  @Test
  void aValueThatIsNotANumberIsNamed() {
    assertThat(
            List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).stream()
                .map(DataQuality::number)
                .toList())
        .containsExactly("NaN", "Infinity", "-Infinity");
  }
}
