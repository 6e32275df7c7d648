package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking the wanted part of a server tarball whose jars are hard links into other plugins. */
class TrinoDistributionTest {

  @TempDir Path temp;

  private static void file(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void hardLink(TarArchiveOutputStream tar, String name, String target)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
    entry.setLinkName(target);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private Path tarball() throws IOException {
    Path tarball = temp.resolve("trino-server-1.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tarball));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      file(
          tar,
          "trino-server-1/bin/launcher.properties",
          "main-class=io.trino.server.TrinoServer\n");
      file(tar, "trino-server-1/lib/core.jar", "core");
      file(tar, "trino-server-1/plugin/bigquery/shared.jar", "shared");
      file(tar, "trino-server-1/plugin/bigquery/only-bigquery.jar", "bq");
      hardLink(tar, "trino-server-1/plugin/delta-lake/core.jar", "trino-server-1/lib/core.jar");
      hardLink(
          tar,
          "trino-server-1/plugin/delta-lake/shared.jar",
          "trino-server-1/plugin/bigquery/shared.jar");
      file(tar, "trino-server-1/plugin/delta-lake/delta.jar", "delta");
    }
    return tarball;
  }

  @Test
  void keepsLibThePluginAndTheTargetsOfItsHardLinksOnly() throws IOException {
    Path home = TrinoDistribution.unpack(tarball(), temp.resolve("dist"), "delta-lake");

    assertThat(home).isEqualTo(temp.resolve("dist/trino-server-1"));
    assertThat(Files.readString(home.resolve("plugin/delta-lake/shared.jar"))).isEqualTo("shared");
    assertThat(Files.readString(home.resolve("plugin/delta-lake/core.jar"))).isEqualTo("core");
    assertThat(Files.readString(home.resolve("plugin/delta-lake/delta.jar"))).isEqualTo("delta");
    assertThat(Files.readString(home.resolve("lib/core.jar"))).isEqualTo("core");
    assertThat(home.resolve("bin/launcher.properties")).exists();
    assertThat(home.resolve("plugin/bigquery")).doesNotExist();
  }

  @Test
  void reusesAnUnpackedCopyOfTheSameTarball() throws IOException {
    Path tarball = tarball();
    Path home = TrinoDistribution.unpack(tarball, temp.resolve("dist"), "delta-lake");
    Files.writeString(home.resolve("lib/marker"), "kept");

    assertThat(TrinoDistribution.unpack(tarball, temp.resolve("dist"), "delta-lake"))
        .isEqualTo(home);
    assertThat(home.resolve("lib/marker")).exists();
  }
}
