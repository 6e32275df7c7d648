package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityErrorsTest {

  private static final List<String> FAILURES =
      List.of(
          "Rule 'RowCount > 10' failed: observed 3",
          "Rule 'Completeness \"id\" > 0.9' failed: observed 0.5");

  @Test
  void aFailedGateNamesTheSourceEveryFailedRuleAndThatTheRawFilesAreReadAgain() {
    assertThat(
            QualityErrors.qualityGateFailed(
                    "orders",
                    FAILURES,
                    List.of("raw/a.jsonl", "raw/b.jsonl"),
                    "read 20 record(s), 18 of them to quarantine ({bad_event_time=18})")
                .getMessage())
        .isEqualTo(
            "Source 'orders': 2 quality rule(s) with action fail did not pass: Rule 'RowCount >"
                + " 10' failed: observed 3; Rule 'Completeness \"id\" > 0.9' failed: observed 0.5."
                + " The batch read 20 record(s), 18 of them to quarantine ({bad_event_time=18})."
                + " Nothing of it was committed; its raw files: raw/a.jsonl, raw/b.jsonl."
                + " Fix: correct the data at its origin, the contract if the records are right (a"
                + " time format it does not list yet, say), or the rule if the expectation is"
                + " wrong; the raw files are read again by the next run (a file that cannot be"
                + " corrected can be moved out of the raw zone: the next run puts it in file"
                + " quarantine).");
    List<String> seven = List.of("1", "2", "3", "4", "5", "6", "7");
    assertThat(
            QualityErrors.qualityGateFailed("orders", FAILURES, seven, "read 7 record(s)")
                .getMessage())
        .contains("; its raw files: 1, 2, 3, 4, 5 and 2 more. Fix:");
  }

  @Test
  void aFailedReplayGateSaysTheQuarantineRowsStayOpenAndHowToNarrowTheSelection() {
    assertThat(QualityErrors.replayQualityGateFailed("orders", FAILURES).getMessage())
        .isEqualTo(
            "Source 'orders': the replayed rows do not pass 2 quality rule(s) with action fail:"
                + " Rule 'RowCount > 10' failed: observed 3; Rule 'Completeness \"id\" > 0.9'"
                + " failed: observed 0.5. Nothing was written and the quarantine rows stay open."
                + " Fix: narrow the selection (--reason, --rule, --run, --from/--to) or correct"
                + " the rule.");
  }
}
