package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorMessageTest {

  @Test
  void whatWhyNoteAndFixReadAsSentences() {
    assertThat(
            ErrorMessage.what("Contract orders.json cannot be read")
                .why("line 3 is not JSON")
                .note("Nothing was committed")
                .fix("make it a JSON object")
                .details("Usage: ...")
                .toString())
        .isEqualTo(
            "Contract orders.json cannot be read: line 3 is not JSON. Nothing was committed. Fix:"
                + " make it a JSON object.\n\nUsage: ...");
  }

  @Test
  void aQuotedMessageEndingInAPeriodGetsNoSecondOne() {
    assertThat(
            ErrorMessage.what("The query failed while it ran")
                .why("Use `try_cast` to tolerate malformed input.")
                .fix("correct the query")
                .toString())
        .isEqualTo(
            "The query failed while it ran: Use `try_cast` to tolerate malformed input. Fix:"
                + " correct the query.");
    assertThat(ErrorMessage.what("Table t").why("it is gone.").toString())
        .isEqualTo("Table t: it is gone.");
  }

  @Test
  void aProblemWithOnlyItsUsageIsShownAsGiven() {
    assertThat(ErrorMessage.what("Unknown option --rw.").details("Usage:").toString())
        .isEqualTo("Unknown option --rw.\n\nUsage:");
  }

  @Test
  void aFailureSaysItsFirstLineThatIsNotBlank() {
    // Spark's parse errors start with a line break.
    assertThat(
            ErrorMessage.detail(
                new IllegalStateException(
                    "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '>'.\n\n== SQL ==\nx >> 2")))
        .isEqualTo("[PARSE_SYNTAX_ERROR] Syntax error at or near '>'.");
    assertThat(ErrorMessage.firstLine("one\ntwo")).isEqualTo("one");
    assertThat(ErrorMessage.firstLine("\n \n")).isEqualTo("\n \n");
  }
}
