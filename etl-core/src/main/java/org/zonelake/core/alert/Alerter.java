package org.zonelake.core.alert;

import org.zonelake.core.ledger.RunRecord;

/** Tells people that a run failed. */
public interface Alerter {

  /** An alerter that tells nobody. */
  Alerter NONE = (run, ledgerItem) -> {};

  /**
   * Raises one alert for a failed run.
   *
   * @param run the failed run, as the ledger holds it
   * @param ledgerItem where the ledger keeps it (see {@link
   *     org.zonelake.core.ledger.RunLedger#describeItem})
   * @throws org.zonelake.core.errors.LakeException when the alert cannot be sent
   */
  void runFailed(RunRecord run, String ledgerItem);

  /** The alert's text: job, source, run id, times, reason and the ledger item. */
  static String message(RunRecord run, String ledgerItem) {
    return "ZoneLake run failed.\n"
        + "Job: "
        + run.job()
        + "\nSource: "
        + run.source()
        + "\nRun id: "
        + run.runId()
        + "\nStarted: "
        + run.startedAt()
        + "\nEnded: "
        + run.endedAt().map(Object::toString).orElse("(not recorded)")
        + "\nReason: "
        + run.error().orElse("(no reason recorded)")
        + "\nLedger: "
        + ledgerItem
        + "\n";
  }

  /** The alert's subject (at most 100 characters, as SNS requires). */
  static String subject(RunRecord run) {
    String subject = "ZoneLake " + run.job() + " failed for " + run.source();
    return subject.length() <= 100 ? subject : subject.substring(0, 100);
  }
}
