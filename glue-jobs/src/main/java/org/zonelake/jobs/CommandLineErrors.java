package org.zonelake.jobs;

import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;

/**
 * The failures of the command lines: the jobs' Glue-style arguments ({@link GlueArgs}) and the
 * local runner's commands and options. The message states the problem, then the usage.
 */
public final class CommandLineErrors {

  private CommandLineErrors() {}

  /**
   * {@code text} as one shell word, for commands a message gives to paste: as it is when it holds
   * no character the shell treats specially, else single-quoted.
   */
  public static String shellWord(String text) {
    return text.matches("[A-Za-z0-9_./:=@%+,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /** A command-line argument is missing or invalid; the usage follows the problem. */
  public static LakeException badArgument(String problem, String usage) {
    return new LakeException(ErrorMessage.what(problem).details(usage));
  }

  /** {@code lake sql} was given a statement that writes, which it refuses before Spark runs it. */
  public static LakeException notAQuery() {
    return new LakeException(
        ErrorMessage.what("lake sql runs queries only")
            .why("the statement would change the lake's tables or the session")
            .fix(
                "query with SELECT (or WITH ... SELECT, DESCRIBE, SHOW TABLES, EXPLAIN); only the"
                    + " jobs write the lake's tables"));
  }

  /**
   * A directory the command needs is a file, or cannot be created or written.
   *
   * @param what what the directory is ("Lake directory")
   * @param problem what is wrong with it ("is a file, not a directory")
   * @param fix how to fix it
   */
  public static LakeException unusableDirectory(
      String what, String path, String problem, String fix) {
    return new LakeException(ErrorMessage.what(what + " " + path + " " + problem).fix(fix));
  }

  /**
   * A query of {@code lake sql} failed while it ran (it was valid: a value it met made an
   * expression fail); {@code why} is what the expression said.
   */
  public static LakeException queryFailed(String why) {
    return new LakeException(
        ErrorMessage.what("The query failed while it ran")
            .why(why)
            .fix(
                "correct the query or the values it reads; try_cast, try_divide and the other"
                    + " try_ functions give NULL where a value cannot be converted"));
  }
}
