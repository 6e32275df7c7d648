package org.zonelake.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.JobCatalog;
import org.zonelake.testdata.ExpectedCounts;
import org.zonelake.testdata.Manifest;

/** The sample raw data of testdata/, its manifest, and runs of the job on a copy of it. */
public final class SampleLake {

  static final Path TESTDATA = Path.of("..", "testdata").toAbsolutePath().normalize();

  /**
   * The contracts and rulesets the jobs ship (quality-rules' resources), with their {@code joins}
   * and {@code reference} directories.
   */
  public static final Path SHIPPED_CONTRACTS =
      Path.of("..", "quality-rules", "src", "main", "resources", "zonelake", "contracts")
          .toAbsolutePath()
          .normalize();

  private SampleLake() {}

  /** The sample data's expected counts per source, in the manifest's order. */
  static Map<String, ExpectedCounts> manifest() {
    try {
      return Manifest.readCounts(TESTDATA.resolve("manifest.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies testdata/raw into {@code target} (so tests can add files) and returns the copy. */
  static Path copyRaw(Path target) {
    return copyTree(TESTDATA.resolve("raw"), target);
  }

  /** Copies the directory {@code source} with everything below it to {@code target}. */
  public static Path copyTree(Path source, Path target) {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /**
   * Copies the shipped contract of {@code source} and its rulesets (the files {@code <source>.*})
   * into {@code directory}, which is created if missing, and returns the directory.
   */
  public static Path copyShippedContract(String source, Path directory) {
    return copyShipped(directory, name -> name.startsWith(source + "."));
  }

  /**
   * Copies every shipped contract and ruleset (the files of {@link #SHIPPED_CONTRACTS}, not its
   * joined datasets or reference tables) into {@code directory}, which is created if missing, and
   * returns the directory.
   */
  public static Path copyShippedContracts(Path directory) {
    return copyShipped(directory, name -> true);
  }

  /** Copies the shipped files (not directories) whose names {@code copied} accepts. */
  private static Path copyShipped(Path directory, Predicate<String> copied) {
    try (Stream<Path> files = Files.list(SHIPPED_CONTRACTS)) {
      Files.createDirectories(directory);
      for (Path file :
          files
              .filter(f -> Files.isRegularFile(f) && copied.test(f.getFileName().toString()))
              .toList()) {
        Files.copy(file, directory.resolve(file.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory;
  }

  /**
   * Lands a raw file: writes {@code lines} (each followed by a newline, UTF-8) to the file named
   * {@code file} in {@code source}'s directory of {@code day} under {@code raw} ({@code
   * <source>/year=<yyyy>/month=<MM>/day=<dd>}, as the generator lays them out), creating the
   * directories, and returns the file.
   */
  public static Path land(Path raw, String source, LocalDate day, String file, String... lines) {
    return writeLines(dayDirectory(raw, source, day).resolve(file), lines);
  }

  /**
   * Lands a raw file holding exactly {@code text} (UTF-8), where {@link #land} would; returns the
   * file.
   */
  public static Path landText(Path raw, String source, LocalDate day, String file, String text) {
    return write(dayDirectory(raw, source, day).resolve(file), text);
  }

  /**
   * Writes {@code lines}, each followed by a newline, to {@code file} as UTF-8, creating its
   * directory; returns the file.
   */
  public static Path writeLines(Path file, String... lines) {
    return write(file, String.join("\n", lines) + "\n");
  }

  private static Path dayDirectory(Path raw, String source, LocalDate day) {
    return raw.resolve(source)
        .resolve("year=" + day.getYear())
        .resolve(String.format(Locale.ROOT, "month=%02d", day.getMonthValue()))
        .resolve(String.format(Locale.ROOT, "day=%02d", day.getDayOfMonth()));
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the sample orders (testdata/raw/orders) into {@code raw}/orders; returns {@code raw}.
   */
  public static Path copyRawOrders(Path raw) {
    copyTree(TESTDATA.resolve("raw").resolve("orders"), raw.resolve("orders"));
    return raw;
  }

  /**
   * Lands {@code orders-0004.jsonl} of 23 November 2026 under {@code raw}: two orders whose event
   * times are written {@code yyyy/MM/dd HH:mm:ss}, which the shipped contract quarantines and
   * {@link #acceptSlashedOrderTimes} accepts. Returns the file.
   */
  public static Path landSlashedOrders(Path raw) {
    return landText(
        raw,
        "orders",
        LocalDate.of(2026, 11, 23),
        "orders-0004.jsonl",
        """
{"order_id":"o-2001","customer_id":"c-001","product":"Kettle","category":"kitchen","price":30.00,"quantity":1,"country":"DE","order_ts":"2026/11/23 09:00:00"}
{"order_id":"o-2002","customer_id":"c-002","product":"Gloves","category":"fashion","price":15.00,"quantity":2,"country":"FR","order_ts":"2026/11/23 14:00:00"}
""");
  }

  /**
   * The fix of the replay tests: the orders contract in {@code contracts} also accepts event times
   * written {@code yyyy/MM/dd HH:mm:ss}, the format a producer uses.
   */
  public static void acceptSlashedOrderTimes(Path contracts) throws IOException {
    Path contract = contracts.resolve("orders.json");
    Files.writeString(
        contract,
        Files.readString(contract)
            .replace(
                "\"yyyy-MM-dd HH:mm:ss\"]", "\"yyyy-MM-dd HH:mm:ss\", \"yyyy/MM/dd HH:mm:ss\"]"));
  }

  /**
   * Writes {@code <source>.json} into {@code contracts}: a contract of {@code format} ({@code
   * json_lines}, {@code csv}) with {@code schema}, event time from its column {@code ts}, and
   * {@code id} and {@code ts} required.
   */
  static void writeContract(Path contracts, String source, String format, String schema)
      throws IOException {
    Files.writeString(
        contracts.resolve(source + ".json"),
        """
        {"source": "%s", "format": {"type": "%s"},
         "schema": "%s",
         "event_time": {"column": "ts"},
         "required": ["id", "ts"]}
        """
            .formatted(source, format, schema));
  }

  /** A configuration for a lake under {@code lake} reading {@code raw}. */
  static RawToProcessedConfig config(Path raw, Path lake, TableFormat format, String runId) {
    return config(raw, lake, format, runId, List.of());
  }

  /** A configuration processing only {@code sources} (all when empty). */
  public static RawToProcessedConfig config(
      Path raw, Path lake, TableFormat format, String runId, List<String> sources) {
    return new RawToProcessedConfig(
        "raw-to-processed",
        runId,
        LakeLayout.under(lake.toString(), raw.toString()),
        Optional.empty(),
        format,
        sources,
        1000,
        RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
  }

  /**
   * A configuration for Delta tables under {@code lake} reading {@code raw} with the contracts of
   * the directory {@code contracts}, every source, at most {@code maxFilesPerBatch} files a batch.
   */
  public static RawToProcessedConfig config(
      Path raw, Path lake, Path contracts, String runId, int maxFilesPerBatch) {
    return new RawToProcessedConfig(
        "raw-to-processed",
        runId,
        LakeLayout.under(lake.toString(), raw.toString()),
        Optional.of(contracts.toString()),
        TableFormat.DELTA,
        List.of(),
        maxFilesPerBatch,
        RawToProcessedConfig.DEFAULT_LATE_FILE_DAYS);
  }

  /**
   * A processed-to-curated configuration for the lake under {@code lake}: its processed and
   * quarantine zones, curated tables in {@code lake/curated}.
   *
   * @param contracts the contracts' directory (empty: the packaged ones)
   * @param sources the sources to curate (empty: all)
   */
  public static ProcessedToCuratedConfig curatedConfig(
      Path lake, String runId, Optional<Path> contracts, List<String> sources) {
    return curatedConfig(lake, "curated", runId, contracts, sources);
  }

  /** The same, with the curated tables in {@code lake/<curated>}. */
  static ProcessedToCuratedConfig curatedConfig(
      Path lake, String curated, String runId, Optional<Path> contracts, List<String> sources) {
    return new ProcessedToCuratedConfig(
        JobCatalog.PROCESSED_TO_CURATED.name(),
        runId,
        ZonePaths.under(lake.toString()),
        lake.resolve(curated).toString(),
        contracts.map(Path::toString),
        sources);
  }

  /** Runs processed to curated once, its progress lines discarded. */
  public static CuratedResult curate(SparkSession spark, ProcessedToCuratedConfig config) {
    return new ProcessedToCuratedPlan(
            spark, config, new PrintStream(OutputStream.nullOutputStream(), true, UTF_8))
        .run();
  }

  /**
   * A batch's figures in the order tests state them: files, lines, written, duplicates,
   * quarantined.
   */
  public static List<Long> figures(org.zonelake.core.run.BatchCounts counts) {
    return List.of(
        counts.files(),
        counts.linesRead(),
        counts.written(),
        counts.duplicates(),
        counts.quarantined());
  }

  /** A listener that adds each warning to {@code warnings} as {@code <source>: <message>}. */
  static RunListener warningsInto(List<String> warnings) {
    return new RunListener() {
      @Override
      public void warning(String source, String message) {
        warnings.add(source + ": " + message);
      }
    };
  }

  /** Runs raw to processed once. */
  public static List<SourceOutcome> run(SparkSession spark, RawToProcessedConfig config) {
    return new RawToProcessedPlan(spark, config, RunListener.NONE).run();
  }
}
