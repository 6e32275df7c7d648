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

  @Test
  void everyPositionIsCheckedWhateverItsPlaceInAWordOfEightBytes() {
    // Text read eight bytes at a time: a bad byte, a NUL or a sequence of two to four bytes at each
    // offset of a 21-byte text, itself at offsets 0 to 8 of its array, found exactly where a
    // strict decoder of the JDK finds it.
    String[] inserts = {"\u00fc", "\u20ac", "\uD83D\uDE00"};
    for (int start = 0; start <= 8; start++) {
      for (int at = 0; at < 21; at++) {
        byte[] text = "abcdefghijklmnopqrstu".getBytes(StandardCharsets.US_ASCII);
        text[at] = (byte) 0xFC;
        assertThat(Utf8Bytes.firstInvalid(placed(text, start), start, text.length, false))
            .as("0xFC at %d, text at %d", at, start)
            .isEqualTo(at)
            .isEqualTo(strictlyDecodable(text));
        text[at] = 0;
        assertThat(Utf8Bytes.firstInvalid(placed(text, start), start, text.length, true))
            .as("NUL at %d, text at %d", at, start)
            .isEqualTo(at);
        assertThat(Utf8Bytes.firstInvalid(placed(text, start), start, text.length, false))
            .isEqualTo(-1);
        for (String insert : inserts) {
          byte[] wide =
              ("abcdefghijklmnopqrstu".substring(0, at) + insert + "abcdefgh")
                  .getBytes(StandardCharsets.UTF_8);
          assertThat(Utf8Bytes.firstInvalid(placed(wide, start), start, wide.length, true))
              .as("%s at %d, text at %d", insert, at, start)
              .isEqualTo(-1);
          // The same sequence cut short by the end of the text.
          int cut = wide.length - "abcdefgh".length() - 1;
          assertThat(Utf8Bytes.firstInvalid(placed(wide, start), start, cut, true))
              .isEqualTo(strictlyDecodable(java.util.Arrays.copyOf(wide, cut)))
              .isEqualTo(at);
        }
      }
    }
  }

  @Test
  void containsFindsAPartWhereverItStands() {
    assertThat(Utf8Bytes.contains(utf8("{\"a\":\"\\ud83d\"}"), utf8("\\u"))).isTrue();
    assertThat(Utf8Bytes.contains(utf8("{\"a\":\"\\n\"}"), utf8("\\u"))).isFalse();
    assertThat(Utf8Bytes.contains(utf8("M\uFFFDller"), utf8("\uFFFD"))).isTrue();
    assertThat(Utf8Bytes.contains(utf8("M\u00fcller"), utf8("\uFFFD"))).isFalse();
    assertThat(Utf8Bytes.contains(utf8(""), utf8("\\u"))).isFalse();
    // Every start and length up to 40 bytes, the part at every place (or cut off at the end),
    // with bytes equal to the part's first byte on either side: the same answer as a plain search.
    byte[] part = "\uFFFDx".getBytes(StandardCharsets.UTF_8);
    for (int start = 0; start < 8; start++) {
      for (int length = 0; length <= 40; length++) {
        for (int at = -1; at < length; at++) {
          byte[] array = new byte[start + length + 8];
          java.util.Arrays.fill(array, (byte) 'a');
          for (int i = start; i < start + length; i += 3) {
            array[i] = part[0];
          }
          int expected = -1;
          if (at >= 0) {
            int copied = Math.min(part.length, length - at);
            System.arraycopy(part, 0, array, start + at, copied);
            expected = copied == part.length ? at : -1;
          }
          // The bytes after the text hold the part, which must not be found there.
          System.arraycopy(part, 0, array, start + length, part.length);
          assertThat(Utf8Bytes.indexOf(array, start, length, part))
              .as("start %d, length %d, part at %d", start, length, at)
              .isEqualTo(expected)
              .isEqualTo(plainIndexOf(array, start, length, part));
        }
      }
    }
  }

  private static int plainIndexOf(byte[] bytes, int offset, int length, byte[] part) {
    for (int i = 0; i + part.length <= length; i++) {
      if (java.util.Arrays.equals(
          bytes, offset + i, offset + i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }

  private static UTF8String utf8(String text) {
    return UTF8String.fromString(text);
  }

  /** {@code text} at {@code start} of an array with non-ASCII bytes before and after it. */
  private static byte[] placed(byte[] text, int start) {
    byte[] array = new byte[start + text.length + 8];
    java.util.Arrays.fill(array, (byte) 0xFF);
    System.arraycopy(text, 0, array, start, text.length);
    return array;
  }

  /** Where the JDK's decoder, reporting malformed input, stops: -1 when it decodes it all. */
  private static int strictlyDecodable(byte[] bytes) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.charset.CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .decode(in, java.nio.CharBuffer.allocate(bytes.length), true);
    return result.isError() || result.isUnderflow() && in.hasRemaining() ? in.position() : -1;
  }

  private static String describe(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return Utf8Bytes.firstInvalid(UTF8String.fromBytes(bytes)).toString();
  }
}
