package org.zonelake.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class BinaryFloatsTest {

  private static boolean inRange(String text) {
    return BinaryFloats.inRange(UTF8String.fromString(text), Double.parseDouble(text));
  }

  @Test
  void aNumberBeyondTheRangeOrReadAsZeroIsNotWhatItSays() {
    assertThat(inRange("1e400")).isFalse();
    assertThat(inRange("-1E+400")).isFalse();
    assertThat(inRange(" 1e-400 ")).isFalse();
    assertThat(inRange("-.5e-999")).isFalse();
    assertThat(inRange("0.0000e-999")).isTrue();
    assertThat(inRange("0")).isTrue();
    assertThat(inRange("-0.0")).isTrue();
    assertThat(inRange("4.9e-324")).isTrue();
    assertThat(inRange("1.7976931348623157e308")).isTrue();
    assertThat(inRange("21.5")).isTrue();
  }

  @Test
  void wordsAreValuesOfTheirOwn() {
    assertThat(inRange("Infinity")).isTrue();
    assertThat(inRange("-Infinity")).isTrue();
    assertThat(inRange("NaN")).isTrue();
    // A float's range: 1e39 is infinite as a float, though a double holds it.
    assertThat(
            BinaryFloats.inRange(UTF8String.fromString("1e39"), (double) Float.parseFloat("1e39")))
        .isFalse();
    assertThat(BinaryFloats.inRange(UTF8String.fromString("1e39"), 1e39)).isTrue();
  }
}
