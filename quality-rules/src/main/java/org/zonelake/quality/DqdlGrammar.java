package org.zonelake.quality;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.glue.dqdl.DataQualityDefinitionLanguageLexer;
import software.amazon.glue.dqdl.DataQualityDefinitionLanguageParser;
import software.amazon.glue.dqdl.parser.DQDLParser;

/**
 * The official DQDL parser, loaded without ANTLR's version warnings.
 *
 * <p>The DQDL grammar was generated with ANTLR 4.7 and runs on the ANTLR 4.9.3 runtime that Spark
 * brings (and that Glue 5.0 has). That runtime parses it correctly — every shipped ruleset is
 * parsed in the tests — but when the generated lexer and parser classes load it prints "ANTLR Tool
 * version 4.7 used for code generation does not match the current runtime version 4.9.3" and a
 * second such line per class into every job's output. They are loaded here once, with standard
 * error captured for that moment; whatever else was written meanwhile is passed on unchanged.
 */
final class DqdlGrammar {

  private static final List<String> GENERATED =
      List.of(
          DataQualityDefinitionLanguageLexer.class.getName(),
          DataQualityDefinitionLanguageParser.class.getName());

  static {
    load(DqdlGrammar.class.getClassLoader());
  }

  private DqdlGrammar() {}

  /** A parser of DQDL text; the grammar's classes are loaded by the time it is returned. */
  static DQDLParser parser() {
    return new DQDLParser();
  }

  /**
   * Initialises the generated lexer and parser of {@code loader}, dropping ANTLR's version warnings
   * from standard error and passing on anything else written meanwhile.
   */
  static void load(ClassLoader loader) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (String name : GENERATED) {
        Class.forName(name, true, loader);
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The DQDL parser is not on the class path (" + e.getMessage() + ")", e);
    } finally {
      System.setErr(err);
    }
    String rest = withoutVersionWarnings(captured.toString(StandardCharsets.UTF_8));
    if (!rest.isEmpty()) {
      err.print(rest);
      err.flush();
    }
  }

  /** {@code text} without the lines of ANTLR's tool and runtime version check. */
  static String withoutVersionWarnings(String text) {
    return text.lines()
        .filter(line -> !isVersionWarning(line))
        .map(line -> line + System.lineSeparator())
        .collect(Collectors.joining());
  }

  private static boolean isVersionWarning(String line) {
    return (line.startsWith("ANTLR Tool version ") || line.startsWith("ANTLR Runtime version "))
        && line.contains(" does not match the current runtime version ");
  }
}
