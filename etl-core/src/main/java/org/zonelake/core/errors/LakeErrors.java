package org.zonelake.core.errors;

import java.util.Collection;
import org.zonelake.model.ErrorMessage;

/**
 * The failures of runs and of the paths they read and write: a missing or unreadable location, an
 * unknown source, a source or run that failed. Every message names the thing that failed, says why,
 * and says how to fix it ({@link ErrorMessage}). The mistakes of contracts and joined datasets are
 * made by {@code org.zonelake.core.contract.DeclarationErrors}; those of the quality rules, the
 * command line and the AWS services by factories beside their code.
 */
public final class LakeErrors {

  private LakeErrors() {}

  /** A path the job must read does not exist. */
  public static LakeException missingPath(String what, String path, String fix) {
    return new LakeException(ErrorMessage.what(what + " " + path + " does not exist").fix(fix));
  }

  /**
   * A path the job must read cannot even be probed: on S3 typically a bucket that does not exist or
   * that the job may not list.
   */
  public static LakeException unreadablePath(
      String what, String path, Throwable cause, String fix) {
    return new LakeException(
        ErrorMessage.what(what + " " + path + " cannot be read")
            .why(ErrorMessage.detail(cause))
            .fix(fix),
        cause);
  }

  /** A source was asked for by name but has no contract. */
  public static LakeException unknownSources(Collection<String> unknown, Collection<String> known) {
    return new LakeException(
        ErrorMessage.what("No contract for source(s) " + unknown)
            .note("Known sources: " + known)
            .fix("add a contract file <source>.json or correct --sources"));
  }

  /** A raw CSV file's header does not match the contract. */
  public static LakeException csvHeaderMismatch(String source, String detail) {
    return new LakeException(
        ErrorMessage.what(
                "Source '"
                    + source
                    + "': a raw CSV file's header does not match the contract schema ("
                    + ErrorMessage.firstLine(detail)
                    + ")")
            .fix(
                "correct the file's header, or change the contract's schema to the new columns (in"
                    + " the header's order). The file was not processed; the run committed nothing"
                    + " for this batch"));
  }

  /** Processing a source failed; wraps the cause with the source and what was kept. */
  public static LakeException sourceFailed(String source, Throwable cause) {
    return new LakeException(
        ErrorMessage.what("Source '" + source + "' failed")
            .why(ErrorMessage.detail(cause))
            .note(
                "Nothing of the failed batch was committed; its raw files will be read again by"
                    + " the next run"),
        cause);
  }

  /** A run finished with failed sources. */
  public static LakeException runFailed(String job, String runId, Collection<String> failed) {
    return new LakeException(
        ErrorMessage.what(
                "Job "
                    + job
                    + " run "
                    + runId
                    + " failed for source(s) "
                    + failed
                    + " (reasons above)")
            .fix(
                "correct the reported problem and run again; failed batches committed nothing and"
                    + " are retried"));
  }

  /**
   * A processed-to-curated run finished with failed sources or joined datasets. Their state was not
   * advanced, so the next run recomputes them.
   */
  public static LakeException curatedRunFailed(
      String job, String runId, Collection<String> failed) {
    return new LakeException(
        ErrorMessage.what(
                "Job " + job + " run " + runId + " failed for " + failed + " (reasons above)")
            .fix(
                "correct the reported problem and run again; the next run recomputes what failed"));
  }

  /** An existing table has a schema or format the job cannot write into. */
  public static LakeException incompatibleTable(String path, String problem, String fix) {
    return new LakeException(ErrorMessage.what("Table " + path + " " + problem).fix(fix));
  }

  /** A local metrics file could not be written. */
  public static LakeException metricsNotWritten(String path, Throwable cause) {
    return new LakeException(
        ErrorMessage.what("Cannot write the metrics file " + path)
            .why(ErrorMessage.detail(cause))
            .fix("make its directory writable or choose another metrics directory"),
        cause);
  }

  /** A table changed under a job between reading it and committing to it. */
  public static LakeException tableChanged(String path, String problem) {
    return new LakeException(
        ErrorMessage.what("Table " + path + " changed while the job ran")
            .why(problem)
            .fix("run the job again; it reads the table as it is now"));
  }

  /** A replay of quarantine rows asked of a lake whose tables are not Delta tables. */
  public static LakeException replayNeedsDelta(String source, String path) {
    return new LakeException(
        ErrorMessage.what("Source '" + source + "': no Delta quarantine table at " + path)
            .note(
                "Replaying quarantine rows needs the Delta tables raw-to-processed writes with"
                    + " --format delta (Parquet has no atomic update)")
            .fix(
                "run raw-to-processed with --format delta first, or correct the source or the"
                    + " quarantine path"));
  }

  /** A replay's recovered rows trip a quality rule with action fail. */
  public static LakeException replayQualityGateFailed(String source, Collection<String> failures) {
    return new LakeException(
        ErrorMessage.what(
                "Source '"
                    + source
                    + "': the replayed rows do not pass "
                    + failures.size()
                    + " quality rule(s) with action fail")
            .why(String.join("; ", failures))
            .note("Nothing was written and the quarantine rows stay open")
            .fix(
                "narrow the selection (--reason, --rule, --run, --from/--to) or correct the rule"));
  }
}
