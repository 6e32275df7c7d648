package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import org.antlr.v4.runtime.RuntimeMetaData;
import org.junit.jupiter.api.Test;
import software.amazon.glue.dqdl.DataQualityDefinitionLanguageLexer;
import software.amazon.glue.dqdl.DataQualityDefinitionLanguageParser;

class DqdlGrammarTest {

  private static final String WARNINGS =
      String.join(
          System.lineSeparator(),
          "ANTLR Tool version 4.7 used for code generation does not match the current runtime"
              + " version 4.9.3",
          "ANTLR Runtime version 4.7 used for parser compilation does not match the current runtime"
              + " version 4.9.3",
          "ANTLR Tool version 4.7 used for code generation does not match the current runtime"
              + " version 4.9.3",
          "ANTLR Runtime version 4.7 used for parser compilation does not match the current runtime"
              + " version 4.9.3",
          "");

  /** A loader of its own for the grammar and the ANTLR runtime: their classes load afresh. */
  private static URLClassLoader freshGrammarLoader() {
    return new URLClassLoader(
        new URL[] {
          DataQualityDefinitionLanguageParser.class
              .getProtectionDomain()
              .getCodeSource()
              .getLocation(),
          RuntimeMetaData.class.getProtectionDomain().getCodeSource().getLocation()
        },
        ClassLoader.getPlatformClassLoader());
  }

  private static String standardErrorOf(Runnable action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loadingTheGeneratedGrammarPlainlyPrintsAntlrsVersionWarnings() throws Exception {
    try (URLClassLoader loader = freshGrammarLoader()) {
      String printed =
          standardErrorOf(
              () -> {
                try {
                  Class.forName(DataQualityDefinitionLanguageLexer.class.getName(), true, loader);
                  Class.forName(DataQualityDefinitionLanguageParser.class.getName(), true, loader);
                } catch (ClassNotFoundException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(printed).isEqualTo(WARNINGS);
    }
  }

  @Test
  void loadingItThroughDqdlGrammarPrintsNothing() throws Exception {
    try (URLClassLoader loader = freshGrammarLoader()) {
      assertThat(standardErrorOf(() -> DqdlGrammar.load(loader))).isEmpty();
      Class<?> parser =
          Class.forName(DataQualityDefinitionLanguageParser.class.getName(), false, loader);
      assertThat(parser.getClassLoader()).isSameAs(loader);
    }
  }

  @Test
  void onlyTheVersionWarningsAreDropped() {
    String other = "ERROR something else" + System.lineSeparator();
    assertThat(DqdlGrammar.withoutVersionWarnings(WARNINGS + other + WARNINGS)).isEqualTo(other);
    assertThat(DqdlGrammar.withoutVersionWarnings("ANTLR Tool version 4.7 is fine\n"))
        .isEqualTo("ANTLR Tool version 4.7 is fine" + System.lineSeparator());
  }

  @Test
  void theParserItReturnsParsesDqdl() throws Exception {
    assertThat(DqdlGrammar.parser().parse("Rules = [ RowCount > 0 ]").getRules())
        .extracting(Object::toString)
        .containsExactly("RowCount > 0");
  }
}
