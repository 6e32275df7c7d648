package org.zonelake.jobs.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.maintenance.CompactionPolicy;
import org.zonelake.core.metrics.JsonMetricsPublisher;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.jobs.CommandLineErrors;
import org.zonelake.jobs.CuratedResult;
import org.zonelake.jobs.FileQuarantine;
import org.zonelake.jobs.GlueArgs;
import org.zonelake.jobs.MaintenanceConfig;
import org.zonelake.jobs.MaintenancePlan;
import org.zonelake.jobs.MaintenanceReport;
import org.zonelake.jobs.MaintenanceResult;
import org.zonelake.jobs.ProcessedToCuratedConfig;
import org.zonelake.jobs.ProcessedToCuratedPlan;
import org.zonelake.jobs.RawToProcessedConfig;
import org.zonelake.jobs.RawToProcessedPlan;
import org.zonelake.jobs.ReplayQuarantineConfig;
import org.zonelake.jobs.ReplayQuarantinePlan;
import org.zonelake.jobs.ReplayResult;
import org.zonelake.jobs.ReplaySelection;
import org.zonelake.jobs.RunReport;
import org.zonelake.jobs.RunServices;
import org.zonelake.jobs.RunStop;
import org.zonelake.model.ErrorMessage;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.Suggestion;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local runner behind {@code ./lake}: runs the jobs on a lake kept in a local directory with an
 * embedded Spark, and queries its tables with Spark SQL.
 *
 * <p>Commands: {@code run}, {@code skip-file}, {@code sql}, {@code runs}, {@code lineage}, {@code
 * maintain}, {@code replay}, {@code quality} and {@code help}; {@link #USAGE} lists their options
 * ({@code bench} is dispatched by the {@code lake} script to the benchmark module), and {@code -h}
 * or {@code --help} after a command prints its part.
 */
public final class LakeCli {

  static final String USAGE =
      """
      Usage:
        lake run [--raw DIR] [--lake DIR] [--contracts DIR] [--format delta|parquet] [--master M]
                 [--lease_seconds N] [--late_file_days N] [--max_files_per_batch N]
            Runs raw->processed on every source with a contract (new raw files only),
            then processed->curated for the days that changed.
            Defaults: --raw testdata/raw, --lake ./lake-data, the shipped contracts, delta,
            --master local[*], --lease_seconds 120 (how long a killed run blocks the next one),
            --late_file_days 7 (landing days before the latest one listed for late files),
            --max_files_per_batch 1000.
            Ctrl-C stops the run cleanly: nothing more is committed, the leases are given
            back, exit status 130; a second Ctrl-C quits at once.
        lake skip-file SOURCE PATH [--lake DIR] [--format delta|parquet] [--master M]
            Skips a raw file that runs could not read (it is in the source's file quarantine,
            table quarantined_files_<source>): later runs no longer try it.
        lake runs [--lake DIR] [--source S] [--limit N] [--ledger_table T [--region R]
                  [--endpoint URL]]
            Prints the run history from the lake's run ledger, newest first
            (default: the last 20 runs of each name the ledger holds: sources, joined
            datasets, and the tables and manifest directories of maintenance, named as
            maintain prints them, processed/orders). With --ledger_table, from that
            DynamoDB table (the jobs' --ledger_table on AWS; credentials and region from
            the AWS SDK's usual settings), with no local lake.
        lake lineage TABLE [--lake DIR] [--version N] [--master M] [--ledger_table T
                     [--region R] [--endpoint URL]]
            Shows which runs and raw files (processed, quarantine and joined tables) or which
            source-days and runs (the other curated tables) produced a version of a table
            (default: latest).
        lake maintain [--lake DIR] [--retention_days N] [--min_files N] [--small_file_mb N]
                      [--target_file_mb N] [--master M]
            Compacts the partitions of every table that have more than --min_files (5) files
            under --small_file_mb (32 MiB) into files of up to --target_file_mb (128 MiB),
            vacuums files the tables stopped using more than --retention_days (7; never below a
            table's delta.deletedFileRetentionDuration) ago, deletes committed manifests and
            per-run file lists older than that, records each table in the run ledger and prints
            what it did.
        lake replay --source S [--reason CODE] [--rule TEXT] [--run RUN_ID]
                    [--from DAY --to DAY] [--dry-run] [--lake DIR] [--contracts DIR] [--master M]
            Re-evaluates the open quarantine rows of a source (narrowed by reason code,
            quality rule, quarantining run, quarantine days yyyy-MM-dd) with the contract and
            rules as they are now: rows that pass go to processed, their quarantine rows are
            marked replayed. --dry-run prints what would be recovered, per reason, writing
            nothing.
        lake quality [--lake DIR] [--out FILE] [--contracts DIR] [--master M]
            Writes the quality report (one self-contained HTML file; default
            <lake>/quality-report.html): a summary per source (last run, open quarantine and
            what a replay would recover), run trends, rules with pass rates and the evidence
            of failed rules, quarantine by reason, quality-score histogram, anomalies and
            metric trends per source.
        lake sql [--lake DIR] [--format csv|json] [--master M] "QUERY"
            Runs Spark SQL with every table of the lake registered by name
            (processed_<source>, quarantine_<source>, quarantined_files_<source>,
            daily_summary, hourly_metrics, source_statistics, the joined datasets,
            join_statistics, quality_metrics, quality_rule_results) and prints the result.
        lake bench [--records N[,N...]] [--runs R] [--dir DIR] ...
            Times the jobs against a DuckDB reference and updates BENCHMARKS.md;
            lake bench --help lists every option.
        lake help
            Prints this text; lake COMMAND --help prints the part of one command.
      """;

  /** The commands, in the order {@link #USAGE} lists them. */
  static final List<String> COMMANDS =
      List.of(
          "run",
          "skip-file",
          "runs",
          "lineage",
          "maintain",
          "replay",
          "quality",
          "sql",
          "bench",
          "help");

  private final PrintStream out;
  private final PrintStream err;
  private final String home;

  /** The usage of one command: its block of {@link #USAGE}, and where the others are. */
  static String usage(String command) {
    StringBuilder block = new StringBuilder("Usage:\n");
    boolean inBlock = false;
    for (String line : USAGE.lines().toList()) {
      if (line.startsWith("  lake ")) {
        inBlock = line.equals("  lake " + command) || line.startsWith("  lake " + command + " ");
      }
      if (inBlock) {
        block.append(line).append('\n');
      }
    }
    return block.append("lake help prints every command with its options.").toString();
  }

  /** {@code " Did you mean <quote><name><end>?"} for the closest of {@code names}, or nothing. */
  private static String didYouMean(String quote, String given, List<String> names, String end) {
    return Suggestion.closest(given, names)
        .map(name -> " Did you mean " + quote + name + end + "?")
        .orElse("");
  }

  LakeCli(PrintStream out, PrintStream err, String home) {
    this.out = out;
    this.err = err;
    this.home = home;
  }

  /**
   * Runs a command; exits with its status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    String home = System.getProperty("zonelake.home", ".");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status = 1;
    try {
      status = new LakeCli(out, err, home).execute(args);
    } catch (Exception | Error e) {
      // Exception, not only RuntimeException: Spark throws its checked exceptions undeclared.
      err.println(
          "error: unexpected failure, please report it with the stack trace below: "
              + ErrorMessage.detail(e));
      e.printStackTrace(err);
    } finally {
      // Also when a command failed unexpectedly: the local ledger's server threads must not keep
      // the process alive.
      System.exit(status);
    }
  }

  /** Runs a command and returns its exit status (0 on success). */
  int execute(String[] args) {
    try {
      if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
        out.print(USAGE);
        return args.length == 0 ? 2 : 0;
      }
      if (COMMANDS.contains(args[0])
          && Arrays.stream(args).skip(1).anyMatch(a -> a.equals("-h") || a.equals("--help"))) {
        out.println(usage(args[0]));
        return 0;
      }
      Options options = Options.parse(args);
      return switch (args[0]) {
        case "run" -> stoppable(() -> run(options));
        case "sql" -> sql(options);
        case "runs" -> runs(options);
        case "lineage" -> lineage(options);
        case "quality" -> quality(options);
        case "maintain" -> stoppable(() -> maintain(options));
        case "skip-file" -> skipFile(options);
        case "replay" -> stoppable(() -> replay(options));
        default ->
            throw CommandLineErrors.badArgument(
                "Unknown command '"
                    + args[0]
                    + "'."
                    + didYouMean("'", args[0], COMMANDS, "'")
                    + " Commands: "
                    + String.join(", ", COMMANDS)
                    + ".",
                "lake help prints every command with its options.");
      };
    } catch (LakeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Runs a command that commits with Ctrl-C asking its runs to stop ({@link StopOnSignal}): then
   * its status is the signal's (130 for Ctrl-C) once it has printed what its runs did.
   */
  private int stoppable(IntSupplier command) {
    try (StopOnSignal stop = StopOnSignal.install(err)) {
      int status;
      try {
        status = command.getAsInt();
      } catch (LakeException e) {
        err.println("error: " + e.getMessage());
        status = 1;
      } catch (Exception e) {
        // Spark's exceptions (a cancelled job) after a stop: the command says it was stopped.
        if (RunStop.requestedBy().isEmpty()) {
          throw e;
        }
        err.println(
            "error: stopped by "
                + RunStop.requestedBy().get()
                + " ("
                + ErrorMessage.detail(e)
                + "). What was committed before the stop stays; run the command again.");
        status = 1;
      }
      return stop.status().orElse(status);
    }
  }

  private int run(Options options) {
    options.allow(
        "raw",
        "lake",
        "contracts",
        "format",
        "master",
        "lease_seconds",
        "late_file_days",
        "max_files_per_batch");
    options.noArguments();
    String format = options.choice("format", "delta", "delta", "parquet");
    long leaseSeconds =
        options
            .number("lease_seconds", 1, RunServices.MAX_LEASE_SECONDS)
            .orElse(RunServices.NONE.leaseTtl().toSeconds());
    int lateFileDays =
        options
            .number("late_file_days", 0, Integer.MAX_VALUE)
            .orElse((long) RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS)
            .intValue();
    int maxFilesPerBatch =
        options
            .number("max_files_per_batch", 1, Integer.MAX_VALUE)
            .orElse((long) RawToProcessedConfig.DEFAULT_MAX_FILES_PER_BATCH)
            .intValue();
    String master = options.master();
    Duration leaseTtl = Duration.ofSeconds(leaseSeconds);
    String raw = absolute(options.get("raw", new File(home, "testdata/raw").getPath()));
    String rawFix = "pass --raw DIR (a directory with one sub-directory per source)";
    if (new File(raw).isFile()) {
      throw CommandLineErrors.unusableDirectory(
          "Raw directory", raw, "is a file, not a directory", rawFix);
    }
    if (!new File(raw).isDirectory()) {
      throw LakeErrors.missingPath("Raw directory", raw, rawFix);
    }
    String lakeDirectory = absolute(options.get("lake", LocalLake.DEFAULT_DIRECTORY));
    Optional<Path> created = LocalLake.firstMissing(lakeDirectory);
    String lake = writableLake(lakeDirectory);
    LakeLayout layout = LakeLayout.under(lake, raw);
    RawToProcessedConfig config =
        new RawToProcessedConfig(
            JobCatalog.RAW_TO_PROCESSED.name(),
            GlueArgs.newRunId(),
            layout,
            options.optional("contracts").map(LakeCli::absolute),
            TableFormat.named(format).orElseThrow(),
            List.of(),
            maxFilesPerBatch,
            lateFileDays);
    // DynamoDB Local starts while the Spark session does.
    java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting = startLedger(lake);
    SparkSession spark =
        LocalSpark.session(
            master,
            LocalLake.warehouse(lake),
            atMostBytes(Path.of(raw), LocalSpark.SMALL_INPUT_BYTES));
    err.printf("Lake %s, raw %s, run %s%n", lake, raw, config.runId());
    // On a terminal, long batches report their progress every 10 s.
    Progress progress =
        System.console() == null ? null : Progress.start(spark.sparkContext(), err, 10);
    RunListener listener = withProgress(RunReport.progress(err), progress);
    boolean failed;
    try {
      failed =
          withLedger(
              starting,
              ledger ->
                  runJobs(
                      spark,
                      config,
                      lake,
                      listener,
                      new RunServices(
                          ledger,
                          new JsonMetricsPublisher(LocalLake.metrics(lake)),
                          Alerter.NONE,
                          leaseTtl)));
    } catch (RuntimeException e) {
      // A mistake found before anything was written (a contract's, a mistyped --lake's) leaves
      // no new directory behind.
      created.ifPresent(directory -> LocalLake.removeIfOnlyLedger(directory, lake));
      throw e;
    }
    if (progress != null) {
      progress.close();
    }
    if (failed) {
      return 1;
    }
    // The lake's option only when it is not the default one.
    String given = options.get("lake", LocalLake.DEFAULT_DIRECTORY);
    String where =
        lake.equals(absolute(LocalLake.DEFAULT_DIRECTORY))
            ? ""
            : " --lake " + CommandLineErrors.shellWord(given);
    // A source the lake holds: orders on the sample data, else the first by name.
    List<String> sources = LakeTables.processedSources(lake);
    if (!sources.isEmpty()) {
      out.printf(
          "Query the tables: ./lake sql%s \"SELECT _source, count(*) FROM processed_%s GROUP BY"
              + " 1\"%n",
          where, sources.contains("orders") ? "orders" : sources.get(0));
    }
    return 0;
  }

  /**
   * Raw to processed, then (for Delta lakes) processed to curated for the sources that did not
   * fail, both reporting to {@code services}; prints both summaries and returns whether anything
   * failed.
   */
  private boolean runJobs(
      SparkSession spark,
      RawToProcessedConfig config,
      String lake,
      RunListener listener,
      RunServices services) {
    LakeLayout layout = config.layout();
    // The curated step's declarations too, before raw to processed writes anything.
    List<JoinedDataset> joins =
        config.format() == TableFormat.DELTA
            ? ProcessedToCuratedPlan.checkDeclarations(spark, config.contracts())
            : List.of();
    List<SourceOutcome> outcomes = new RawToProcessedPlan(spark, config, listener, services).run();
    out.print(RunReport.summary(config.runId(), outcomes));
    boolean failed = RunReport.anyFailed(outcomes);
    if (RunStop.requested()) {
      // Each source's line says it was stopped; the curated step waits for the next run.
      if (config.format() == TableFormat.DELTA) {
        out.println(
            "No curated run: the run was stopped; the next run brings the curated tables up to"
                + " date.");
      }
      return true;
    }
    // The errors go last on stderr, after the curated step's progress lines.
    List<String> errors = new ArrayList<>();
    if (failed) {
      errors.add(
          LakeErrors.runFailed(
                  JobCatalog.RAW_TO_PROCESSED.name(), config.runId(), RunReport.failed(outcomes))
              .getMessage());
    }
    if (config.format() == TableFormat.DELTA) {
      // Curated tables for the sources whose processed table exists and did not fail, as a run
      // of its own (the ledger records each job's run of a source under its run id).
      List<String> sources =
          outcomes.stream()
              .filter(o -> o.status() != SourceOutcome.Status.FAILED)
              .map(SourceOutcome::source)
              .filter(s -> new File(layout.processedTable(s)).isDirectory())
              .toList();
      ProcessedToCuratedConfig curated =
          new ProcessedToCuratedConfig(
              JobCatalog.PROCESSED_TO_CURATED.name(),
              config.runId() + "-curated",
              layout,
              LocalLake.curated(lake),
              config.contracts(),
              sources);
      // The failed sources (and the joined datasets they lead) wait for their next good run.
      List<String> failedSources = RunReport.failed(outcomes);
      if (sources.isEmpty()) {
        out.println(
            failedSources.isEmpty()
                ? "No curated run: no source has a processed table yet."
                : "No curated run: every source with a processed table failed raw->processed; the"
                    + " next run that succeeds brings the curated tables up to date.");
      } else {
        CuratedResult curatedResult =
            new ProcessedToCuratedPlan(spark, curated, err, services).run();
        out.print(
            ProcessedToCuratedPlan.summary(curated.runId(), curatedResult, failedSources, joins));
        if (!curatedResult.failed().isEmpty()) {
          errors.add(
              LakeErrors.curatedRunFailed(
                      curated.jobName(), curated.runId(), curatedResult.failed())
                  .getMessage());
        }
      }
    } else {
      out.println(
          "No curated run: the curated tables are built from Delta tables (--format delta).");
    }
    errors.forEach(e -> err.println("error: " + e));
    return !errors.isEmpty();
  }

  /** The report's listener, also telling {@code progress} (if any) when batches start and end. */
  private static RunListener withProgress(RunListener report, Progress progress) {
    if (progress == null) {
      return report;
    }
    return new RunListener() {
      @Override
      public void sourceStarted(String source) {
        report.sourceStarted(source);
      }

      @Override
      public void batchStarted(String source, long batchId, long files, long bytes) {
        report.batchStarted(source, batchId, files, bytes);
        progress.started(source, bytes);
      }

      @Override
      public void batchCommitted(
          String source, long batchId, org.zonelake.core.run.BatchCounts counts, double seconds) {
        progress.finished(source);
        report.batchCommitted(source, batchId, counts, seconds);
      }

      @Override
      public void warning(String source, String message) {
        report.warning(source, message);
      }

      @Override
      public void sourceFinished(SourceOutcome outcome) {
        progress.finished(outcome.source());
        report.sourceFinished(outcome);
      }
    };
  }

  private int sql(Options options) {
    options.allow("lake", "format", "master");
    if (options.positional().size() != 1) {
      throw CommandLineErrors.badArgument(
          "lake sql takes exactly one query (quote it).", options.usage());
    }
    String lake = lakeWithZones(options);
    String format = options.choice("format", "csv", "csv", "json");
    SparkSession spark = session(options, lake);
    LakeTables.register(spark, lake);
    Dataset<Row> result;
    String statement = options.positional().get(0);
    try {
      if (!SparkInternals.onlyReads(spark, statement)) {
        throw CommandLineErrors.notAQuery();
      }
      result = spark.sql(statement);
    } catch (LakeException e) {
      throw e;
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Java's eyes but thrown undeclared by Scala.
      if (e instanceof org.apache.spark.sql.AnalysisException analysis) {
        // Spark's first line says what is wrong; the next ones give advice for other statements.
        String what = ErrorMessage.firstLine(analysis.getSimpleMessage());
        List<String> tables = LakeTables.register(spark, lake);
        Matcher missing =
            Pattern.compile("^\\[TABLE_OR_VIEW_NOT_FOUND\\][^`]*`([^`]+)`").matcher(what);
        if (missing.find()) {
          what += didYouMean("'", missing.group(1), tables, "'");
        }
        // The lake's tables are views over their paths: DESCRIBE DETAIL wants the table itself.
        Matcher view =
            Pattern.compile("^(\\w+) is a temp view\\. '([^']+)' expects a table").matcher(what);
        String path = view.find() ? LakeTables.path(lake, view.group(1)) : null;
        if (path != null) {
          what =
              view.group(1)
                  + " is a view of the lake's Delta table, and "
                  + view.group(2)
                  + " expects the table: name it by its path, delta.`"
                  + path
                  + "`";
        }
        throw CommandLineErrors.badArgument(
            "The query is not valid: " + what, "Tables: " + String.join(", ", tables));
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    try {
      if (format.equals("json")) {
        Csv.jsonLines(result).forEach(out::println);
      } else {
        Csv.write(result, out);
      }
    } catch (Exception e) {
      // A failure while the query runs (Spark's SparkException is thrown undeclared): what the
      // failing expression said, without Spark's wrapping of it.
      throw CommandLineErrors.queryFailed(ErrorMessage.detail(LakeException.rootCause(e)));
    }
    return 0;
  }

  /**
   * Runs {@code work} with the embedded run ledger of the lake ({@code <lake>/_ledger}), or without
   * a ledger when DynamoDB Local is not available to this process (the runner says so).
   */
  /**
   * Runs {@code work} with the ledger the options name: a DynamoDB table ({@code --ledger_table},
   * with the SDK's region and credentials, or {@code --region} and {@code --endpoint}), else the
   * lake's embedded one.
   */
  private <T> T withLedger(Options options, String lake, Function<Optional<RunLedger>, T> work) {
    Optional<String> table = options.optional("ledger_table");
    if (table.isEmpty()) {
      return withLedger(lake, work);
    }
    AwsSettings settings = AwsSettings.defaults();
    if (options.optional("region").isPresent()) {
      settings = settings.withRegion(options.get("region", ""));
    }
    if (options.optional("endpoint").isPresent()) {
      settings = settings.withEndpoint(URI.create(options.get("endpoint", "")));
    }
    try (DynamoDbClient client = AwsClients.dynamoDb(settings)) {
      return work.apply(Optional.of(new DynamoDbRunLedger(client, table.get())));
    }
  }

  private <T> T withLedger(String lake, Function<Optional<RunLedger>, T> work) {
    return withLedger(
        java.util.concurrent.CompletableFuture.completedFuture(openLedger(lake)), work);
  }

  private <T> T withLedger(
      java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting,
      Function<Optional<RunLedger>, T> work) {
    Optional<EmbeddedLedger> ledger;
    try {
      ledger = starting.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    try {
      return work.apply(ledger.map(EmbeddedLedger::ledger));
    } finally {
      ledger.ifPresent(EmbeddedLedger::close);
    }
  }

  /** The lake's embedded ledger, started on another thread while the caller starts Spark. */
  private java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> startLedger(
      String lake) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> openLedger(lake));
  }

  /** The lake's embedded ledger, or empty (with a note) where DynamoDB Local is not set up. */
  private Optional<EmbeddedLedger> openLedger(String lake) {
    if (System.getProperty(EmbeddedLedger.CLASSPATH_PROPERTY) == null) {
      err.println("note: no run ledger (DynamoDB Local is not on this runner's set-up)");
      return Optional.empty();
    }
    return Optional.of(EmbeddedLedger.open(LocalLake.ledger(lake)));
  }

  private int runs(Options options) {
    options.allow("lake", "source", "limit", "ledger_table", "region", "endpoint");
    options.noArguments();
    int limit = (int) Math.min(options.number("limit", 1).orElse(20L), Integer.MAX_VALUE);
    // A DynamoDB ledger needs no local lake.
    String lake = options.optional("ledger_table").isPresent() ? null : existingLake(options);
    return withLedger(
        options,
        lake,
        ledger -> {
          if (ledger.isEmpty()) {
            throw LakeErrors.missingPath(
                "Run ledger",
                LocalLake.ledger(lake).toString(),
                "run ./lake run with the ledger available");
          }
          Optional<String> source = options.optional("source");
          List<String> sources = source.map(List::of).orElseGet(() -> ledger.get().sources());
          List<RunRecord> records = new ArrayList<>();
          for (String name : sources) {
            records.addAll(ledger.get().latestRuns(name, limit));
          }
          if (source.isPresent() && records.isEmpty()) {
            // Read only now: listing every name reads the whole ledger.
            List<String> known = ledger.get().sources();
            throw CommandLineErrors.badArgument(
                "The ledger has no run of '"
                    + source.get()
                    + "'."
                    + didYouMean("'", source.get(), known, "'"),
                known.isEmpty()
                    ? "It records no run yet: ./lake run records one per source."
                    : "Runs are recorded under: " + String.join(", ", known) + ".");
          }
          records.sort(Comparator.comparing(RunRecord::startedAt).reversed());
          out.print(RunHistory.table(records, ledger.get()));
          return 0;
        });
  }

  private int lineage(Options options) {
    options.allow("lake", "version", "master", "ledger_table", "region", "endpoint");
    if (options.positional().size() != 1) {
      throw CommandLineErrors.badArgument("lake lineage takes one table name.", options.usage());
    }
    Optional<Long> version = options.number("version", 0);
    String lake = existingLake(options);
    String table = options.positional().get(0);
    String path = LakeTables.path(lake, table);
    java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting =
        path == null || options.optional("ledger_table").isPresent() ? null : startLedger(lake);
    SparkSession spark = session(options, lake);
    if (path == null) {
      List<String> tables = LakeTables.register(spark, lake);
      if (tables.contains(table)) {
        throw CommandLineErrors.badArgument(
            "Table '" + table + "' in " + lake + " is not a Delta table: it has no log to read.",
            "Lineage reads a table's Delta log; a lake written with --format parquet has none.");
      }
      throw CommandLineErrors.badArgument(
          "No table '" + table + "' in " + lake + "." + didYouMean("'", table, tables, "'"),
          "Tables: " + String.join(", ", tables));
    }
    long latest = DeltaTables.latestVersion(spark, path);
    long chosen = version.orElse(latest);
    Function<Optional<RunLedger>, String> lineage =
        ledger -> RunHistory.lineage(spark, table, path, chosen, ledger);
    String text =
        starting == null
            ? this.<String>withLedger(options, lake, lineage)
            : this.<String>withLedger(starting, lineage);
    out.print(text);
    return 0;
  }

  private int maintain(Options options) {
    options.allow(
        "lake", "retention_days", "min_files", "small_file_mb", "target_file_mb", "master");
    options.noArguments();
    String lake = lakeWithZones(options);
    MaintenanceConfig config =
        new MaintenanceConfig(
            JobCatalog.MAINTENANCE.name(),
            GlueArgs.newRunId(),
            ZonePaths.under(lake),
            LocalLake.curated(lake),
            (int)
                GlueArgs.wholeNumber(
                    "retention_days",
                    options.get(
                        "retention_days",
                        Integer.toString(MaintenanceConfig.DEFAULT_RETENTION_DAYS)),
                    0,
                    options.usage()),
            MaintenanceConfig.policy(
                options.get(
                    "min_files", Integer.toString(CompactionPolicy.DEFAULT_MIN_SMALL_FILES)),
                options.get(
                    "small_file_mb",
                    Long.toString(
                        CompactionPolicy.DEFAULT_SMALL_FILE_BYTES / CompactionPolicy.MIB)),
                options.get(
                    "target_file_mb",
                    Long.toString(
                        CompactionPolicy.DEFAULT_TARGET_FILE_BYTES / CompactionPolicy.MIB)),
                options.usage()));
    java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting = startLedger(lake);
    SparkSession spark = session(options, lake);
    err.printf("Lake %s, maintenance run %s%n", lake, config.runId());
    MaintenanceResult result =
        withLedger(
            starting,
            ledger ->
                new MaintenancePlan(
                        spark,
                        config,
                        new RunServices(
                            ledger,
                            MetricsPublisher.NONE,
                            Alerter.NONE,
                            RunServices.NONE.leaseTtl()),
                        err)
                    .run());
    out.print(MaintenanceReport.summary(config, result));
    if (!result.failed().isEmpty()) {
      err.println(
          "error: "
              + LakeErrors.maintenanceFailed(
                      JobCatalog.MAINTENANCE.name(), config.runId(), result.failed())
                  .getMessage());
      return 1;
    }
    return 0;
  }

  private int skipFile(Options options) {
    options.allow("lake", "format", "master");
    if (options.positional().size() != 2) {
      throw CommandLineErrors.badArgument(
          "lake skip-file takes a source and the path of one raw file.", options.usage());
    }
    TableFormat asked =
        TableFormat.named(options.choice("format", "delta", "delta", "parquet")).orElseThrow();
    String lake = existingLake(options);
    String source = options.positional().get(0);
    SparkSession spark = session(options, lake);
    LakeLayout layout = LocalLake.layout(lake);
    // The lake's format is that of the source's tables; --format, if given, must agree with it.
    String processed = layout.processedTable(source);
    Optional<TableFormat> inQuarantine = TableFormat.found(spark, layout.fileQuarantine(source));
    String table = inQuarantine.isPresent() ? layout.fileQuarantine(source) : processed;
    Optional<TableFormat> found = inQuarantine.or(() -> TableFormat.found(spark, processed));
    if (found.isPresent() && options.optional("format").isPresent() && found.get() != asked) {
      throw LakeErrors.tableFormatMismatch(table, found.get().name(), asked.name());
    }
    FileQuarantine.Skip skipped =
        FileQuarantine.skip(
            spark,
            layout,
            found.orElse(asked),
            source,
            options.positional().get(1),
            GlueArgs.newRunId());
    if (skipped.skippedBefore().isPresent()) {
      out.printf(
          "Already skipped %s on %s (%s): later runs of %s do not try it. Nothing written.%n",
          skipped.path(), skipped.skippedBefore().get(), skipped.reason(), source);
    } else {
      out.printf(
          "Skipped %s (%s): later runs of %s no longer try it.%n",
          skipped.path(), skipped.reason(), source);
    }
    return 0;
  }

  private int replay(Options options) {
    options.allow(
        "lake", "source", "reason", "rule", "run", "from", "to", "dry-run", "contracts", "master");
    options.noArguments();
    String lake = existingLake(options);
    String source =
        options
            .optional("source")
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "lake replay needs --source S.", options.usage()));
    ReplaySelection selection = ReplaySelection.of(source, options::optional);
    boolean dryRun = options.optional("dry-run").isPresent();
    ReplayQuarantineConfig config =
        new ReplayQuarantineConfig(
            JobCatalog.REPLAY_QUARANTINE.name(),
            GlueArgs.newRunId(),
            ZonePaths.under(lake),
            options.optional("contracts").map(LakeCli::absolute),
            selection,
            dryRun);
    java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting =
        dryRun ? null : startLedger(lake);
    SparkSession spark = session(options, lake);
    ReplayResult result =
        dryRun
            ? new ReplayQuarantinePlan(spark, config).run()
            : withLedger(
                starting,
                ledger ->
                    new ReplayQuarantinePlan(
                            spark,
                            config,
                            RunReport.progress(err),
                            new RunServices(
                                ledger,
                                new JsonMetricsPublisher(LocalLake.metrics(lake)),
                                Alerter.NONE,
                                RunServices.NONE.leaseTtl()))
                        .run());
    out.print(result.text());
    return 0;
  }

  private int quality(Options options) {
    options.allow("lake", "out", "contracts", "master");
    options.noArguments();
    String lake = lakeWithZones(options);
    File report = new File(absolute(options.get("out", lake + "/quality-report.html")));
    File directory = report.getParentFile();
    if (!directory.isDirectory()) {
      throw LakeErrors.missingPath(
          "Directory",
          directory.getPath(),
          "create it, or pass --out with a file in an existing directory");
    }
    if (report.isDirectory()) {
      throw CommandLineErrors.badArgument(
          "--out " + report + " is a directory.",
          "Pass --out with the report's file name, e.g. "
              + new File(report, "quality-report.html"));
    }
    java.util.concurrent.CompletableFuture<Optional<EmbeddedLedger>> starting = startLedger(lake);
    SparkSession spark = session(options, lake);
    Optional<String> contracts = options.optional("contracts").map(LakeCli::absolute);
    String html =
        this.<String>withLedger(
            starting,
            ledger ->
                QualityReport.html(
                    spark, lake, Instant.now(), new ReportInputs(ledger, contracts)));
    try {
      java.nio.file.Files.writeString(report.toPath(), html, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw CommandLineErrors.badArgument(
          "Cannot write " + report + ": " + e.getMessage() + ".",
          "pass --out with a writable file");
    }
    out.println("Quality report: " + report);
    return 0;
  }

  /** The lake directory of {@code lake run}, created when missing; refused when it cannot be. */
  private static String writableLake(String lake) {
    String fix = "pass --lake DIR: a directory this user may write (it is created when missing)";
    Path directory = Path.of(lake);
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw CommandLineErrors.unusableDirectory(
          "Lake directory", lake, "is a file, not a directory", fix);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw CommandLineErrors.unusableDirectory(
          "Lake directory", lake, "cannot be created (" + ErrorMessage.detail(e) + ")", fix);
    }
    if (!Files.isWritable(directory)) {
      throw CommandLineErrors.unusableDirectory(
          "Lake directory", lake, "cannot be written (permission denied)", fix);
    }
    return lake;
  }

  /**
   * The lake of {@code --lake}, which must hold its zones: a command that reads or maintains tables
   * refuses a directory ./lake run never wrote (a mistyped --lake) before it writes anything there.
   */
  private String lakeWithZones(Options options) {
    String lake = existingLake(options);
    if (!LakeTables.holdsZones(lake)) {
      throw CommandLineErrors.unusableDirectory(
          "Lake directory",
          lake,
          "holds no lake: no processed/, quarantine/ or curated/ directory",
          "pass --lake DIR of a lake ./lake run wrote, or run ./lake run --lake "
              + lake
              + " first");
    }
    return lake;
  }

  private String existingLake(Options options) {
    String lake = absolute(options.get("lake", LocalLake.DEFAULT_DIRECTORY));
    if (new File(lake).isFile()) {
      throw CommandLineErrors.unusableDirectory(
          "Lake directory",
          lake,
          "is a file, not a directory",
          "pass --lake DIR: the lake's directory");
    }
    if (!new File(lake).isDirectory()) {
      throw LakeErrors.missingPath(
          "Lake directory", lake, "run ./lake run first, or pass --lake DIR");
    }
    return lake;
  }

  /** True when the files below {@code directory} hold no more than {@code limit} bytes. */
  private static boolean atMostBytes(Path directory, long limit) {
    try (Stream<Path> files = Files.walk(directory)) {
      long sum = 0;
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        sum += size(file);
        if (sum > limit) {
          return false;
        }
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The session of a command on the lake: a small one when the lake is small (as for a run). */
  private static SparkSession session(Options options, String lake) {
    return LocalSpark.session(
        options.master(),
        LocalLake.warehouse(lake),
        atMostBytes(Path.of(lake), LocalSpark.SMALL_INPUT_BYTES));
  }

  private static String absolute(String path) {
    return new File(path).getAbsoluteFile().toPath().normalize().toString();
  }

  /** {@code --name value} options and positional arguments after the command. */
  record Options(String command, Map<String, String> named, List<String> positional) {

    /** Options without a value. */
    static final Set<String> FLAGS = Set.of("--dry-run");

    /**
     * What {@code --master} may be: Spark's local masters ({@code local}, {@code local[N]}, {@code
     * local[*]}, with a number of task failures allowed after a comma) or a cluster's URL.
     */
    private static final Pattern MASTER =
        Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]{0,3})(,[1-9][0-9]{0,3})?])?|(spark|k8s|mesos)://\\S+|yarn");

    static Options parse(String[] args) {
      Map<String, String> named = new LinkedHashMap<>();
      List<String> positional = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        // An option is --name; anything else (a query may start with a "--" comment) is positional.
        if (FLAGS.contains(args[i])) {
          named.put(args[i].substring(2), "true");
        } else if (args[i].matches("--[A-Za-z][A-Za-z0-9_-]*")) {
          // The next word is the value, unless it is the next option (--raw --lake DIR).
          if (i + 1 >= args.length || args[i + 1].matches("--[A-Za-z][A-Za-z0-9_-]*")) {
            throw CommandLineErrors.badArgument(
                "Option " + args[i] + " needs a value.", LakeCli.usage(args[0]));
          }
          String name = args[i].substring(2);
          if (named.containsKey(name)) {
            // One value each: a second --reason would silently replace the first.
            throw CommandLineErrors.badArgument(
                "Option " + args[i] + " is given twice; give it once.", LakeCli.usage(args[0]));
          }
          named.put(name, args[++i]);
        } else {
          positional.add(args[i]);
        }
      }
      return new Options(args[0], named, positional);
    }

    /** The usage of this command. */
    String usage() {
      return LakeCli.usage(command);
    }

    void allow(String... names) {
      for (String name : named.keySet()) {
        if (!List.of(names).contains(name)) {
          throw CommandLineErrors.badArgument(
              "Unknown option --"
                  + name
                  + " for lake "
                  + command
                  + "."
                  + didYouMean("--", name, List.of(names), ""),
              usage());
        }
      }
    }

    /** Refuses arguments that are not options (a command that takes none). */
    void noArguments() {
      if (!positional.isEmpty()) {
        throw CommandLineErrors.badArgument(
            "lake "
                + command
                + " takes no argument '"
                + positional.get(0)
                + "' (options start with --).",
            usage());
      }
    }

    /** The value of {@code --master} (default {@code local[*]}), checked before any work starts. */
    String master() {
      String master = get("master", "local[*]");
      if (!MASTER.matcher(master).matches()) {
        throw CommandLineErrors.badArgument(
            "--master is '"
                + master
                + "'; use local, local[N] or local[*] (N task threads; * for one per core), or a"
                + " cluster's URL such as spark://HOST:PORT.",
            usage());
      }
      return master;
    }

    String get(String name, String fallback) {
      return named.getOrDefault(name, fallback);
    }

    Optional<String> optional(String name) {
      return Optional.ofNullable(named.get(name));
    }

    /** The value of {@code --name}, which must be one of {@code choices}; else {@code fallback}. */
    String choice(String name, String fallback, String... choices) {
      String value = get(name, fallback);
      if (!List.of(choices).contains(value)) {
        throw CommandLineErrors.badArgument(
            "--" + name + " is '" + value + "'; use " + String.join(" or ", choices) + ".",
            usage());
      }
      return value;
    }

    /** The value of {@code --name} as a whole number of {@code min} or more, if it is given. */
    Optional<Long> number(String name, long min) {
      return number(name, min, Long.MAX_VALUE);
    }

    /** The value of {@code --name} as a whole number from {@code min} to {@code max}, if given. */
    Optional<Long> number(String name, long min, long max) {
      return optional(name).map(value -> GlueArgs.wholeNumber(name, value, min, max, usage()));
    }
  }
}
