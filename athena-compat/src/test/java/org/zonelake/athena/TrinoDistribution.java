package org.zonelake.athena;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The part of the Trino server tarball the tests run: {@code lib/}, one plugin and the launcher's
 * main class, unpacked once (about 380 MB of the 2.5 GB the whole server takes) and reused while
 * the tarball is the same.
 *
 * <p>The tarball stores a jar that several plugins share once and the other copies as hard links to
 * it, often into another plugin's directory (most of the Delta Lake plugin links to the BigQuery
 * plugin's jars). Extracting only some directories, with {@code tar} or Maven's unpack (which
 * writes hard links as empty files), therefore loses jars: here the first pass collects the hard
 * links of the wanted files, the second writes every wanted file and every link target to the
 * places that need it.
 */
final class TrinoDistribution {

  private static final String MARKER = ".unpacked";

  private TrinoDistribution() {}

  /**
   * Unpacks {@code tarball} into {@code directory} unless it already holds that tarball's files.
   *
   * @param tarball {@code trino-server-<version>.tar.gz}
   * @param directory where the server's top directory goes
   * @param plugin the one plugin directory to keep, e.g. {@code delta-lake}
   * @return the server's home directory (holding {@code lib/} and {@code plugin/})
   */
  static Path unpack(Path tarball, Path directory, String plugin) {
    try {
      String stamp =
          tarball.toAbsolutePath()
              + " "
              + Files.size(tarball)
              + " "
              + Files.getLastModifiedTime(tarball).toMillis()
              + " "
              + plugin
              + "\n";
      Path marker = directory.resolve(MARKER);
      if (Files.isRegularFile(marker) && Files.readString(marker).startsWith(stamp)) {
        return directory.resolve(Files.readString(marker).substring(stamp.length()).strip());
      }
      deleteRecursively(directory);
      Files.createDirectories(directory);

      // Pass 1: the top directory, and the hard links among the wanted files.
      Map<String, List<String>> linksByTarget = new HashMap<>();
      String top = null;
      try (TarArchiveInputStream tar = open(tarball)) {
        for (TarArchiveEntry e = next(tar); e != null; e = next(tar)) {
          if (top == null) {
            top = e.getName().substring(0, e.getName().indexOf('/') + 1);
          }
          if (e.isLink() && wanted(e.getName(), top, plugin)) {
            linksByTarget.computeIfAbsent(e.getLinkName(), k -> new ArrayList<>()).add(e.getName());
          }
        }
      }
      if (top == null || top.isEmpty()) {
        throw new IllegalStateException(
            tarball + " is not a Trino server tarball: no top directory");
      }

      // Pass 2: every wanted regular file, and every link target to the links that need it.
      Set<String> written = new HashSet<>();
      try (TarArchiveInputStream tar = open(tarball)) {
        for (TarArchiveEntry e = next(tar); e != null; e = next(tar)) {
          if (!e.isFile() || e.isLink()) {
            continue;
          }
          List<String> destinations = new ArrayList<>();
          if (wanted(e.getName(), top, plugin)) {
            destinations.add(e.getName());
          }
          destinations.addAll(linksByTarget.getOrDefault(e.getName(), List.of()));
          if (destinations.isEmpty()) {
            continue;
          }
          Path first = safeResolve(directory, destinations.get(0));
          Files.createDirectories(first.getParent());
          Files.copy(tar, first, StandardCopyOption.REPLACE_EXISTING);
          for (String other : destinations.subList(1, destinations.size())) {
            Path path = safeResolve(directory, other);
            Files.createDirectories(path.getParent());
            link(first, path);
          }
          written.addAll(destinations);
        }
      }
      List<String> missing =
          linksByTarget.values().stream()
              .flatMap(List::stream)
              .filter(l -> !written.contains(l))
              .toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            tarball + ": hard links whose target is not in the archive: " + missing);
      }
      Path home = directory.resolve(top);
      if (!Files.isDirectory(home.resolve("plugin").resolve(plugin))) {
        throw new IllegalStateException(tarball + " has no plugin directory " + plugin);
      }
      Files.writeString(marker, stamp + top);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack " + tarball + " into " + directory, e);
    }
  }

  private static boolean wanted(String name, String top, String plugin) {
    return name.startsWith(top + "lib/")
        || name.startsWith(top + "plugin/" + plugin + "/")
        || name.equals(top + "bin/launcher.properties");
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
    return (TarArchiveEntry) tar.getNextEntry();
  }

  private static TarArchiveInputStream open(Path tarball) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
    return new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16));
  }

  private static Path safeResolve(Path directory, String name) {
    Path path = directory.resolve(name).normalize();
    if (!path.startsWith(directory)) {
      throw new IllegalStateException("Archive entry outside the target directory: " + name);
    }
    return path;
  }

  private static void link(Path existing, Path link) throws IOException {
    Files.deleteIfExists(link);
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(existing, link);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
