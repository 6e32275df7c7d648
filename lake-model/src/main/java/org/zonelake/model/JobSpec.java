package org.zonelake.model;

import java.util.List;
import java.util.Optional;

/**
 * What a job is called, which class runs it and which arguments it declares: what the jobs parse
 * their arguments and print their usage with, and what the deployment defines the Glue jobs by.
 *
 * @param name the job's short name (also the default {@code --JOB_NAME})
 * @param mainClass the fully qualified class Glue and spark-submit run ({@code --class})
 * @param arguments the arguments it accepts, in the order of its usage message
 */
public record JobSpec(String name, String mainClass, List<JobArgument> arguments) {

  /** Copies the argument list. */
  public JobSpec {
    arguments = List.copyOf(arguments);
  }

  /** The argument with this name, if the job declares it. */
  public Optional<JobArgument> argument(String argumentName) {
    return arguments.stream().filter(a -> a.name().equals(argumentName)).findFirst();
  }

  /**
   * The default of the optional argument {@code argumentName}: the value the job uses when it is
   * not given, and the one code running the job without arguments uses.
   *
   * @throws IllegalArgumentException when the job declares no default for it
   */
  public String defaultOf(String argumentName) {
    return argument(argumentName)
        .flatMap(JobArgument::defaultValue)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Job " + name + " declares no default for --" + argumentName));
  }

  /** {@link #defaultOf} of a whole-number argument. */
  public long defaultNumber(String argumentName) {
    return Long.parseLong(defaultOf(argumentName));
  }

  /** The names of all declared arguments. */
  public List<String> argumentNames() {
    return arguments.stream().map(JobArgument::name).toList();
  }
}
