package org.zonelake.core.spark;

import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Whether a double or float holds what the number it was read from says. Spark reads a number
 * beyond the type's range as infinity, and one too near zero as zero, without a word; either is
 * another value than the one written.
 *
 * <p>The call is a Catalyst {@code StaticInvoke} of a static method of this class, so it takes part
 * in whole-stage code generation; it is one call in the generated code, however many columns use
 * it.
 */
public final class BinaryFloats {

  /** A number as JSON and CSV write it: sign, digits with or without a point, an exponent. */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** A number with a digit other than zero before its exponent. */
  private static final Pattern NON_ZERO_MANTISSA = Pattern.compile("[+-]?[0-9.]*[1-9].*");

  private BinaryFloats() {}

  /**
   * True where {@code value} (a double or float column, read from {@code text}) is what the text
   * says: false for a number written beyond the type's range (infinite) or a non-zero number read
   * as zero; the words {@code Infinity} and {@code NaN} are values of their own. Null where either
   * is null.
   */
  public static Column inRange(Column text, Column value) {
    return SparkInternals.staticCall(
        BinaryFloats.class,
        DataTypes.BooleanType,
        "inRange",
        text,
        value.cast(DataTypes.DoubleType));
  }

  /** {@link #inRange(Column, Column)} of one value. */
  public static boolean inRange(UTF8String text, double value) {
    boolean infinite = Double.isInfinite(value);
    if (!infinite && value != 0) {
      return true;
    }
    String number = text.toString().strip();
    if (!NUMBER.matcher(number).matches()) {
      // A word such as Infinity or NaN.
      return true;
    }
    return !infinite && !NON_ZERO_MANTISSA.matcher(number).matches();
  }
}
