package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.testing.TestSpark;

/** Which open quarantine rows a replay's options select, and the options it refuses. */
class ReplaySelectionTest {

  private final SparkSession spark = TestSpark.session();

  /**
   * Quarantine rows (only the columns a selection reads): {@code id}, open or recovered, reason
   * codes, reasons, the run that quarantined them, their quarantine day.
   */
  private Dataset<Row> quarantine() {
    return spark.sql(
        """
        SELECT * FROM VALUES
          ('a', NULL, array('bad_event_time'), array('bad_event_time: x'), 'run-1', 2026, 11, 19),
          ('b', NULL, array('type_cast'), array('type_cast: y'), 'run-1', 2026, 11, 20),
          ('c', NULL, array('quality_rule'), array('quality_rule: IsComplete "id"'), 'run-2',
           2026, 11, 21),
          ('d', TIMESTAMP '2026-11-23 10:00:00', array('type_cast'), array('type_cast: z'),
           'run-2', 2026, 11, 21),
          ('e', NULL, array('bad_event_time', 'type_cast'), array('bad_event_time: v'), 'run-3',
           2026, 12, 1)
        AS q(id, _replayed_at, _reason_codes, _reasons, _run_id, year, month, day)
        """);
  }

  private List<String> selected(String... options) {
    Map<String, String> given = new java.util.HashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      given.put(options[i], options[i + 1]);
    }
    ReplaySelection selection =
        ReplaySelection.of("orders", o -> Optional.ofNullable(given.get(o)));
    return quarantine()
        .where(selection.predicate())
        .select("id")
        .orderBy("id")
        .as(Encoders.STRING())
        .collectAsList();
  }

  @Test
  void everyOptionNarrowsTheOpenRows() {
    assertThat(selected()).containsExactly("a", "b", "c", "e");
    assertThat(selected("run", "run-1")).containsExactly("a", "b");
    assertThat(selected("run", "run-2")).containsExactly("c");
    assertThat(selected("from", "2026-11-20")).containsExactly("b", "c", "e");
    assertThat(selected("to", "2026-11-20")).containsExactly("a", "b");
    assertThat(selected("from", "2026-11-20", "to", "2026-11-21")).containsExactly("b", "c");
    assertThat(selected("from", "2026-11-21", "to", "2026-11-21")).containsExactly("c");
    assertThat(selected("reason", "type_cast")).containsExactly("b", "e");
    assertThat(selected("rule", "IsComplete \"id\"")).containsExactly("c");
    assertThat(selected("reason", "bad_event_time", "from", "2026-11-30", "run", "run-3"))
        .containsExactly("e");
    assertThat(selected("reason", "bad_event_time", "run", "run-1", "from", "2026-11-20"))
        .isEmpty();
  }

  @Test
  void aSelectionIsDescribedForPeopleAndKeptInTheReplayLog() {
    ReplaySelection selection =
        new ReplaySelection(
            "orders",
            Optional.of("type_cast"),
            Optional.empty(),
            Optional.of("run-1"),
            Optional.of(LocalDate.of(2026, 11, 20)),
            Optional.empty());

    assertThat(selection.describe())
        .isEqualTo("open rows with reason type_cast, run run-1, days 2026-11-20 to any");
    assertThat(selection.toJson().toString())
        .isEqualTo(
            "{\"source\":\"orders\",\"reason\":\"type_cast\",\"run\":\"run-1\","
                + "\"from\":\"2026-11-20\"}");
    assertThat(ReplaySelection.fromJson(selection.toJson())).isEqualTo(selection);
    assertThat(ReplaySelection.all("orders").describe()).isEqualTo("all open rows");
  }

  @Test
  void aRunThatSelectedNothingIsExplainedWithTheRunsThatQuarantinedRows() {
    List<String> runs =
        List.of(
            "20261120T100000Z-0a1b2c3d",
            "20261121T100000Z-1a1b2c3d",
            "20261122T100000Z-2a1b2c3d",
            "20261123T100000Z-3a1b2c3d",
            "20261124T100000Z-4a1b2c3d",
            "20261125T100000Z-5a1b2c3d");

    assertThat(runSelection("20261125T100000Z-5a1b2c3e").noRowOfRun(runs))
        .isEqualTo(
            "run 20261125T100000Z-5a1b2c3e quarantined no row of orders; the closest:"
                + " 20261125T100000Z-5a1b2c3d. The runs that did (the last 5 of 6 by name):"
                + " 20261121T100000Z-1a1b2c3d, 20261122T100000Z-2a1b2c3d,"
                + " 20261123T100000Z-3a1b2c3d, 20261124T100000Z-4a1b2c3d,"
                + " 20261125T100000Z-5a1b2c3d (./lake runs --source orders lists them).");
    assertThat(runSelection("nightly").noRowOfRun(List.of("run-1", "run-2")))
        .isEqualTo(
            "run nightly quarantined no row of orders. The runs that did: run-1, run-2"
                + " (./lake runs --source orders lists them).");
    assertThat(runSelection("run-1").noRowOfRun(List.of()))
        .isEqualTo("run run-1 quarantined no row of orders; no run quarantined a row of it.");
    assertThat(runSelection("run-1").noRowOfRun(List.of("run-1", "run-2")))
        .isEqualTo(
            "run run-1 quarantined rows of orders, but none of them is open and selected by the"
                + " other options.");
  }

  private static ReplaySelection runSelection(String run) {
    return ReplaySelection.of("orders", o -> o.equals("run") ? Optional.of(run) : Optional.empty());
  }

  @Test
  void aRangeBackwardsABadDayAndAnUnknownReasonAreRefused() {
    assertThatThrownBy(() -> selected("from", "2026-11-21", "to", "2026-11-20"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "--from 2026-11-21 is after --to 2026-11-20.\n\n"
                + "Give the first and the last quarantine day of the range (yyyy-MM-dd).");
    assertThatThrownBy(() -> selected("to", "21/11/2026"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "--to is '21/11/2026'; use a day as yyyy-MM-dd.\n\n"
                + "Days are quarantine days in UTC, e.g. 2026-11-21.");
    assertThatThrownBy(() -> selected("reason", "late"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "--reason is 'late'; use one of [malformed, missing_required, type_cast,"
                + " bad_event_time, quality_rule].\n\n"
                + "A reason is a check name as _reason_codes holds it.");
  }
}
