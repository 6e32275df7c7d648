package org.zonelake.jobs;

import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;

/**
 * The failures of the command lines: the jobs' Glue-style arguments ({@link GlueArgs}) and the
 * local runner's commands and options. The message states the problem, then the usage.
 */
public final class CommandLineErrors {

  private CommandLineErrors() {}

  /** A command-line argument is missing or invalid; the usage follows the problem. */
  public static LakeException badArgument(String problem, String usage) {
    return new LakeException(ErrorMessage.what(problem).details(usage));
  }
}
