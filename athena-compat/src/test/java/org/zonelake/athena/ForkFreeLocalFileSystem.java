package org.zonelake.athena;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system for the tests' Spark session, setting permissions and reading link
 * status with {@code java.nio} instead of a {@code chmod} or {@code readlink} child process per
 * call. Without Hadoop's native library (not on Maven Central) building the sample lake starts
 * about 1,400 such processes, each costing 5 to 30 ms on a busy two-core build machine. Reads,
 * writes and renames are Hadoop's own. Configured through the surefire system properties {@code
 * spark.hadoop.fs.file.impl} and {@code spark.hadoop.fs.AbstractFileSystem.file.impl} (Spark's
 * streaming checkpoints and Delta's log store go through {@code FileContext}).
 */
public final class ForkFreeLocalFileSystem extends LocalFileSystem {

  /** The checksummed local file system over {@link Raw}. */
  public ForkFreeLocalFileSystem() {
    super(new Raw());
  }

  /** The raw local file system, without child processes for permissions and link status. */
  public static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        Files.setPosixFilePermissions(file, posix(permission));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      // Hadoop's own answer for a path that is not a symbolic link is its file status.
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }

    private static Set<PosixFilePermission> posix(FsPermission permission) {
      int mode = permission.toShort();
      PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
      };
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int i = 0; i < bits.length; i++) {
        if ((mode & (1 << i)) != 0) {
          set.add(bits[i]);
        }
      }
      return set;
    }
  }

  /** {@code FileContext}'s view: checksummed, over {@link RawFs}. */
  public static final class Fs extends ChecksumFs {

    /** Called by {@code AbstractFileSystem.createFileSystem}. */
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** What Hadoop's {@code RawLocalFs} is, over {@link Raw}. */
  public static final class RawFs extends DelegateToFileSystem {

    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
