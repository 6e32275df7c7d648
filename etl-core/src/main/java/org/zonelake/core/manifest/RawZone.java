package org.zonelake.core.manifest;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.model.DeclarationReader;

/**
 * The raw zone: one directory per source, files below it (usually in {@code
 * year=YYYY/month=MM/day=DD/} landing directories). Lists what a run has not taken yet, reading
 * only the landing days from the watermark minus the late-file window onwards, so the cost of a
 * listing does not grow with the days the zone has accumulated.
 */
public final class RawZone {

  private static final Pattern YEAR = Pattern.compile(RawFile.YEAR_DIRECTORY);
  private static final Pattern MONTH = Pattern.compile(RawFile.MONTH_DIRECTORY);
  private static final Pattern DAY = Pattern.compile(RawFile.DAY_DIRECTORY);

  private final Path root;
  private final Configuration conf;

  /**
   * @param root the raw zone root (one directory per source)
   * @param conf the Hadoop configuration to reach it
   */
  public RawZone(String root, Configuration conf) {
    this.root = new Path(root);
    this.conf = conf;
  }

  /** The root as given. */
  public String root() {
    return root.toString();
  }

  /** The directory of a source. */
  public String directory(String source) {
    return new Path(root, source).toString();
  }

  /** Why a source with a contract but no raw directory is not read this run. */
  public String noDirectoryNote(String source) {
    return "no raw directory " + directory(source) + " yet";
  }

  /**
   * Why a directory of the root that no contract names is not read, and what to do: add its
   * contract, or first rename a directory whose name cannot be a source's.
   */
  public String noContractNote(String directoryName) {
    return "no contract for raw directory "
        + directory(directoryName)
        + "; "
        + (DeclarationReader.NAME.matcher(directoryName).matches()
            ? "add " + directoryName + ".json to the contracts"
            : "'"
                + directoryName
                + "' cannot be a source's name (lower-case letters, digits and '_'): rename the"
                + " directory, e.g. to '"
                + suggestedName(directoryName)
                + "', and add that name's contract")
        + ". Its files stay in raw for a later run";
  }

  /** Why a file at the root, outside every source's directory, is not read, and where it goes. */
  public String strayFileNote(String file) {
    return "a file at the raw root ("
        + directory(file)
        + "), in no source's directory, is not read; move it to "
        + directory("<source>")
        + "/year=YYYY/month=MM/day=DD/";
  }

  /**
   * A source name like {@code directoryName} that {@link DeclarationReader#NAME} accepts: lower
   * case, other characters as '_', starting with a letter, at most 63 characters.
   */
  static String suggestedName(String directoryName) {
    String name = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String named = name.matches("[a-z].*") ? name : "s_" + name;
    return named.length() > 63 ? named.substring(0, 63) : named;
  }

  /**
   * What the zone's root holds, from one listing (hidden names left out, as Spark leaves them out).
   *
   * @param sources the source directories, sorted
   * @param strayFiles the files at the root, outside every source's directory, sorted: no source
   *     reads them
   */
  public record Contents(List<String> sources, List<String> strayFiles) {

    /** Copies the lists. */
    public Contents {
      sources = List.copyOf(sources);
      strayFiles = List.copyOf(strayFiles);
    }
  }

  /**
   * Lists the zone's root once: its source directories and the files beside them.
   *
   * @throws org.zonelake.core.errors.LakeException when the root does not exist or cannot be read,
   *     or holds landing directories ({@code year=2026}) instead of sources: it is a source's
   *     directory or one below it
   */
  public Contents contents() {
    Optional<FileStatus[]> listing;
    try {
      // One listing: a missing root is the listing's FileNotFoundException (asking first would
      // cost S3 two requests more).
      listing = StoreFiles.listIfPresent(root.getFileSystem(conf), root);
    } catch (IOException e) {
      throw LakeErrors.unreadablePath(
          "Raw zone",
          root.toString(),
          e,
          "check that the bucket exists and the job may list it, or pass another raw root with"
              + " --raw_path");
    }
    if (listing.isEmpty()) {
      throw LakeErrors.missingPath(
          "Raw zone",
          root.toString(),
          "pass the raw root with --raw_path (it holds one directory per source)");
    }
    List<String> sources = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (FileStatus status : listing.get()) {
      String name = status.getPath().getName();
      if (!StoreFiles.hidden(name)) {
        (status.isDirectory() ? sources : files).add(name);
      }
    }
    sources.sort(String::compareTo);
    files.sort(String::compareTo);
    if (!sources.isEmpty() && sources.stream().allMatch(RawZone::isLandingDirectory)) {
      throw LakeErrors.rawRootIsAPartition(root.toString(), sources.get(0));
    }
    return new Contents(sources, files);
  }

