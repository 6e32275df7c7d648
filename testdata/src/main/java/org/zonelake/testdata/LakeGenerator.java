package org.zonelake.testdata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Generates a raw zone of the four sample sources at any size: orders (JSON lines), customers (CSV
 * with quoted commas and line breaks), sensor readings (JSON arrays with a nested object and an
 * array) and web logs (text lines), laid out as {@code raw/<source>/year=YYYY/month=MM/day=DD/},
 * with the configured shares of malformed, invalid and duplicate records, and returns the exact
 * counts raw to processed must report ({@link Manifest}).
 *
 * <p>Deterministic: the same settings produce the same files. Every invalid record fails exactly
 * one check; every duplicate is a verbatim copy of an earlier valid record, of its own file or of
 * an earlier file of its source; valid records are otherwise unique.
 */
public final class LakeGenerator {

  /**
   * The version of what the generator writes for given settings; raised whenever the same settings
   * produce other data (2: sensor readings name the devices of the shipped {@code devices.csv}).
   */
  public static final int VERSION = 2;

  private static final int POOL = 4096;

  private final GeneratorSettings settings;

  /** A generator for {@code settings}. */
  public LakeGenerator(GeneratorSettings settings) {
    this.settings = settings;
  }

  /**
   * Writes the raw zone under {@code rawRoot} (one directory per source) and returns its manifest.
   */
  public Manifest generate(Path rawRoot) {
    List<SourceFormat> formats = SourceFormat.all();
    long[] shares = new long[formats.size()];
    long assigned = 0;
    for (int i = 0; i < formats.size(); i++) {
      shares[i] = (long) Math.floor(settings.records() * formats.get(i).weight());
      assigned += shares[i];
    }
    shares[0] += settings.records() - assigned;
    Map<String, ExpectedCounts> counts = new LinkedHashMap<>();
    for (int i = 0; i < formats.size(); i++) {
      SourceFormat format = formats.get(i);
      counts.put(format.source(), generateSource(format, shares[i], rawRoot));
    }
    return new Manifest(settings, counts);
  }

