package org.zonelake.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.zonelake.testdata.ExpectedCounts;
import org.zonelake.testdata.GeneratorSettings;
import org.zonelake.testdata.LakeGenerator;
import org.zonelake.testdata.Manifest;

/**
 * {@code ./lake bench}: generates a raw zone of N records once per size, then runs our jobs ({@link
 * SparkEngine}) and the DuckDB reference ({@link DuckDbEngine}) alternately, each in a fresh JVM on
 * a fresh output directory, checks that both report the generator's counts, and prints the medians:
 * wall time, records/s, MB/s of raw input, peak RSS, and the ratio ours/DuckDB; then where the time
 * of our raw to processed goes, per Spark stage.
 */
public final class BenchCli {

  static final String USAGE =
      """
      Usage: lake bench [--records N[,N...]] [--runs R] [--dir DIR] [--threads T]
                        [--engines spark,duckdb] [--seed S] [--file-mb M]
                        [--spark-heap 6g] [--duckdb-memory 6GB] [--benchmarks FILE|none]
                        [--startup S]
        Defaults: --records 1000000, --runs 3, --dir bench-data, --threads 2,
        --engines spark,duckdb, --seed 42, --file-mb 32, --startup 3, --benchmarks
        BENCHMARKS.md of the repository (when run by ./lake).
        Generates DIR/<N>/raw once (kept for later runs with the same settings), then runs
        the engines alternately R times and prints the medians; then times ./lake run on the
        sample data S times (first run and rerun; --startup 0 skips it). Results:
        DIR/results.md, and the "Latest run" section of the benchmarks file (replaced on
        every run).
      """;

  /** The first line of the generated section of the benchmarks file. */
  static final String BEGIN = "<!-- latest bench run: begin (written by ./lake bench) -->";

  /** The last line of the generated section of the benchmarks file. */
  static final String END = "<!-- latest bench run: end -->";

  private final PrintStream out;

