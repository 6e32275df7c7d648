package org.zonelake.jobs.local;

import java.util.Optional;
import org.zonelake.core.ledger.RunLedger;

/**
 * What the quality report reads besides the lake's tables.
 *
 * @param ledger the lake's run ledger, for the last run of each source and the trends over runs
 *     (empty: the report says they need it)
 * @param contracts the contracts and rulesets a replay preview evaluates with (empty: shipped)
 */
record ReportInputs(Optional<RunLedger> ledger, Optional<String> contracts) {

  /** No ledger, the shipped contracts. */
  static final ReportInputs NONE = new ReportInputs(Optional.empty(), Optional.empty());
}