  private static boolean isLandingDirectory(String name) {
    return YEAR.matcher(name).matches()
        || MONTH.matcher(name).matches()
        || DAY.matcher(name).matches();
  }

  /**
   * What a listing found: the new files (sorted by path), the directories it listed, and the taken
   * files that are no longer as they were taken.
   *
   * @param files files not taken yet
   * @param directoriesListed how many directories the listing read
   * @param changed taken files whose size or modification time is not what it was when a batch took
   *     them, as listed now (sorted by path)
   */
  public record Listing(List<RawFile> files, int directoriesListed, List<Changed> changed) {

    /** Copies the lists. */
    public Listing {
      files = List.copyOf(files);
      changed = List.copyOf(changed);
    }

    /** The listing without the files of {@code paths}. */
    public Listing without(Set<String> paths) {
      return new Listing(
          files.stream().filter(f -> !paths.contains(f.path())).toList(),
          directoriesListed,
          changed);
    }
  }

  /**
   * A taken file that changed since.
   *
   * @param taken the file as a batch took it
   * @param now the file as listed now
   */
  public record Changed(RawFile taken, RawFile now) {}

  /**
   * The files of a source not among {@code taken}, reading landing days from {@code from} on (all
   * when empty). Hidden files ({@code _*}, {@code .*}) are left out.
   */
  public Listing newFiles(String source, Optional<LocalDate> from, Set<String> taken) {
    return newFiles(source, from, taken, Map.of());
  }

  /**
   * {@link #newFiles(String, Optional, Set)}, also naming the files of {@code asTaken} (taken files
   * as a batch took them, by path) whose size or modification time changed since.
   */
  public Listing newFiles(
      String source, Optional<LocalDate> from, Set<String> taken, Map<String, RawFile> asTaken) {
    Path directory = new Path(root, source);
    List<RawFile> files = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    int[] listed = {0};
    try {
      FileSystem fs = directory.getFileSystem(conf);
      walk(fs, directory, from, -1, -1, taken, asTaken, files, changed, listed);
    } catch (IOException e) {
      throw LakeErrors.unreadablePath(
          "Raw directory", directory.toString(), e, "check that the job may list it");
    }
    files.sort(java.util.Comparator.comparing(RawFile::path));
    changed.sort(java.util.Comparator.comparing(c -> c.now().path()));
    return new Listing(files, listed[0], changed);
  }

  private void walk(
      FileSystem fs,
      Path directory,
      Optional<LocalDate> from,
      int year,
      int month,
      Set<String> taken,
      Map<String, RawFile> asTaken,
      List<RawFile> files,
      List<Changed> changed,
      int[] listed)
      throws IOException {
    Optional<FileStatus[]> listing = StoreFiles.listIfPresent(fs, directory);
    if (listing.isEmpty()) {
      return;
    }
    FileStatus[] entries = listing.get();
    listed[0]++;
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (StoreFiles.hidden(name)) {
        continue;
      }
      if (!entry.isDirectory()) {
        String path = entry.getPath().toString();
        RawFile file = new RawFile(path, entry.getLen(), entry.getModificationTime());
        RawFile then = asTaken.get(path);
        if (!taken.contains(path)) {
          files.add(file);
        } else if (then != null && !then.equals(file)) {
          changed.add(new Changed(then, file));
        }
        continue;
      }
      int y = year;
      int m = month;
      if (from.isPresent()) {
        LocalDate f = from.get();
        Matcher ym = YEAR.matcher(name);
        Matcher mm = MONTH.matcher(name);
        Matcher dm = DAY.matcher(name);
        if (ym.matches()) {
          y = Integer.parseInt(ym.group(1));
          if (y < f.getYear()) {
            continue;
          }
        } else if (mm.matches() && year >= 0) {
          m = Integer.parseInt(mm.group(1));
          if (year == f.getYear() && m < f.getMonthValue()) {
            continue;
          }
        } else if (dm.matches() && year >= 0 && month >= 0) {
          int d = Integer.parseInt(dm.group(1));
          if (year == f.getYear() && month == f.getMonthValue() && d < f.getDayOfMonth()) {
            continue;
          }
        }
      }
      walk(fs, entry.getPath(), from, y, m, taken, asTaken, files, changed, listed);
    }
  }
}
