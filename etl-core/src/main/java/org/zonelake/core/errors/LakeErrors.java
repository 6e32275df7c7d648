package org.zonelake.core.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.zonelake.model.ErrorMessage;
import org.zonelake.model.Suggestion;

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
   * The raw root given holds landing directories ({@code year=2026}), not one directory per source:
   * it is a source's directory or one below it.
   */
  public static LakeException rawRootIsAPartition(String root, String partition) {
    return new LakeException(
        ErrorMessage.what(
                "Raw zone "
                    + root
                    + " holds partition directories ("
                    + partition
                    + "), not one directory per source")
            .fix(
                "pass the raw root with --raw_path (locally --raw): the directory that holds the"
                    + " sources' directories, such as the parent of "
                    + root));
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

  /**
   * A declaration (contract, ruleset, joined dataset) is not UTF-8 text: read anyway, its bytes
   * would be replaced and a value in it changed.
   *
   * @param line the line of the first byte that is not UTF-8
   * @param value that byte
   */
  public static LakeException notUtf8Text(String path, int line, byte value) {
    return new LakeException(
        ErrorMessage.what(
                "File %s line %d is not UTF-8 text (byte 0x%02X)".formatted(path, line, value))
            .fix("save the file as UTF-8"));
  }

  /**
   * A JSON file a job keeps beside its tables (such as its state) is not valid JSON: damaged, or
   * written by something else.
   *
   * @param line the line of the first character that is not JSON
   * @param column its column
   */
  public static LakeException damagedJsonFile(
      String what, String path, int line, int column, Throwable cause, String fix) {
    return damagedFile(
        what, path, "it is not valid JSON (line " + line + ", column " + column + ")", cause, fix);
  }

  /** A file the lake keeps beside its tables is damaged: {@code why} says how. */
  public static LakeException damagedFile(
      String what, String path, String why, Throwable cause, String fix) {
    return new LakeException(
        ErrorMessage.what(what + " " + path + " cannot be read").why(why).fix(fix), cause);
  }

  /** What to do about a table that cannot be read. */
  private static final String RESTORE_TABLE =
      "restore the table (its _delta_log) from a copy; the runs that read it fail until it can be"
          + " read";

  /**
   * A table whose log (or a file of it) cannot be read: named with what its reader said last, and
   * the file it was reading when Spark names one (a commit read by a Spark job is reported as a
   * failed task first).
   */
  public static LakeException unreadableTable(String path, Throwable cause) {
    return unreadableTable(path, cause, RESTORE_TABLE);
  }

  /** The same, with another fix. */
  public static LakeException unreadableTable(String path, Throwable cause, String fix) {
    return unreadableTable(path, readFile(cause), cause, fix);
  }

  private static LakeException unreadableTable(
      String path, java.util.Optional<String> file, Throwable cause, String fix) {
    return new LakeException(
        ErrorMessage.what("Table " + localPath(path) + " cannot be read")
            .why(
                ErrorMessage.detail(LakeException.rootCause(cause))
                    + file.map(f -> " (reading " + localPath(f) + ")").orElse(""))
            .fix(fix),
        cause);
  }

  /** A local path without its {@code file:} scheme, as people give it; any other as it is. */
  private static String localPath(String path) {
    return path.startsWith("file:") ? java.net.URI.create(path).getPath() : path;
  }

  /**
   * The failure as that of a Delta table whose log cannot be read, when Spark (or the lake's own
   * log replay, {@link UnreadableLogFile}) failed reading a file of a {@code _delta_log} directory:
   * such a failure surfaces in whichever query first reads the table's state, and names only the
   * file.
   */
  public static java.util.Optional<LakeException> damagedTableLog(Throwable failure) {
    return readFile(failure)
        .filter(f -> f.contains(DELTA_LOG))
        .map(f -> unreadableTable(f.substring(0, f.indexOf(DELTA_LOG)), failure));
  }

  private static final String DELTA_LOG = "/_delta_log/";

  /** How Spark names the file a failed task was reading. */
  private static final java.util.regex.Pattern READING_FILE =
      java.util.regex.Pattern.compile("error while reading file (\\S+?)\\.(?:\\s|$)");

  /**
   * The log file the lake's log replay could not read, or the file Spark names as the one a failed
   * task was reading, anywhere in the chain.
   */
  private static java.util.Optional<String> readFile(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnreadableLogFile unreadable) {
        return java.util.Optional.of(unreadable.file());
      }
      java.util.regex.Matcher named = READING_FILE.matcher(String.valueOf(t.getMessage()));
      if (named.find()) {
        return java.util.Optional.of(named.group(1));
      }
    }
    return java.util.Optional.empty();
  }

  /** A source was asked for by name but has no contract. */
  public static LakeException unknownSources(Collection<String> unknown, Collection<String> known) {
    List<String> meant = new ArrayList<>();
    for (String name : unknown) {
      Suggestion.closest(name, known).ifPresent(m -> meant.add("'" + m + "' for '" + name + "'"));
    }
    return new LakeException(
        ErrorMessage.what("No contract for source(s) " + unknown)
            .note(
                "Known sources: "
                    + known
                    + (meant.isEmpty() ? "" : "; the closest: " + String.join(", ", meant)))
            .fix(
                "add a contract file <source>.json, or correct the name (the jobs' --sources,"
                    + " lake replay's --source)"));
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

  /**
   * A source failed because a local disk it writes to is full: the lake's (when it is local) or
   * Spark's local directory (shuffle files, upload buffers).
   */
  public static LakeException sourceOutOfDiskSpace(String source, Throwable cause) {
    return new LakeException(
        ErrorMessage.what("Source '" + source + "' failed")
            .why(
                "no space left on device: a local disk the run writes to is full (the lake's,"
                    + " when it is local, or Spark's local directory, spark.local.dir)")
            .note(
                "Its batch is taken again by the next run, which completes what it committed and"
                    + " reads the rest")
            .fix(
                "free space on that disk (or give Spark another local directory with"
                    + " spark.local.dir) and run again"),
        cause);
  }

  /**
   * A source failed because its store kept failing (S3 answering with errors beyond S3A's retries,
   * a connection that broke): {@code cause} is the store's exception, whose message names the
   * operation and the object.
   */
  public static LakeException sourceStoreFailed(String source, Throwable cause) {
    return storeFailed(
        "Source '" + source + "' failed: its store kept failing",
        "Nothing of the failed batch was committed; its raw files will be read again by the next"
            + " run",
        cause);
  }

  private static LakeException storeFailed(String what, String note, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(what).why(storeDetail(cause)).note(note).fix(STORE_FIX), cause);
  }

  private static final java.util.regex.Pattern S3_STATUS =
      java.util.regex.Pattern.compile("Status Code: (\\d+); Error Code: ([^;]+);");

  /**
   * A store failure in a few words: S3A's operation and object (its message starts with them), then
   * S3's status and error code, or the SDK's reason when there was no answer; the SDK's repetitions
   * after them are left out.
   */
  static String storeDetail(Throwable cause) {
    String message = ErrorMessage.detail(cause);
    int sdk = message.indexOf(": com.amazonaws.");
    if (sdk < 0) {
      return message;
    }
    String operation = message.substring(0, sdk);
    java.util.regex.Matcher status = S3_STATUS.matcher(message);
    if (status.find()) {
      return operation + ": S3 answered " + status.group(1) + " " + status.group(2);
    }
    String reason = message.substring(sdk + 2);
    int type = reason.indexOf(": ");
    reason = type < 0 ? reason : reason.substring(type + 2); // after the SDK exception's type
    int repeated = reason.indexOf(": Unable to execute HTTP request");
    return operation + ": " + (repeated > 0 ? reason.substring(0, repeated) : reason);
  }

  private static final String STORE_FIX =
      "check that the store is reachable; for S3 answering with errors (503 SlowDown, 500), run"
          + " again later or give S3A more retries (fs.s3a.retry.limit,"
          + " fs.s3a.retry.throttle.limit)";

  /** How errors name one run of a job and source: {@code Job j, source 's': run r}. */
  public static String runOf(String job, String source, String runId) {
    return "Job " + job + ", source '" + source + "': run " + runId;
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

  /**
   * A maintenance run was asked for a {@code VACUUM} retention shorter than Delta's safety check
   * allows for one of the tables; nothing was changed.
   *
   * @param argument the argument that set the retention, e.g. {@code --retention_days}
   * @param days the retention asked for, in days
   * @param table the table whose minimum is the highest
   * @param minimum that minimum (rounded up to whole days in the message)
   * @param setting how the table sets it, e.g. {@code delta.deletedFileRetentionDuration = 7 days}
   */
  public static LakeException retentionBelowMinimum(
      String argument, long days, String table, Duration minimum, String setting) {
    long day = Duration.ofDays(1).toMillis();
    long minimumDays = (minimum.toMillis() + day - 1) / day;
    return new LakeException(
        ErrorMessage.what(argument + " is " + days + ", below Delta's safety check")
            .why(
                "table "
                    + table
                    + " keeps files it no longer references for "
                    + minimumDays
                    + " day(s) ("
                    + setting
                    + "), and a VACUUM with a shorter retention could delete files that running"
                    + " queries, writers or time travel still read")
            .fix("pass " + argument + " " + minimumDays + " or more")
            .note("Nothing was changed"));
  }

  /**
   * A maintenance run could not maintain some tables or manifest directories. What it did to the
   * others stands; the next run tries the failed ones again.
   */
  public static LakeException maintenanceFailed(
      String job, String runId, Collection<String> failed) {
    return new LakeException(
        ErrorMessage.what(
                "Job " + job + " run " + runId + " failed for " + failed + " (reasons above)")
            .fix(
                "correct the reported problem and run again; maintenance changes no rows, so a"
                    + " failed table is as readable as before"));
  }

  /**
   * The files a write produced carry no statistics: Delta's statistics collection is switched off,
   * and the jobs count the rows they write from those statistics.
   */
  public static LakeException writeStatisticsOff(String path) {
    return new LakeException(
        ErrorMessage.what("Table " + path + ": the files just written carry no row counts")
            .why(
                "Delta's statistics collection is off (spark.databricks.delta.stats.collect is"
                    + " false), and the jobs count the rows they write, and readers skip files, by"
                    + " the files' statistics")
            .note("Nothing was committed")
            .fix("remove that setting, or set it to true, for the lake's jobs"));
  }

  /** A local metrics file could not be written. */
  public static LakeException metricsNotWritten(String path, Throwable cause) {
    return new LakeException(
        ErrorMessage.what("Cannot write the metrics file " + path)
            .why(ErrorMessage.detail(cause))
            .fix("make its directory writable or choose another metrics directory"),
        cause);
  }

  /**
   * A raw file a batch read when it committed its first table cannot be read any more when the
   * batch is retried: leaving it out would commit the rest of the batch without its rows.
   */
  public static LakeException rawFileLostAfterCommit(
      String source, long batch, String path, String reason) {
    return new LakeException(
        ErrorMessage.what(
                "Source '"
                    + source
                    + "', batch "
                    + batch
                    + ": raw file "
                    + path
                    + " cannot be read")
            .why(reason)
            .note(
                "The batch committed its quarantine rows from this file before it stopped, so it"
                    + " cannot leave the file out now; nothing else of the batch was committed")
            .fix(
                "restore the file (raw files are never changed or deleted by the jobs) and run"
                    + " again"));
  }

  /**
   * A raw file's store failed while the file was read (S3 answering with errors beyond the retries,
   * a connection that broke): not a problem of the file, so it is not quarantined.
   */
  public static LakeException rawFileStoreFailed(String path, Throwable cause) {
    return storeFailed(
        "Raw file " + path + " could not be read from its store",
        "This is a failure of the store, not of the file: the file is not quarantined, nothing of"
            + " its batch was committed, and the next run reads it again",
        cause);
  }

  /** {@code lake skip-file} named a file that is not in the source's file quarantine. */
  public static LakeException notInFileQuarantine(
      String source, String path, Collection<String> pending) {
    ErrorMessage message =
        ErrorMessage.what(
            "Raw file " + path + " is not in the file quarantine of '" + source + "'");
    if (pending.isEmpty()) {
      return new LakeException(
          message
              .note("The source has no file in file quarantine")
              .fix(
                  "nothing to skip: no file of the source waits to be tried again (a file skipped"
                      + " before stays skipped)"));
    }
    return new LakeException(
        message
            .note("Files in file quarantine: " + pending)
            .fix(
                "pass one of those paths as shown by the run (or by lake sql on quarantined_files_"
                    + source
                    + ")"));
  }

  /**
   * A run would write a table in another format than the one it has: Parquet files in a Delta
   * table's directory are in no commit of its log, so no reader sees them; a Delta log started in a
   * Parquet table's directory hides the files written before it.
   */
  public static LakeException tableFormatMismatch(String path, String found, String asked) {
    return new LakeException(
        ErrorMessage.what(
                "Table " + path + " is a " + found + " table, and this run writes " + asked)
            .why(
                found.equals("delta")
                    ? "Parquet files written into it would be in no commit of its log, and no"
                        + " reader would see them"
                    : "a Delta log started in it would hide the Parquet files written before it")
            .fix(
                "run with the lake's format, --format "
                    + found
                    + ", or write the "
                    + asked
                    + " tables to another lake directory"));
  }

  /**
   * A contract removed a column of its source's processed table, or changed its type: refused
   * before any data is read, since the table's rows could not keep their meaning.
   *
   * @param newType the type the contract declares now; null when the contract dropped the column
   */
  public static LakeException incompatibleContractChange(
      String source, String table, String column, String oldType, String newType) {
    String change =
        newType == null
            ? "no longer declares column '" + column + "' (" + oldType + ")"
            : "declares column '" + column + "' as " + newType + " where the table has " + oldType;
    return new LakeException(
        ErrorMessage.what("Contract '" + source + "' " + change)
            .why(
                "the processed table "
                    + table
                    + " keeps its columns and their types; only new nullable columns are added"
                    + " to it")
            .note("Nothing was read or written for the source")
            .fix(
                "either give the changed contract a new source name (new tables; the old ones stay"
                    + " as they are), or migrate: move the source's processed table, its quarantine"
                    + " table, processed/_stats/"
                    + source
                    + " and processed/_manifests/"
                    + source
                    + " aside, and the next run reprocesses every raw file of the source under the"
                    + " new contract (raw files are never changed)"));
  }

  /** A run could not renew its lease before a commit: it stops without committing. */
  public static LakeException leaseLost(String job, String source, String runId, String why) {
    return new LakeException(
        ErrorMessage.what(runOf(job, source, runId) + " lost its run lease")
            .why(why)
            .note(
                "The run stopped before its next commit; another run may work on the source now."
                    + " Nothing of the stopped batch was committed; its manifest is retried by the"
                    + " next run")
            .fix(
                "check that the run ledger is reachable and that no run took the source over; run"
                    + " again"));
  }

  /**
   * A run found at its end that it had lost its lease: it stalled beyond the lease's time to live
   * and another run took the source over (and recorded this one as ended).
   */
  public static LakeException leaseLostBeforeEnd(
      String job, String source, String runId, String why) {
    return new LakeException(
        ErrorMessage.what(runOf(job, source, runId) + " lost its run lease before it ended")
            .why(why)
            .note(
                "What the run committed while it held the lease stays committed; the run that"
                    + " took the source over recorded this one as ended")
            .fix(
                "find out what stalled the run beyond its lease (a paused process, a full"
                    + " machine); nothing to redo"));
  }

  /** A run stopped on request (Ctrl-C) before it finished. */
  public static LakeException runStopped(String job, String source, String runId, String by) {
    return new LakeException(
        ErrorMessage.what(runOf(job, source, runId) + " stopped by " + by)
            .note("Nothing was committed after the stop")
            .fix("run again"));
  }

  /**
   * A run never recorded its end (killed, stalled beyond its lease's time to live, or unable to
   * reach the ledger when it ended), as the run that took the source's lease over records it.
   */
  public static LakeException runAbandoned(
      String job, String source, String runId, String takenBy) {
    return new LakeException(
        ErrorMessage.what(runOf(job, source, runId) + " never recorded its end")
            .why(
                "it was killed, stalled beyond its lease or could not reach the ledger when it"
                    + " ended, and run "
                    + takenBy
                    + " has taken the source over")
            .note(
                "What it committed stays committed; what it did not, run "
                    + takenBy
                    + " takes again")
            .fix("nothing to do; if it recurs, find out what stops the job's process"));
  }

  /** A table changed under a job between reading it and committing to it. */
  public static LakeException tableChanged(String path, String problem) {
    return new LakeException(
        ErrorMessage.what("Table " + path + " changed while the job ran")
            .why(problem)
            .fix("run the job again; it reads the table as it is now"));
  }

  /** The curated job asked of a source whose processed table is a Parquet table. */
  public static LakeException curatedNeedsDelta(String source, String path) {
    return new LakeException(
        ErrorMessage.what(
                "Source '" + source + "': the processed table " + path + " is a Parquet table")
            .note(
                "The curated tables are built from the Delta log of the processed tables (which"
                    + " days changed, at which versions); Parquet has none")
            .fix(
                "write the lake with --format delta (into another lake directory: raw-to-processed"
                    + " reads every raw file again) to have curated tables, or leave "
                    + source
                    + " out of the curated job's --sources"));
  }

  /**
   * A replay of quarantine rows asked of a lake whose quarantine table is not a Delta table.
   *
   * @param parquet true when the table is there, in Parquet; false when there is none
   */
  public static LakeException replayNeedsDelta(String source, String path, boolean parquet) {
    ErrorMessage message =
        ErrorMessage.what(
                "Source '"
                    + source
                    + "': "
                    + (parquet
                        ? "the quarantine table " + path + " is a Parquet table"
                        : "no" + " quarantine table at " + path))
            .note(
                "Replaying quarantine rows needs the Delta tables raw-to-processed writes with"
                    + " --format delta: a replay marks the rows it recovers in place, which"
                    + " Parquet cannot do atomically");
    return new LakeException(
        parquet
            ? message.fix(
                "a Parquet lake cannot be replayed; to replay, run raw-to-processed with"
                    + " --format delta into another lake directory (it reads every raw file"
                    + " again), and replay there")
            : message.fix(
                "run raw-to-processed first, or correct the source or the quarantine path"));
  }
}
