package org.zonelake.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The open-addressing set of 128-bit keys that keeps the first row of each dedupe key. */
class LongPairSetTest {

  @Test
  void aKeyIsAddedOnceAndFoundByBothHalves() {
    LongPairSet set = new LongPairSet(4);

    assertThat(set.add(1, 2)).isTrue();
    assertThat(set.add(1, 2)).isFalse();
    assertThat(set.add(2, 1)).isTrue();

    assertThat(set.contains(1, 2)).isTrue();
    assertThat(set.contains(2, 1)).isTrue();
    assertThat(set.contains(1, 1)).isFalse();
    assertThat(set.size()).isEqualTo(2);
  }

  @Test
  void growingPastItsExpectedSizeKeepsEveryKey() {
    LongPairSet set = new LongPairSet(1);

    for (long i = 0; i < 10_000; i++) {
      assertThat(set.add(i, -i)).isTrue();
    }

    assertThat(set.size()).isEqualTo(10_000);
    for (long i = 0; i < 10_000; i++) {
      assertThat(set.add(i, -i)).isFalse();
      assertThat(set.contains(i, -i)).isTrue();
      assertThat(set.contains(-i - 1, i)).isFalse();
    }
  }
}
