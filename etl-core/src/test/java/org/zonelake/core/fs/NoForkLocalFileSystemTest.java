package org.zonelake.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system without child processes behaves as Hadoop's for what the jobs use. */
class NoForkLocalFileSystemTest {

  @TempDir Path dir;

  private static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NoForkLocalFileSystem.class.getName());
    conf.set("fs.file.impl.disable.cache", "true");
    conf.set("fs.AbstractFileSystem.file.impl", NoForkLocalFileSystem.Fs.class.getName());
    return conf;
  }

  @Test
  void statusPermissionsAndLinksComeFromTheFileItself() throws Exception {
    Path file = dir.resolve("a.json");
    Files.writeString(file, "{\"a\":1}\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, file);
    FileSystem fs = FileSystem.get(dir.toUri(), conf());

    FileStatus status = fs.getFileStatus(new org.apache.hadoop.fs.Path(file.toUri()));
    fs.setPermission(
        new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0640 | 0004));
    FileStatus linked = fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toUri()));

    assertThat(fs).isInstanceOf(NoForkLocalFileSystem.class);
    assertThat(status.getLen()).isEqualTo(8);
    assertThat(status.isDirectory()).isFalse();
    assertThat(status.getPermission().toString()).isEqualTo("rw-r-----");
    assertThat(status.getOwner()).isEqualTo(System.getProperty("user.name"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    assertThat(linked.isSymlink()).isTrue();
    assertThat(linked.getSymlink().toString()).isEqualTo(file.toString());
    assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(dir.toUri())).isDirectory()).isTrue();
    assertThatThrownBy(
            () -> fs.getFileStatus(new org.apache.hadoop.fs.Path(dir.resolve("none").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void fileContextRenamesWithoutOverwritingAsDeltaLogStoresNeed() throws Exception {
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
    org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(dir.resolve("tmp").toUri());
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(dir.resolve("0.json").toUri());
    try (var out = fc.create(from, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }

    fc.rename(from, to, Options.Rename.NONE);

    assertThat(Files.readString(dir.resolve("0.json"))).isEqualTo("x");
    assertThat(dir.resolve("tmp")).doesNotExist();
    assertThat(dir.resolve(".0.json.crc")).doesNotExist();
  }
}
