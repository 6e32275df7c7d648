package org.zonelake.core.spark;

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
    int i = number.startsWith("+") || number.startsWith("-") ? 1 : 0;
    boolean digits = false;
    boolean nonZero = false;
    boolean point = false;
    for (; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
        nonZero |= c != '0';
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (!digits) {
      // Not a number: a word such as Infinity or NaN.
      return true;
    }
    if (i < number.length()) {
      char e = number.charAt(i);
      int exponent =
          i + 1 < number.length() && "+-".indexOf(number.charAt(i + 1)) >= 0 ? i + 2 : i + 1;
      if ((e != 'e' && e != 'E')
          || exponent >= number.length()
          || !number.substring(exponent).chars().allMatch(Character::isDigit)) {
        return true;
      }
    }
    return !(infinite || nonZero);
  }
}
