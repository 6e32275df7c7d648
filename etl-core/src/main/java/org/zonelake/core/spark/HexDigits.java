package org.zonelake.core.spark;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Two 64-bit values as 32 lower-case hex digits, each zero-padded to 16, written in one pass.
 * Spark's {@code lower(concat(lpad(hex(hi), 16, '0'), lpad(hex(lo), 16, '0')))} gives the same text
 * but allocates one at each of its seven steps, for every record.
 *
 * <p>The call is a Catalyst {@code StaticInvoke} of a static method of this class, so it takes part
 * in whole-stage code generation.
 */
public final class HexDigits {

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private HexDigits() {}

  /** {@code hi} then {@code lo} (LONG columns) as 32 lower-case hex digits; null if either is. */
  public static Column of128(Column hi, Column lo) {
    return SparkInternals.staticCall(HexDigits.class, DataTypes.StringType, "of128", hi, lo);
  }

  /** {@link #of128(Column, Column)} of one pair of values. */
  public static UTF8String of128(long hi, long lo) {
    byte[] text = new byte[32];
    write(hi, text, 0);
    write(lo, text, 16);
    return UTF8String.fromBytes(text);
  }

  private static void write(long value, byte[] text, int at) {
    long rest = value;
    for (int i = at + 15; i >= at; i--) {
      text[i] = DIGITS[(int) (rest & 0xF)];
      rest >>>= 4;
    }
  }
}
