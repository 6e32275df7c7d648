package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.model.JobArgument;
import org.zonelake.model.JobSpec;
import org.zonelake.model.Suggestion;

/**
 * Glue-style job arguments: {@code --name value} (or {@code --name=value}). Like Glue's
 * GlueArgParser, only the arguments a job declares are read; every other argument (those Glue
 * injects, such as {@code --JOB_ID}, {@code --JOB_RUN_ID}, {@code --job-bookmark-option}, {@code
 * --TempDir}) is accepted and ignored. A declared required argument that is missing fails with the
 * job's usage, and so does an argument that is one of the job's misspelt ({@code --dry-run} for
 * {@code --dry_run}, {@code --ledger_tabel} for {@code --ledger_table}): ignored, it would quietly
 * change what the run does.
 */
public final class GlueArgs {

  private final JobSpec spec;
  private final Map<String, String> values;

  private GlueArgs(JobSpec spec, Map<String, String> values) {
    this.spec = spec;
    this.values = values;
  }

  /**
   * Parses {@code args} for {@code spec}.
   *
   * @throws org.zonelake.core.errors.LakeException naming every missing required argument
   */
  public static GlueArgs parse(JobSpec spec, String[] args) {
    Map<String, String> all = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        continue;
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = "";
      }
      all.put(name, value);
    }
    for (String name : all.keySet()) {
      misspelt(spec, name)
          .ifPresent(
              meant -> {
                throw CommandLineErrors.badArgument(
                    "Job "
                        + spec.name()
                        + ": unknown argument --"
                        + name
                        + ". Did you mean --"
                        + meant
                        + "?",
                    usage(spec));
              });
    }
    List<String> missing = new ArrayList<>();
    for (JobArgument argument : spec.arguments()) {
      if (argument.required() && all.getOrDefault(argument.name(), "").isBlank()) {
        missing.add("--" + argument.name());
      }
    }
    if (!missing.isEmpty()) {
      throw CommandLineErrors.badArgument(
          "Job "
              + spec.name()
              + ": missing required argument(s) "
              + String.join(", ", missing)
              + ".",
          usage(spec));
    }
    return new GlueArgs(spec, all);
  }

  /**
   * The arguments AWS Glue gives a job of its own (its special job parameters), which the jobs
   * ignore: none of them is taken for a misspelling of the jobs' own.
   */
  static final Set<String> GLUE_PARAMETERS =
      Set.of(
          "JOB_ID",
          "JOB_RUN_ID",
          "SECURITY_CONFIGURATION",
          "TempDir",
          "class",
          "scriptLocation",
          "job-language",
          "job-bookmark-option",
          "extra-jars",
          "extra-files",
          "extra-py-files",
          "user-jars-first",
          "datalake-formats",
          "conf",
          "debug",
          "mode",
          "encryption-type",
          "redshift-tmp-dir",
          "enable-metrics",
          "enable-observability-metrics",
          "enable-spark-ui",
          "spark-event-logs-path",
          "enable-job-insights",
          "enable-glue-datacatalog",
          "enable-continuous-cloudwatch-log",
          "enable-continuous-log-filter",
          "continuous-log-logGroup",
          "continuous-log-logStreamPrefix",
          "continuous-log-conversionPattern",
          "enable-auto-scaling",
          "enable-rename-algorithm-v2",
          "enable-s3-parquet-optimized-committer",
          "write-shuffle-files-to-s3",
          "write-shuffle-spills-to-s3",
          "shuffle-storage-path",
          "additional-python-modules",
          "python-modules-installer-option",
          "customer-driver-env-vars",
          "customer-executor-env-vars");

  /**
   * The declared argument an undeclared {@code name} most likely means: the same but for case and
   * {@code -} for {@code _}, the one declared name it begins with words left out ({@code
   * --max_files} means {@code --max_files_per_batch}), or the closest declared name to it so
   * written ({@code --ledger-tabel} means {@code --ledger_table}). Glue's own arguments ({@link
   * #GLUE_PARAMETERS}) mean none.
   */
  private static Optional<String> misspelt(JobSpec spec, String name) {
    if (spec.argument(name).isPresent() || GLUE_PARAMETERS.contains(name)) {
      return Optional.empty();
    }
    String normal = name.toLowerCase(Locale.ROOT).replace('-', '_');
    List<String> declared = spec.arguments().stream().map(JobArgument::name).toList();
    Optional<String> same =
        declared.stream().filter(d -> d.toLowerCase(Locale.ROOT).equals(normal)).findFirst();
    if (same.isPresent()) {
      return same;
    }
    List<String> completed =
        declared.stream().filter(d -> d.toLowerCase(Locale.ROOT).startsWith(normal + "_")).toList();
    if (completed.size() == 1) {
      return Optional.of(completed.get(0));
    }
    return Suggestion.closest(
        normal, declared.stream().filter(d -> d.matches("[a-z0-9_]+")).toList());
  }

  /** The value of a declared argument, or its default, or empty. */
  public Optional<String> get(String name) {
    JobArgument argument =
        spec.argument(name)
            .orElseThrow(
                () -> new IllegalArgumentException(spec.name() + " does not declare --" + name));
    String value = values.get(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(value);
    }
    return argument.defaultValue();
  }

  /**
   * A yes-or-no argument: {@code true} or {@code false} (any case); given without a value ({@code
   * --dry_run} alone, or an empty value) it is {@code true}, as a flag reads; absent, its default.
   *
   * @throws org.zonelake.core.errors.LakeException naming the argument, its value and what to pass
   */
  public boolean flag(String name) {
    String given = values.get(name);
    String value =
        given != null && given.isBlank() ? "true" : require(name).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw CommandLineErrors.badArgument(
          "--" + name + " is '" + require(name) + "'; use true or false.", usage());
    }
    return value.equals("true");
  }

  /** Whether the job declares {@code --name}. */
  public boolean declares(String name) {
    return spec.argument(name).isPresent();
  }

  /** The job's usage text, for errors about its arguments. */
  public String usage() {
    return usage(spec);
  }

  /** The value of a required argument, or of an optional one with a default. */
  public String require(String name) {
    return get(name).orElseThrow(() -> new IllegalStateException("--" + name + " has no value"));
  }

  /**
   * A required argument (or one with a default) as a whole number of at least {@code min}.
   *
   * @throws org.zonelake.core.errors.LakeException naming the argument, its value and what to pass
   */
  public long wholeNumber(String name, long min) {
    return wholeNumber(name, require(name), min, usage());
  }

  /**
   * {@code value}, given for {@code --name}, as a whole number of at least {@code min} (and at most
   * {@link Integer#MAX_VALUE}).
   *
   * @throws org.zonelake.core.errors.LakeException naming the argument, its value and what to pass
   */
  public static long wholeNumber(String name, String value, long min, String usage) {
    return wholeNumber(name, value, min, Integer.MAX_VALUE, usage);
  }

  /**
   * {@code value}, given for {@code --name}, as a whole number from {@code min} to {@code max}; the
   * message names the range, or only its lower end when {@code max} is {@link Integer#MAX_VALUE} or
   * more and the value is not a whole number above it.
   *
   * @throws org.zonelake.core.errors.LakeException naming the argument, its value and what to pass
   */
  public static long wholeNumber(String name, String value, long min, long max, String usage) {
    String digits = value.strip();
    if (digits.matches("[0-9]{1,18}")) {
      long number = Long.parseLong(digits);
      if (number >= min && number <= max) {
        return number;
      }
    }
    // A whole number above the range is told the range's upper end, however large.
    boolean tooLarge =
        digits.matches("[0-9]+") && (digits.length() > 18 || Long.parseLong(digits) > max);
    throw CommandLineErrors.badArgument(
        "--"
            + name
            + " is '"
            + value
            + "'; use a whole number of "
            + min
            + (max >= Integer.MAX_VALUE && !tooLarge ? " or more." : " to " + max + "."),
        usage);
  }

  /** A comma-separated argument as a list (empty when absent). */
  public List<String> list(String name) {
    return get(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
        .orElse(List.of());
  }

  /** The run id: {@code --run_id}, else the {@code JOB_RUN_ID} Glue injects, else a new id. */
  public String runId() {
    return get("run_id").or(() -> injected("JOB_RUN_ID")).orElseGet(GlueArgs::newRunId);
  }

  /**
   * The processed and quarantine zones of {@code --processed_path} and {@code --quarantine_path}.
   */
  public ZonePaths zones() {
    return ZonePaths.of(require("processed_path"), require("quarantine_path"));
  }

  /** A new run id: UTC time stamp plus a random suffix, sortable by start. */
  public static String newRunId() {
    String time =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.now());
    return time + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** The value of an argument Glue injects (not declared by the job), if present. */
  public Optional<String> injected(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  /** The usage text of a job: one line per argument. */
  public static String usage(JobSpec spec) {
    StringBuilder text =
        new StringBuilder("Usage: ").append(spec.mainClass()).append(" [--name value ...]\n");
    for (JobArgument argument : spec.arguments()) {
      text.append(
          String.format(
              "  --%-22s %s%s%n",
              argument.name(),
              argument.required() ? "(required) " : "",
              argument.description()
                  + argument.defaultValue().map(d -> " Default: " + d + ".").orElse("")));
    }
    text.append("Arguments Glue adds (--JOB_ID, --JOB_RUN_ID, --TempDir, ...) are ignored.");
    return text.toString();
  }
}
