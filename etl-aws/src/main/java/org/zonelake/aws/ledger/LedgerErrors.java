package org.zonelake.aws.ledger;

import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;

/** The failures of the run ledger's own rules: leases, a run's start and end, its item's size. */
final class LedgerErrors {

  private LedgerErrors() {}

  /**
   * Another run holds the run lease of the job and source: a run of the same job, or of {@code
   * holderJob} (a replay holds the raw-to-processed lease of its source).
   */
  static LakeException leaseHeld(
      String job,
      String source,
      String runId,
      String holderRunId,
      String holderJob,
      String expiresAt,
      String ledgerItem) {
    return new LakeException(
        ErrorMessage.what(
                LakeErrors.runOf(holderJob, source, holderRunId)
                    + " holds the "
                    + (holderJob.equals(job) ? "" : job + " ")
                    + "run lease until "
                    + expiresAt
                    + " ("
                    + ledgerItem
                    + "), so run "
                    + runId
                    + " did not start")
            .fix(
                "wait for that run to finish; if it crashed, its lease expires at that time and"
                    + " the next run proceeds"));
  }

  /** A run was finished in the ledger but never started there. */
  static LakeException runNotStarted(String runId, String source, String table) {
    return new LakeException(
        ErrorMessage.what(
                run(runId, source) + " has no RUNNING item in ledger table '" + table + "'")
            .fix("record the run's start before its end"));
  }

  /** A run was started twice, or finished twice, in the ledger. */
  static LakeException runAlreadyRecorded(String runId, String source, String table, String state) {
    return new LakeException(
        ErrorMessage.what(
                run(runId, source) + " is already " + state + " in ledger table '" + table + "'")
            .fix("give every run a new run id; a run is started once and finished once"));
  }

  /** A run's list of input files is too large for its ledger item and no pointer was given. */
  static LakeException inputFileListTooLarge(String runId, String source, long bytes, long limit) {
    return new LakeException(
        ErrorMessage.what(
                run(runId, source)
                    + ": its list of input files takes "
                    + bytes
                    + " bytes, more than the "
                    + limit
                    + " bytes a ledger item keeps inline")
            .fix(
                "store the list (for example next to the checkpoint) and record its location"
                    + " instead (InputFiles.stored)"));
  }

  /** {@code Run <runId> of source '<source>'}. */
  private static String run(String runId, String source) {
    return "Run " + runId + " of source '" + source + "'";
  }
}