  private ExpectedCounts generateSource(SourceFormat format, long records, Path rawRoot) {
    SplittableRandom random =
        new SplittableRandom(settings.seed() * 31 + format.source().hashCode());
    Map<String, Long> reasons = new HashMap<>();
    List<String> kinds = format.invalidKinds();
    Pool earlier = new Pool();
    long emitted = 0;
    long seq = 0;
    long written = 0;
    long duplicates = 0;
    long quarantined = 0;
    long bytes = 0;
    int files = 0;
    double dup = settings.duplicateFraction();
    double malformed = dup + settings.malformedFraction();
    double invalid = malformed + settings.invalidFraction();
    while (emitted < records) {
      LocalDate day = settings.firstDay().plusDays(files % settings.days());
      Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
      Path file =
          rawRoot
              .resolve(format.source())
              .resolve("year=" + day.getYear())
              .resolve("month=" + SourceFormat.pad2(day.getMonthValue()))
              .resolve("day=" + SourceFormat.pad2(day.getDayOfMonth()))
              .resolve(format.fileName(files + 1));
      Pool current = new Pool();
      try {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out =
            new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
          out.write(format.fileStart());
          long chars = format.fileStart().length();
          int inFile = 0;
          while (emitted < records
              && inFile < settings.recordsPerFile()
              && chars < settings.bytesPerFile()) {
            double x = random.nextDouble();
            String record;
            boolean copy = x < dup;
            if (copy && (current.size() > 0 || earlier.size() > 0)) {
              boolean across =
                  earlier.size() > 0
                      && (current.size() == 0 || random.nextDouble() < settings.crossFileShare());
              record = (across ? earlier : current).pick(random);
              duplicates++;
            } else if (!copy && x < malformed) {
              record = format.malformed(seq++, random);
              reasons.merge(SourceFormat.MALFORMED, 1L, Long::sum);
              quarantined++;
            } else if (!copy && x < invalid && !kinds.isEmpty()) {
              String kind = kinds.get(random.nextInt(kinds.size()));
              record = format.invalid(kind, seq, eventTime(dayStart, seq, random), random);
              seq++;
              reasons.merge(kind, 1L, Long::sum);
              quarantined++;
            } else {
              record = format.valid(seq, eventTime(dayStart, seq, random), random);
              seq++;
              current.add(record);
              written++;
            }
            if (inFile > 0) {
              out.write(format.separator());
              chars += format.separator().length();
            }
            out.write(record);
            chars += record.length();
            inFile++;
            emitted++;
          }
          out.write(format.fileEnd());
        }
        bytes += Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the generated raw file " + file, e);
      }
      earlier.addAll(current);
      files++;
    }
    return new ExpectedCounts(
        files, emitted, written, duplicates, quarantined, reasons, Map.of(), bytes);
  }

  private Instant eventTime(Instant dayStart, long seq, SplittableRandom random) {
    Instant t = dayStart.plusMillis(SourceFormat.uniqueMillisOfDay(seq));
    if (random.nextDouble() < settings.lateFraction()) {
      t = t.minus(Duration.ofDays(1 + random.nextInt(3)));
    }
    return t;
  }

  /** The most recent valid records of a file (or of the earlier files), to copy duplicates from. */
  private static final class Pool {
    private final String[] records = new String[POOL];
    private int size;
    private long added;

    void add(String record) {
      records[(int) (added++ % POOL)] = record;
      size = Math.min(size + 1, POOL);
    }

    void addAll(Pool other) {
      for (int i = 0; i < other.size; i++) {
        add(other.records[i]);
      }
    }

    int size() {
      return size;
    }

    String pick(SplittableRandom random) {
      return records[random.nextInt(size)];
    }
  }

  private static final String USAGE =
      "Usage: --out DIR [--records N] [--seed S] [--records-per-file K] [--file-mb M]"
          + " [--malformed F] [--invalid F] [--duplicates F] [--days D]";

  private static final Set<String> OPTIONS =
      Set.of(
          "out",
          "records",
          "seed",
          "records-per-file",
          "file-mb",
          "malformed",
          "invalid",
          "duplicates",
          "days");

  /**
   * The {@code --name value} pairs of {@code args}.
   *
   * @throws IllegalArgumentException for a value without its option, an option without its value or
   *     an option the generator does not have
   */
  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Expected --option value, got '" + args[i] + "' alone. " + USAGE);
      }
      String name = args[i].substring(2);
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("Unknown option --" + name + ". " + USAGE);
      }
      options.put(name, args[i + 1]);
    }
    return options;
  }

  /**
   * Writes a raw zone and its manifest: {@code --out DIR} (required; gets {@code raw/} and {@code
   * manifest.json}), {@code --records N}, {@code --seed S}, {@code --records-per-file K}, {@code
   * --file-mb M}, {@code --malformed F}, {@code --invalid F}, {@code --duplicates F}, {@code --days
   * D} (landing days the files are spread over).
   */
  public static void main(String[] args) throws IOException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    try {
      generate(options(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Passes the value of {@code --name}, parsed, to {@code set} when the option is given. */
  private static <T> void ifGiven(
      Map<String, String> options, String name, Function<String, T> parse, Consumer<T> set) {
    if (options.containsKey(name)) {
      set.accept(value(options, name, parse));
    }
  }

  /** The value of {@code --name}, parsed; a value that does not parse is named in the error. */
  private static <T> T value(Map<String, String> options, String name, Function<String, T> parse) {
    try {
      return parse.apply(options.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " is '" + options.get(name) + "', not a number. " + USAGE, e);
    }
  }

  private static void generate(Map<String, String> options) throws IOException {
    if (!options.containsKey("out")) {
      throw new IllegalArgumentException("Missing --out DIR. " + USAGE);
    }
    GeneratorSettings.Builder builder = GeneratorSettings.builder();
    ifGiven(options, "records", Long::parseLong, builder::records);
    ifGiven(options, "seed", Long::parseLong, builder::seed);
    ifGiven(options, "records-per-file", Integer::parseInt, builder::recordsPerFile);
    ifGiven(options, "file-mb", Long::parseLong, mb -> builder.bytesPerFile(mb * 1024 * 1024));
    ifGiven(options, "malformed", Double::parseDouble, builder::malformedFraction);
    ifGiven(options, "invalid", Double::parseDouble, builder::invalidFraction);
    ifGiven(options, "duplicates", Double::parseDouble, builder::duplicateFraction);
    ifGiven(options, "days", Integer::parseInt, builder::days);
    Path out = Path.of(options.get("out"));
    Manifest manifest = new LakeGenerator(builder.build()).generate(out.resolve("raw"));
    manifest.write(out.resolve("manifest.json"));
    System.out.print(manifest.toJson());
  }
}
