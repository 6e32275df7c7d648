package org.zonelake.core.spark;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Whether raw text is UTF-8. Spark keeps a text file's lines as the file's bytes and decodes them
 * only where a value is read as a Java string, replacing every byte that is not UTF-8 with U+FFFD
 * without a word: a Latin-1 {@code ü} (byte {@code 0xFC}) would reach the processed table as {@code
 * �}. This finds such a byte before anything is decoded.
 *
 * <p>The call is a Catalyst {@code StaticInvoke} of a static method of this class, so it takes part
 * in whole-stage code generation.
 */
public final class Utf8Bytes {

  private Utf8Bytes() {}

  /**
   * Null where {@code text} is well-formed UTF-8, else where it stops being so: {@code byte 0xFC at
   * byte 41} (counted from 1).
   */
  public static Column firstInvalid(Column text) {
    return SparkInternals.staticCall(Utf8Bytes.class, DataTypes.StringType, "firstInvalid", text);
  }

  /** {@link #firstInvalid(Column)} of one value. */
  public static UTF8String firstInvalid(UTF8String text) {
    ByteBuffer buffer = text.getByteBuffer();
    byte[] bytes;
    int offset;
    if (buffer.hasArray()) {
      bytes = buffer.array();
      offset = buffer.arrayOffset() + buffer.position();
    } else {
      bytes = text.getBytes();
      offset = 0;
    }
    int at = firstInvalid(bytes, offset, text.numBytes(), false);
    if (at < 0) {
      return null;
    }
    return UTF8String.fromString(
        String.format(Locale.ROOT, "byte 0x%02X at byte %,d", bytes[offset + at] & 0xFF, at + 1));
  }

  /**
   * The index (from {@code offset}) of the first byte that does not belong to well-formed UTF-8 —
   * an overlong form, a surrogate, a code point beyond U+10FFFF, a sequence cut short; with {@code
   * nulToo} also a NUL byte — or -1.
   */
  static int firstInvalid(byte[] bytes, int offset, int length, boolean nulToo) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        if (b == 0 && nulToo) {
          return i - offset;
        }
        i++;
        continue;
      }
      int continuations;
      int low = 0x80;
      int high = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        continuations = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        continuations = 2;
        if (b == 0xE0) {
          low = 0xA0;
        } else if (b == 0xED) {
          high = 0x9F;
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        continuations = 3;
        if (b == 0xF0) {
          low = 0x90;
        } else if (b == 0xF4) {
          high = 0x8F;
        }
      } else {
        return i - offset;
      }
      if (i + continuations >= end) {
        return i - offset;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < low || second > high) {
        return i - offset;
      }
      for (int k = 2; k <= continuations; k++) {
        int next = bytes[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i - offset;
        }
      }
      i += continuations + 1;
    }
    return -1;
  }
}
