package org.zonelake.core.spark;

import java.nio.ByteOrder;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
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

  /** Whether the first of eight bytes read as one {@code long} is its lowest. */
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /** The high bit of each of a word's eight bytes: set only in bytes that are not ASCII. */
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** A one in each of a word's eight bytes. */
  private static final long ONES = 0x0101010101010101L;

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
    byte[] bytes = arrayOf(text);
    int offset;
    if (bytes != null) {
      offset = offsetIn(text);
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
   * Whether {@code text} holds {@code part}: Spark's {@code contains}, null for a null text, with
   * the search for the part's first byte made eight bytes at a time (a record's checks search every
   * record for a few such parts).
   */
  public static Column contains(Column text, String part) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException("contains looks for a part of one byte or more");
    }
    return SparkInternals.staticCall(
        Utf8Bytes.class, DataTypes.BooleanType, "contains", text, functions.lit(part));
  }

  /** {@link #contains(Column, String)} of one value. */
  public static boolean contains(UTF8String text, UTF8String part) {
    byte[] bytes = arrayOf(text);
    if (bytes == null) {
      return text.contains(part);
    }
    return indexOf(bytes, offsetIn(text), text.numBytes(), part.getBytes()) >= 0;
  }

  /**
   * The array that holds {@code text}'s bytes, or null where no array does (memory off the heap).
   * Reading it in place allocates nothing, where {@code getByteBuffer} allocates a buffer.
   */
  static byte[] arrayOf(UTF8String text) {
    return text.getBaseObject() instanceof byte[] bytes ? bytes : null;
  }

  /** Where {@code text}'s bytes start in {@link #arrayOf}'s array. */
  static int offsetIn(UTF8String text) {
    return Math.toIntExact(text.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
  }

  /** The index (from {@code offset}) where {@code part} (not empty) first starts, or -1. */
  static int indexOf(byte[] bytes, int offset, int length, byte[] part) {
    int end = offset + length;
    int last = end - part.length;
    long firsts = ONES * (part[0] & 0xFF);
    int i = offset;
    while (i <= last) {
      if (i + Long.BYTES <= end) {
        long word = word(bytes, i) ^ firsts;
        // The lowest byte flagged is the first one equal to the part's first byte; those above it
        // may be flagged wrongly, and are looked at again from the next byte.
        long found = (word - ONES) & ~word & HIGH_BITS;
        if (found == 0) {
          i += Long.BYTES;
          continue;
        }
        i += Long.numberOfTrailingZeros(found) >>> 3;
        if (i > last) {
          return -1;
        }
      } else if (bytes[i] != part[0]) {
        i++;
        continue;
      }
      if (startsAt(bytes, i, part)) {
        return i - offset;
      }
      i++;
    }
    return -1;
  }

  private static boolean startsAt(byte[] bytes, int at, byte[] part) {
    for (int k = 1; k < part.length; k++) {
      if (bytes[at + k] != part[k]) {
        return false;
      }
    }
    return true;
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
      // Most text is ASCII: eight bytes at a time while they are (and, with nulToo, none is NUL).
      while (i + Long.BYTES <= end) {
        long word = word(bytes, i);
        if ((word & HIGH_BITS) != 0 || (nulToo && hasZeroByte(word))) {
          break;
        }
        i += Long.BYTES;
      }
      if (i == end) {
        break;
      }
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

  /**
   * The eight bytes from {@code index} as one {@code long}, the first the lowest. One read of
   * memory, as Spark's own text functions make it: a {@code VarHandle} is as fast only where the
   * JIT inlines its layers, which the local runner's small inlining limits do not.
   */
  private static long word(byte[] bytes, int index) {
    long word = Platform.getLong(bytes, Platform.BYTE_ARRAY_OFFSET + index);
    return LITTLE_ENDIAN ? word : Long.reverseBytes(word);
  }

  /** Whether one of the eight bytes of an ASCII {@code word} (no high bit set) is zero. */
  private static boolean hasZeroByte(long word) {
    return ((word - ONES) & HIGH_BITS) != 0;
  }
}