  private BenchCli(PrintStream out) {
    this.out = out;
  }

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && Arrays.asList("-h", "--help", "help").contains(args[0])) {
      System.out.print(USAGE);
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Map<String, String> options;
    try {
      options = checked(options(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    new BenchCli(out).run(options, String.join(" ", args));
  }

  /**
   * {@code options} if every name is one of the benchmark's and every value has its form.
   *
   * @throws IllegalArgumentException naming the option, the value and what it takes
   */
  static Map<String, String> checked(Map<String, String> options) {
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey();
      String value = option.getValue();
      String takes =
          switch (name) {
            case "records" ->
                Arrays.stream(value.split(",", -1))
                        .allMatch(n -> n.trim().replace("_", "").matches("0*[1-9][0-9]{0,17}"))
                    ? null
                    : "one or more record counts of 1 or more, separated by commas";
            case "runs", "threads", "file-mb" ->
                value.matches("0*[1-9][0-9]{0,8}") ? null : "a whole number of 1 or more";
            case "startup" -> value.matches("[0-9]{1,3}") ? null : "a whole number of 0 or more";
            case "seed" -> value.matches("-?[0-9]{1,18}") ? null : "a whole number";
            case "engines" ->
                Arrays.stream(value.split(",", -1))
                        .allMatch(e -> e.equals("spark") || e.equals("duckdb"))
                    ? null
                    : "spark, duckdb or spark,duckdb";
            case "dir", "spark-heap", "duckdb-memory", "benchmarks" -> null;
            default ->
                throw new IllegalArgumentException("Unknown option --" + name + ".\n" + USAGE);
          };
      if (takes != null) {
        throw new IllegalArgumentException(
            "--" + name + " is '" + value + "'; it takes " + takes + ".\n" + USAGE);
      }
    }
    return options;
  }

  private void run(Map<String, String> options, String arguments) throws Exception {
    List<Long> sizes =
        Arrays.stream(options.getOrDefault("records", "1000000").split(","))
            .map(s -> Long.parseLong(s.trim().replace("_", "")))
            .toList();
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    Path dir = Path.of(options.getOrDefault("dir", "bench-data")).toAbsolutePath().normalize();
    List<String> engines = List.of(options.getOrDefault("engines", "spark,duckdb").split(","));
    String machine = machine();
    StringBuilder report = new StringBuilder();
    report.append(
        "| records | raw MB | engine | runs | raw→processed s | CPU s | records/s | MB/s |"
            + " µs/record | curated s | CPU s | peak RSS MB | ours/DuckDB raw→processed (wall /"
            + " CPU) | ours/DuckDB curated (wall / CPU) | counts = manifest |\n");
    report.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    StringBuilder stagesReport = new StringBuilder();
    int header = report.length();
    for (long records : sizes) {
      int sizeRows = report.length();
      Path sizeDir = dir.resolve(Long.toString(records));
      Manifest manifest = generate(records, options, sizeDir);
      Map<String, List<EngineResult>> results = new LinkedHashMap<>();
      engines.forEach(e -> results.put(e, new ArrayList<>()));
      for (int run = 1; run <= runs; run++) {
        List<String> order = new ArrayList<>(engines);
        if (run % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (String engine : order) {
          EngineResult result = runEngine(engine, sizeDir, options, run);
          boolean same = matches(result, manifest);
          out.printf(
              Locale.ROOT,
              "  %,d records, run %d, %-6s raw→processed %7.1f s (CPU %7.1f s), curated %6.1f s"
                  + " (CPU %6.1f s), peak RSS %,d MB, startup %.1f s, counts %s (load before:"
                  + " %s)%n",
              records,
              run,
              engine,
              result.rawToProcessedSeconds(),
              result.rawToProcessedCpuSeconds(),
              result.curatedSeconds(),
              result.curatedCpuSeconds(),
              result.peakRssKb() / 1024,
              result.startupSeconds(),
              same ? "= manifest" : "DIFFER: " + result.sources(),
              lastLoad);
          results.get(engine).add(result);
        }
      }
      List<EngineResult> ours = results.getOrDefault("spark", List.of());
      List<EngineResult> duck = results.getOrDefault("duckdb", List.of());
      String rawRatio =
          ratio(ours, duck, EngineResult::rawToProcessedSeconds)
              + " / "
              + ratio(ours, duck, EngineResult::rawToProcessedCpuSeconds);
      String curatedRatio =
          ratio(ours, duck, EngineResult::curatedSeconds)
              + " / "
              + ratio(ours, duck, EngineResult::curatedCpuSeconds);
      double mb = manifest.totalBytes() / 1e6;
      for (Map.Entry<String, List<EngineResult>> e : results.entrySet()) {
        List<EngineResult> list = e.getValue();
        if (list.isEmpty()) {
          continue;
        }
        double raw = median(list, EngineResult::rawToProcessedSeconds);
        double rawCpu = median(list, EngineResult::rawToProcessedCpuSeconds);
        double curated = median(list, EngineResult::curatedSeconds);
        double curatedCpu = median(list, EngineResult::curatedCpuSeconds);
        double rss = median(list, r -> r.peakRssKb() / 1024.0);
        boolean same = list.stream().allMatch(r -> matches(r, manifest));
        boolean isOurs = e.getKey().equals("spark");
        report.append(
            String.format(
                Locale.ROOT,
                "| %,d | %.0f | %s | %d | %.1f | %.1f | %,.0f | %.2f | %.1f | %.1f | %.1f | %,.0f |"
                    + " %s | %s | %s |%n",
                records,
                mb,
                isOurs ? "ours (Spark local[" + threads(options) + "], Delta)" : "DuckDB",
                list.size(),
                raw,
                rawCpu,
                records / raw,
                mb / raw,
                raw * 1e6 / records,
                curated,
                curatedCpu,
                rss,
                isOurs ? rawRatio : "",
                isOurs ? curatedRatio : "",
                same ? "yes" : "NO"));
      }
      stagesReport.append(joins(records, ours, duck));
      if (!results.getOrDefault("spark", List.of()).isEmpty()) {
        List<EngineResult> spark = new ArrayList<>(results.get("spark"));
        spark.sort(Comparator.comparingDouble(EngineResult::rawToProcessedSeconds));
        EngineResult median = spark.get(spark.size() / 2);
        stagesReport.append(stages(records, median));
        List<EngineResult> reference = new ArrayList<>(results.getOrDefault("duckdb", List.of()));
        reference.sort(Comparator.comparingDouble(EngineResult::curatedSeconds));
        stagesReport.append(
            curatedTables(
                records,
                median,
                reference.isEmpty()
                    ? Optional.empty()
                    : Optional.of(reference.get(reference.size() / 2))));
      }
      out.print(report.substring(0, header) + report.substring(sizeRows));
    }
    int startupRuns = Integer.parseInt(options.getOrDefault("startup", "3"));
    if (startupRuns > 0) {
      String home = System.getProperty("zonelake.home");
      if (home == null) {
        throw new IllegalStateException("--startup needs the repository: run ./lake bench");
      }
      stagesReport.append(StartupBench.measure(Path.of(home), dir, startupRuns, out));
    }
    String text = machine + "\n" + report + "\n" + stagesReport;
    out.println();
    out.print(text);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.md"), text, StandardCharsets.UTF_8);
    out.println("Written to " + dir.resolve("results.md"));
    Path benchmarks = benchmarksFile(options);
    if (benchmarks != null) {
      String section =
          String.format(
              Locale.ROOT,
              "Command: `./lake bench %s`, finished %s.%n%n%s",
              arguments,
              Instant.now().truncatedTo(ChronoUnit.SECONDS),
              text);
      String document =
          Files.exists(benchmarks) ? Files.readString(benchmarks, StandardCharsets.UTF_8) : "";
      Files.writeString(
          benchmarks,
          withLatestRun(benchmarks.toString(), document, section),
          StandardCharsets.UTF_8);
      out.println("Written to the \"Latest run\" section of " + benchmarks);
    }
  }

  /** The benchmarks file to update, or null for {@code --benchmarks none} or no default. */
  private static Path benchmarksFile(Map<String, String> options) {
    String value = options.get("benchmarks");
    if (value == null) {
      String home = System.getProperty("zonelake.home");
      return home == null ? null : Path.of(home, "BENCHMARKS.md");
    }
    return value.equals("none") ? null : Path.of(value);
  }

  /**
   * The document with {@code section} between {@link #BEGIN} and {@link #END}: replacing what was
   * there, or appended under a "Latest run" heading when the markers are missing. Text outside the
   * markers is kept as it is.
   *
   * @param name the file's name, for the error message
   * @param document the file's text
   * @param section the results to put between the markers
   * @throws IllegalArgumentException if only one marker is present, or they are out of order
   */
  static String withLatestRun(String name, String document, String section) {
    String block = BEGIN + "\n\n" + section.strip() + "\n\n" + END;
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 && end < 0) {
      String head = document.isEmpty() || document.endsWith("\n") ? document : document + "\n";
      return head + (head.isEmpty() ? "" : "\n") + "## Latest run\n\n" + block + "\n";
    }
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          name
              + ": the generated section needs the line '"
              + BEGIN
              + "' and, after it, the line '"
              + END
              + "'; restore the missing one, or delete both to have the section appended anew.");
    }
    return document.substring(0, begin) + block + document.substring(end + END.length());
  }

  private String lastLoad = "";

  /** What a generated raw zone was made with: the settings and the generator's version. */
  private static String marker(GeneratorSettings settings) {
    return settings + " generator " + LakeGenerator.VERSION;
  }

  private Manifest generate(long records, Map<String, String> options, Path sizeDir)
      throws IOException {
    GeneratorSettings settings =
        GeneratorSettings.builder()
            .records(records)
            .seed(Long.parseLong(options.getOrDefault("seed", "42")))
            .bytesPerFile(Long.parseLong(options.getOrDefault("file-mb", "32")) * 1024 * 1024)
            .build();
    Path marker = sizeDir.resolve("settings.txt");
    Path manifestFile = sizeDir.resolve("manifest.json");
    if (Files.exists(marker)
        && Files.readString(marker).equals(marker(settings))
        && Files.exists(manifestFile)) {
      out.printf(Locale.ROOT, "Reusing the raw zone of %,d records in %s%n", records, sizeDir);
      return Manifest.read(manifestFile, settings);
    }
    deleteRecursively(sizeDir);
    out.printf(Locale.ROOT, "Generating %,d records into %s ...%n", records, sizeDir);
    long start = System.nanoTime();
    Manifest manifest = new LakeGenerator(settings).generate(sizeDir.resolve("raw"));
    manifest.write(manifestFile);
    Files.writeString(marker, marker(settings));
    out.printf(
        Locale.ROOT,
        "  %,d files, %.0f MB in %.1f s%n",
        manifest.sources().values().stream().mapToLong(ExpectedCounts::files).sum(),
        manifest.totalBytes() / 1e6,
        (System.nanoTime() - start) / 1e9);
    return manifest;
  }

  private EngineResult runEngine(String engine, Path sizeDir, Map<String, String> options, int run)
      throws IOException, InterruptedException {
    Path lake = sizeDir.resolve("out-" + engine);
    deleteRecursively(lake);
    Files.createDirectories(lake);
    Path result = sizeDir.resolve("result-" + engine + "-" + run + ".json");
    Files.deleteIfExists(result);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:")
          || arg.startsWith("-Djdk.")
          || arg.startsWith("-Duser.timezone")
          || arg.startsWith("-Dlog4j2.")) {
        command.add(arg);
      }
    }
    String threads = threads(options);
    boolean spark = engine.equals("spark");
    command.add("-Xmx" + (spark ? options.getOrDefault("spark-heap", "6g") : "1g"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(spark ? SparkEngine.class.getName() : DuckDbEngine.class.getName());
    command.addAll(
        List.of(
            "--raw",
            sizeDir.resolve("raw").toString(),
            "--lake",
            lake.toString(),
            "--result",
            result.toString(),
            "--threads",
            threads));
    if (!spark) {
      command.addAll(List.of("--memory", options.getOrDefault("duckdb-memory", "6GB")));
    }
    lastLoad = ProcessStats.loadAverage();
    File log = sizeDir.resolve("log-" + engine + "-" + run + ".txt").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    int status = process.waitFor();
    if (status != 0 || !Files.exists(result)) {
      throw new IllegalStateException(
          engine + " run " + run + " failed (exit " + status + "); see " + log);
    }
    EngineResult r = EngineResult.read(result);
    deleteRecursively(lake);
    return r;
  }

  private static boolean matches(EngineResult result, Manifest manifest) {
    for (Map.Entry<String, ExpectedCounts> e : manifest.sources().entrySet()) {
      EngineResult.SourceCounts c = result.sources().get(e.getKey());
      ExpectedCounts x = e.getValue();
      if (c == null
          || c.read() != x.linesRead()
          || c.written() != x.written()
          || c.duplicates() != x.duplicates()
          || c.quarantined() != x.quarantined()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows and unmatched rows of each joined dataset, and whether every run of ours built the
   * same as every run of the reference; empty when either engine did not run.
   */
  static String joins(long records, List<EngineResult> ours, List<EngineResult> reference) {
    if (ours.isEmpty() || reference.isEmpty()) {
      return "";
    }
    Map<String, EngineResult.JoinCounts> first = reference.get(0).joins();
    List<EngineResult> all = new ArrayList<>(ours);
    all.addAll(reference);
    boolean same = all.stream().allMatch(r -> r.joins().equals(first));
    String counts =
        first.entrySet().stream()
            .map(
                e ->
                    String.format(
                        Locale.ROOT,
                        "%s %,d rows, %,d unmatched",
                        e.getKey(),
                        e.getValue().rows(),
                        e.getValue().unmatched()))
            .collect(Collectors.joining("; "));
    return String.format(
        Locale.ROOT,
        "%nJoined datasets, %,d records: %s%n",
        records,
        same
            ? counts + " (the same in every run of both engines)."
            : "DIFFER: the reference's first run built "
                + counts
                + "; the runs built "
                + all.stream().map(r -> r.engine() + " " + r.joins()).toList()
                + ".");
  }

  private static String stages(long records, EngineResult run) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%nWhere raw→processed spends its time, %,d records (the median Spark run,"
                + " %.1f s; stages of one label summed; stages of concurrent jobs overlap):%n%n",
            records,
            run.rawToProcessedSeconds()));
    text.append(
        "| source | job | stage | wall s | task s | tasks |\n|---|---|---|---:|---:|---:|\n");
    int shown = 0;
    for (EngineResult.StageTime s : run.stages()) {
      if (shown++ == 25) {
        break;
      }
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.1f | %.1f | %d |%n",
              s.source(),
              s.job().replace("|", "/"),
              s.stage().replace("|", "/"),
              s.seconds(),
              s.taskSeconds(),
              s.tasks()));
    }
    double total = run.stages().stream().mapToDouble(EngineResult.StageTime::seconds).sum();
    text.append(
        String.format(
            Locale.ROOT,
            "%nAll stages: %.1f s of %.1f s; the rest is driver-side work (planning, Delta log,"
                + " file listing, commits).%n",
            total,
            run.rawToProcessedSeconds()));
    return text.toString();
  }

  /**
   * Where processed to curated spends its time, per curated table: the plan names its jobs {@code
   * curated: <step>} (the aggregation of one source's changed days, then one write per table); the
   * reference's median run, when there is one, names its steps alike (an aggregation includes
   * writing its daily and hourly rows; a joined dataset its per-day counts).
   */
  private static String curatedTables(
      long records, EngineResult run, Optional<EngineResult> reference) {
    Map<String, double[]> steps = new LinkedHashMap<>();
    for (EngineResult.StageTime s : run.curatedStages()) {
      double[] t = steps.computeIfAbsent(curatedStep(s), k -> new double[3]);
      t[0] += s.seconds();
      t[1] += s.taskSeconds();
      t[2] += s.tasks();
    }
    Map<String, Double> referenceSeconds = new LinkedHashMap<>();
    reference.ifPresent(
        r ->
            r.curatedStages()
                .forEach(s -> referenceSeconds.merge(curatedStep(s), s.seconds(), Double::sum)));
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%nWhere processed→curated spends its time, %,d records (the same run, %.1f s; stages"
                + " summed per step; the steps run at once, so their wall times overlap)%s:%n%n"
                + "| step | wall s | task s | tasks | DuckDB wall s |%n|---|---:|---:|---:|---:|%n",
            records,
            run.curatedSeconds(),
            reference
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            ", and the same steps of the median DuckDB run (%.1f s, one after"
                                + " another)",
                            r.curatedSeconds()))
                .orElse("")));
    steps.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(
            e ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.1f | %.1f | %.0f | %s |%n",
                        e.getKey(),
                        e.getValue()[0],
                        e.getValue()[1],
                        e.getValue()[2],
                        referenceSeconds.containsKey(e.getKey())
                            ? String.format(Locale.ROOT, "%.2f", referenceSeconds.get(e.getKey()))
                            : "-")));
    return text.toString();
  }

  /** The step a curated stage belongs to: its job's name without {@code Delta: } and details. */
  private static String curatedStep(EngineResult.StageTime stage) {
    String step = stage.job().replaceFirst("^(Delta: )*", "");
    step = step.startsWith("curated: ") ? step.substring("curated: ".length()) : "(other)";
    return step.replaceAll(":.*", "");
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    String memory = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memory =
              String.format(
                  Locale.ROOT,
                  "%.1f GiB RAM",
                  Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (IOException e) {
      memory = "RAM unknown";
    }
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, %s, Java %s (%s), %s %s; load average at the start: %s%n",
        rt.availableProcessors(),
        memory,
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        ProcessStats.loadAverage());
  }

  private static double median(
      List<EngineResult> list, java.util.function.ToDoubleFunction<EngineResult> value) {
    if (list == null || list.isEmpty()) {
      return Double.NaN;
    }
    double[] values = list.stream().mapToDouble(value).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** Median of ours over median of DuckDB's, or "-" when either is missing. */
  private static String ratio(
      List<EngineResult> ours,
      List<EngineResult> duck,
      java.util.function.ToDoubleFunction<EngineResult> value) {
    if (ours.isEmpty() || duck.isEmpty()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", median(ours, value) / median(duck, value));
  }

  private static String threads(Map<String, String> options) {
    return options.getOrDefault("threads", "2");
  }

  /** {@code --name value} pairs. */
  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Expected --option value, got '" + args[i] + "'.\n" + USAGE);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
