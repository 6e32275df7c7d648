package org.zonelake.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class Utf8BytesTest {

  @Test
  void wellFormedUtf8HasNoInvalidByte() {
    for (String text :
        new String[] {"", "plain", "M\u00fcller", "\u20ac", "\uD83D\uDE00", "\u0000"}) {
      assertThat(Utf8Bytes.firstInvalid(UTF8String.fromString(text))).as(text).isNull();
    }
  }

  @Test
  void theFirstByteOfWhatIsNotUtf8IsNamedCountedFromOne() {
    assertThat(describe(0x61, 0xFC, 0x62)).isEqualTo("byte 0xFC at byte 2");
    // An overlong form, a surrogate, beyond U+10FFFF, a stray continuation, a sequence cut short.
    assertThat(describe(0xC0, 0x80)).isEqualTo("byte 0xC0 at byte 1");
    assertThat(describe(0x61, 0xED, 0xA0, 0x80)).isEqualTo("byte 0xED at byte 2");
    assertThat(describe(0xF4, 0x90, 0x80, 0x80)).isEqualTo("byte 0xF4 at byte 1");
    assertThat(describe(0x80)).isEqualTo("byte 0x80 at byte 1");
    assertThat(describe(0x61, 0x62, 0xE2, 0x82)).isEqualTo("byte 0xE2 at byte 3");
    // Past the first thousand bytes, the position reads with separators.
    byte[] long1 = "a".repeat(1233).getBytes(StandardCharsets.US_ASCII);
    byte[] withLatin1 = java.util.Arrays.copyOf(long1, 1234);
    withLatin1[1233] = (byte) 0xE9;
    assertThat(Utf8Bytes.firstInvalid(UTF8String.fromBytes(withLatin1)).toString())
        .isEqualTo("byte 0xE9 at byte 1,234");
  }

  @Test
  void aNulByteIsUtf8ButNotPlainForTheJsonParser() {
    byte[] nul = {0x61, 0x00};
    assertThat(Utf8Bytes.firstInvalid(nul, 0, 2, false)).isEqualTo(-1);
    assertThat(Utf8Bytes.firstInvalid(nul, 0, 2, true)).isEqualTo(1);
  }

  private static String describe(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return Utf8Bytes.firstInvalid(UTF8String.fromBytes(bytes)).toString();
  }
}
