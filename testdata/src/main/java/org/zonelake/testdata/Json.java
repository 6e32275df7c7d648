package org.zonelake.testdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain Java values, so that testdata stays free of libraries: an object
 * becomes a {@link LinkedHashMap} (in the document's order), an array a {@link List}, a number
 * without fraction or exponent a {@link Long} (any other a {@link Double}), and {@code true},
 * {@code false}, {@code null} and strings what they are in Java.
 */
final class Json {

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /**
   * The value {@code text} holds.
   *
   * @throws IllegalArgumentException if {@code text} is not one JSON value (the message gives the
   *     character where reading stopped)
   */
  static Object parse(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.skipSpace();
    if (json.at < text.length()) {
      throw json.error("the end of the document");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("a value");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    elements(
        '}',
        () -> {
          skipSpace();
          if (!peek('"')) {
            throw error("a quoted name");
          }
          String name = string();
          skipSpace();
          expect(':');
          object.put(name, value());
        });
    return object;
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    elements(']', () -> array.add(value()));
    return array;
  }

  /**
   * Reads the comma-separated elements of an object or array, from its opening character to its
   * {@code close}, each by {@code element}.
   */
  private void elements(char close, Runnable element) {
    at++;
    skipSpace();
    if (peek(close)) {
      at++;
      return;
    }
    while (true) {
      element.run();
      skipSpace();
      if (peek(',')) {
        at++;
      } else {
        expect(close);
        return;
      }
    }
  }

  private String string() {
    StringBuilder string = new StringBuilder();
    at++;
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return string.toString();
      }
      if (c != '\\') {
        string.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case '"', '\\', '/' -> string.append(escaped);
        case 'b' -> string.append('\b');
        case 'f' -> string.append('\f');
        case 'n' -> string.append('\n');
        case 'r' -> string.append('\r');
        case 't' -> string.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("four hex digits");
          }
          try {
            string.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException e) {
            throw error("four hex digits");
          }
          at += 4;
        }
        default -> {
          at--;
          throw error("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\uXXXX)");
        }
      }
    }
    throw error("the closing quote of a string");
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("a value");
    }
    at += word.length();
    return value;
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String number = text.substring(start, at);
    try {
      if (number.matches("-?(0|[1-9][0-9]*)")) {
        return Long.parseLong(number);
      }
      if (number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
        return Double.parseDouble(number);
      }
    } catch (NumberFormatException e) {
      // A whole number beyond a long: reported below like any other bad number.
    }
    at = start;
    throw error("a value");
  }

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(
        "expected "
            + expected
            + (at < text.length()
                ? " at character " + (at + 1) + " of " + text.length()
                : " at the end of the text"));
  }
}
