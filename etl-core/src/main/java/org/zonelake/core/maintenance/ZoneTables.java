package org.zonelake.core.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.layout.ZonePaths;

/**
 * The tables of a lake's zones and the sources with a manifest directory, as maintenance finds
 * them: directories, not a catalog, so a table written outside the catalog is maintained too.
 * Directories starting with {@code _} or {@code .} are not tables (run state, manifests,
 * checkpoints), except the {@code _stats/} and {@code _quality/} groups of the processed zone.
 *
 * @param zones the processed and quarantine zones
 * @param curatedRoot the curated zone's root
 * @param hadoop the Hadoop configuration to reach them
 */
public record ZoneTables(ZonePaths zones, String curatedRoot, Configuration hadoop) {

  /**
   * A table found in a zone.
   *
   * @param name zone-relative name ({@code processed/orders}, {@code processed/_stats/batches})
   * @param path where it is
   */
  public record Table(String name, String path) {}

  /**
   * The tables: processed sources, then {@code _stats/} and {@code _quality/} tables, quarantine,
   * then the file-quarantine tables ({@code _files/}), curated; each zone's in name order.
   */
  public List<Table> tables() {
    // Each table is named by its path relative to the lake.
    ZonePaths named = ZonePaths.RELATIVE;
    List<Table> tables = new ArrayList<>();
    addAll(tables, named.processed(), zones.processed());
    addAll(tables, named.statisticsRoot(), zones.statisticsRoot());
    addAll(tables, named.qualityRoot(), zones.qualityRoot());
    addAll(tables, named.quarantine(), zones.quarantine());
    addAll(tables, named.fileQuarantineRoot(), zones.fileQuarantineRoot());
    addAll(tables, "curated", curatedRoot);
    return tables;
  }

  /** The sources with a manifest directory ({@code processed/_manifests/<source>}), sorted. */
  public List<String> manifestSources() {
    return children(zones.manifestsRoot());
  }

  private void addAll(List<Table> tables, String named, String root) {
    for (String name : children(root)) {
      tables.add(new Table(named + "/" + name, root + "/" + name));
    }
  }

  /** The names of the sub-directories of {@code root} that are not hidden, sorted. */
  private List<String> children(String root) {
    Path dir = new Path(root);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      return Arrays.stream(StoreFiles.listOrNone(fs, dir))
          .filter(FileStatus::isDirectory)
          .map(s -> s.getPath().getName())
          .filter(n -> !StoreFiles.hidden(n))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }
}
