package org.zonelake.core.errors;

import java.util.Collection;
import org.zonelake.core.aws.AwsResource;

/**
 * The one place user-facing failures are made. Every message names the thing that failed, says why,
 * and says how to fix it.
 */
public final class LakeErrors {

  private LakeErrors() {}

  /** A contract file is not valid. */
  public static LakeException invalidContract(
      String file, String field, String problem, String fix) {
    return new LakeException(
        "Contract " + file + ": field '" + field + "' " + problem + ". Fix: " + fix + ".");
  }

  /** A contract file cannot be read or is not JSON. */
  public static LakeException unreadableContract(String file, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        "Contract "
            + file
            + " cannot be read: "
            + detail
            + ". Fix: make it a JSON object as described in the README section 'Dataset"
            + " contracts'.",
        cause);
  }

  /** Two contracts declare the same source. */
  public static LakeException duplicateSource(String source, String first, String second) {
    return new LakeException(
        "Contracts "
            + first
            + " and "
            + second
            + " both declare source '"
            + source
            + "'. Fix: keep one contract per source.");
  }

  /** The contracts location holds no contract. */
  public static LakeException noContracts(String location) {
    return new LakeException(
        "No dataset contract (*.json) found in "
            + location
            + ". Fix: point --contracts at the directory holding the contracts, or leave it out"
            + " to use the contracts shipped in the jar.");
  }

  /** A path the job must read does not exist. */
  public static LakeException missingPath(String what, String path, String fix) {
    return new LakeException(what + " " + path + " does not exist. Fix: " + fix + ".");
  }

  /**
   * A path the job must read cannot even be probed: on S3 typically a bucket that does not exist or
   * that the job may not list.
   */
  public static LakeException unreadablePath(
      String what, String path, Throwable cause, String fix) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        what + " " + path + " cannot be read: " + detail + ". Fix: " + fix + ".", cause);
  }

  /** A source was asked for by name but has no contract. */
  public static LakeException unknownSources(Collection<String> unknown, Collection<String> known) {
    return new LakeException(
        "No contract for source(s) "
            + unknown
            + ". Known sources: "
            + known
            + ". Fix: add a contract file <source>.json or correct --sources.");
  }

  /** A command-line argument is missing or invalid. */
  public static LakeException badArgument(String problem, String usage) {
    return new LakeException(problem + "\n\n" + usage);
  }

  /** A raw CSV file's header does not match the contract. */
  public static LakeException csvHeaderMismatch(String source, String detail) {
    return new LakeException(
        "Source '"
            + source
            + "': a raw CSV file's header does not match the contract schema ("
            + firstLine(detail)
            + "). Fix: correct the file's header, or change the contract's schema to the new"
            + " columns (in the header's order). The file was not processed; the run committed"
            + " nothing for this batch.");
  }

  /** Processing a source failed; wraps the cause with the source and what was kept. */
  public static LakeException sourceFailed(String source, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        "Source '"
            + source
            + "' failed: "
            + detail
            + ". Nothing of the failed batch was committed; its raw files will be read again by"
            + " the next run.",
        cause);
  }

  /** A run finished with failed sources. */
  public static LakeException runFailed(String job, String runId, Collection<String> failed) {
    return new LakeException(
        "Job "
            + job
            + " run "
            + runId
            + " failed for source(s) "
            + failed
            + " (reasons above). Fix: correct the reported problem and run again; failed batches"
            + " committed nothing and are retried.");
  }

  /**
   * A processed-to-curated run finished with failed sources or joined datasets. Their state was not
   * advanced, so the next run recomputes them.
   */
  public static LakeException curatedRunFailed(
      String job, String runId, Collection<String> failed) {
    return new LakeException(
        "Job "
            + job
            + " run "
            + runId
            + " failed for "
            + failed
            + " (reasons above). Fix: correct the reported problem and run again; the next run"
            + " recomputes what failed.");
  }

  /** An existing table has a schema or format the job cannot write into. */
  public static LakeException incompatibleTable(String path, String problem, String fix) {
    return new LakeException("Table " + path + " " + problem + ". Fix: " + fix + ".");
  }

  /** An AWS resource (table, topic) does not exist. */
  public static LakeException awsResourceMissing(
      AwsResource resource, String fix, Throwable cause) {
    return new LakeException(
        resource.describe() + " does not exist at " + resource.target() + ". Fix: " + fix + ".",
        cause);
  }

  /** An AWS service could not be reached at all (no answer after the retries). */
  public static LakeException awsUnreachable(
      AwsResource resource, String errorType, String detail, Throwable cause) {
    return new LakeException(
        resource.describe()
            + " cannot be reached at "
            + resource.target()
            + ": no answer after "
            + attempts(resource.attempts())
            + " ("
            + errorType
            + (detail == null ? "" : ": " + firstLine(detail))
            + "). Fix: check the region and endpoint settings and that this machine can reach"
            + " the service.",
        cause);
  }

  /** An AWS service kept throttling the requests until the retries ran out. */
  public static LakeException awsThrottled(AwsResource resource, Throwable cause) {
    return new LakeException(
        resource.describe()
            + " at "
            + resource.target()
            + " is throttling requests: still throttled after "
            + attempts(resource.attempts())
            + ". Fix: run again later, or raise the resource's quota or capacity.",
        cause);
  }

  /** An AWS service refused a request (permissions, validation, ...). */
  public static LakeException awsRequestRefused(
      AwsResource resource, int status, String code, String message, Throwable cause) {
    return new LakeException(
        resource.describe()
            + " at "
            + resource.target()
            + " refused the request: "
            + code
            + " (HTTP "
            + status
            + ")"
            + (message == null ? "" : ": " + firstLine(message))
            + ". Fix: check the job's permissions on the resource and its settings.",
        cause);
  }

  /** The SDK failed before any request was answered (credentials, region, configuration). */
  public static LakeException awsClientFailed(AwsResource resource, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        "Cannot use "
            + resource.describe()
            + " at "
            + resource.target()
            + ": "
            + detail
            + ". Fix: set the region and credentials for the AWS clients (job arguments or the"
            + " SDK's default settings).",
        cause);
  }

  /** Another run of the same job and source holds the run lease. */
  public static LakeException leaseHeld(
      String job,
      String source,
      String runId,
      String holderRunId,
      String expiresAt,
      String ledgerItem) {
    return new LakeException(
        "Job "
            + job
            + ", source '"
            + source
            + "': run "
            + holderRunId
            + " holds the run lease until "
            + expiresAt
            + " ("
            + ledgerItem
            + "), so run "
            + runId
            + " did not start. Fix: wait for that run to finish; if it crashed, its lease expires"
            + " at that time and the next run proceeds.");
  }

  /** A run was finished in the ledger but never started there. */
  public static LakeException runNotStarted(String runId, String source, String table) {
    return new LakeException(
        "Run "
            + runId
            + " of source '"
            + source
            + "' has no RUNNING item in ledger table '"
            + table
            + "'. Fix: record the run's start before its end.");
  }

  /** A run was started twice, or finished twice, in the ledger. */
  public static LakeException runAlreadyRecorded(
      String runId, String source, String table, String state) {
    return new LakeException(
        "Run "
            + runId
            + " of source '"
            + source
            + "' is already "
            + state
            + " in ledger table '"
            + table
            + "'. Fix: give every run a new run id; a run is started once and finished once.");
  }

  /** A run's list of input files is too large for its ledger item and no pointer was given. */
  public static LakeException inputFileListTooLarge(
      String runId, String source, long bytes, long limit) {
    return new LakeException(
        "Run "
            + runId
            + " of source '"
            + source
            + "': its list of input files takes "
            + bytes
            + " bytes, more than the "
            + limit
            + " bytes a ledger item keeps inline. Fix: store the list (for example next to the"
            + " checkpoint) and record its location instead (InputFiles.stored).");
  }

  /** A local metrics file could not be written. */
  public static LakeException metricsNotWritten(String path, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        "Cannot write the metrics file "
            + path
            + ": "
            + detail
            + ". Fix: make its directory writable or choose another metrics directory.",
        cause);
  }

  private static String attempts(int attempts) {
    return attempts == 1 ? "1 attempt" : attempts + " attempts";
  }

  /** A ruleset file is not valid DQDL or breaks the ruleset layout. */
  public static LakeException invalidRuleset(String file, int line, String problem, String fix) {
    return new LakeException(
        "Ruleset " + file + where(line) + ": " + problem + ". Fix: " + fix + ".");
  }

  /** A ruleset holds a rule ZoneLake cannot evaluate; it is rejected, never ignored. */
  public static LakeException unsupportedRule(
      String file, int line, String rule, String problem, String fix) {
    return new LakeException(
        "Ruleset "
            + file
            + where(line)
            + ": rule '"
            + rule
            + "' "
            + problem
            + ". Fix: "
            + fix
            + ".");
  }

  /** A rule names a column the dataset contract does not declare. */
  public static LakeException unknownRuleColumn(
      String file, int line, String rule, String column, String source, Collection<String> known) {
    return new LakeException(
        "Ruleset "
            + file
            + where(line)
            + ": rule '"
            + rule
            + "' names column '"
            + column
            + "', which the contract of source '"
            + source
            + "' does not declare. Fix: use one of "
            + known
            + ", or declare the column in the contract.");
  }

  /** A ruleset file the contract lists does not exist. */
  public static LakeException missingRuleset(String source, String file, String location) {
    return new LakeException(
        "The contract of source '"
            + source
            + "' lists ruleset "
            + file
            + ", which does not exist in "
            + location
            + ". Fix: add the file next to the contract, or remove it from \"rulesets\".");
  }

  /** A ReferentialIntegrity rule names a reference dataset the caller did not provide. */
  public static LakeException missingReferenceDataset(
      String rule, String reference, Collection<String> provided) {
    return new LakeException(
        "Rule '"
            + rule
            + "' checks against reference dataset '"
            + reference
            + "', which was not provided (provided: "
            + provided
            + "). Fix: pass the reference dataset under the name '"
            + reference
            + "' when evaluating.");
  }

  /**
   * Quality rules with action fail did not pass, so the batch is not committed.
   *
   * @param source the source of the batch
   * @param failures one line per failed rule, each naming the rule, the observed value and the
   *     threshold
   */
  public static LakeException qualityGateFailed(String source, Collection<String> failures) {
    return new LakeException(
        "Source '"
            + source
            + "': "
            + failures.size()
            + " quality rule(s) with action fail did not pass: "
            + String.join("; ", failures)
            + ". Nothing of the batch was committed. Fix: correct the data at its origin, or change"
            + " the rule if the expectation is wrong; the raw files are read again by the next"
            + " run.");
  }

  /** A joined-dataset declaration is not valid. */
  public static LakeException invalidJoinedDataset(
      String file, String field, String problem, String fix) {
    return new LakeException(
        "Joined dataset " + file + ": field '" + field + "' " + problem + ". Fix: " + fix + ".");
  }

  /** A joined-dataset declaration cannot be read or is not JSON. */
  public static LakeException unreadableJoinedDataset(String file, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new LakeException(
        "Joined dataset "
            + file
            + " cannot be read: "
            + detail
            + ". Fix: make it a JSON object as described in the README section 'Joined"
            + " datasets'.",
        cause);
  }

  /** Two declarations name the same joined dataset. */
  public static LakeException duplicateJoinedDataset(String name, String first, String second) {
    return new LakeException(
        "Joined datasets "
            + first
            + " and "
            + second
            + " both declare '"
            + name
            + "'. Fix: keep one declaration per joined dataset.");
  }

  /**
   * The reference table of a joined dataset cannot be used.
   *
   * @param dataset the joined dataset
   * @param location the reference table's location
   * @param problem what is wrong with it
   * @param fix how to correct it
   * @param cause the underlying failure, or null
   */
  public static LakeException badReferenceTable(
      String dataset, String location, String problem, String fix, Throwable cause) {
    return new LakeException(
        "Reference table "
            + location
            + " of joined dataset '"
            + dataset
            + "' "
            + firstLine(problem)
            + ". Fix: "
            + fix
            + ".",
        cause);
  }

  /** A table changed under a job between reading it and committing to it. */
  public static LakeException tableChanged(String path, String problem) {
    return new LakeException(
        "Table "
            + path
            + " changed while the job ran: "
            + problem
            + ". Fix: run the job again; it reads the table as it is now.");
  }

  /** A replay of quarantine rows asked of a lake whose tables are not Delta tables. */
  public static LakeException replayNeedsDelta(String source, String path) {
    return new LakeException(
        "Source '"
            + source
            + "': no Delta quarantine table at "
            + path
            + ". Replaying quarantine rows needs the Delta tables raw-to-processed writes with"
            + " --format delta (Parquet has no atomic update). Fix: run raw-to-processed with"
            + " --format delta first, or correct the source or the quarantine path.");
  }

  /** A replay's recovered rows trip a quality rule with action fail. */
  public static LakeException replayQualityGateFailed(String source, Collection<String> failures) {
    return new LakeException(
        "Source '"
            + source
            + "': the replayed rows do not pass "
            + failures.size()
            + " quality rule(s) with action fail: "
            + String.join("; ", failures)
            + ". Nothing was written and the quarantine rows stay open. Fix: narrow the selection"
            + " (--reason, --rule, --run, --from/--to) or correct the rule.");
  }

  private static String where(int line) {
    return line > 0 ? " line " + line : "";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
