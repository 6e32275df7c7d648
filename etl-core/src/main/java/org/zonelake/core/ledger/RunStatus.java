package org.zonelake.core.ledger;

/** The state of one run of a job for one source, as the ledger records it. */
public enum RunStatus {
  /** Started and not finished (or crashed before recording its end). */
  RUNNING,
  /** Finished; everything it read was committed. */
  SUCCEEDED,
  /** Finished with an error; the failed batch committed nothing. */
  FAILED
}
