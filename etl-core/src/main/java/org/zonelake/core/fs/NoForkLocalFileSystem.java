package org.zonelake.core.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without child processes. Without Hadoop's native library, {@link
 * RawLocalFileSystem} runs {@code chmod}, {@code ls -ld} and {@code readlink} as processes for
 * permissions and links — about 1,400 of them on a run over a few dozen records. This file system
 * does the same through {@code java.nio} instead, and writes no checksum side files ({@code .crc}).
 * It is a {@link LocalFileSystem}, as Hadoop requires of the {@code file:} file system (its
 * temporary-file allocation casts to it). Meant for {@code file:} paths of local runs and tests:
 * {@code spark.hadoop.fs.file.impl=org.zonelake.core.fs.NoForkLocalFileSystem} and, for {@code
 * FileContext} users such as Delta's log store, {@code
 * spark.hadoop.fs.AbstractFileSystem.file.impl=org.zonelake.core.fs.NoForkLocalFileSystem$Fs}.
 */
public class NoForkLocalFileSystem extends LocalFileSystem {

  /** The local file system over {@link Raw}, without checksum files. */
  public NoForkLocalFileSystem() {
    super(new Raw());
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }

  /** Hadoop's raw local file system with permissions, status and links through {@code java.nio}. */
  public static class Raw extends RawLocalFileSystem {

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return status(f, true);
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      return status(f, false);
    }

    @Override
    public Path getLinkTarget(Path f) throws IOException {
      java.nio.file.Path file = pathToFile(f).toPath();
      if (!Files.isSymbolicLink(file)) {
        return null;
      }
      return new Path(Files.readSymbolicLink(file).toString());
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }

    @Override
    public void setOwner(Path p, String username, String groupname) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (username != null) {
        view.setOwner(lookup.lookupPrincipalByName(username));
      }
      if (groupname != null) {
        view.setGroup(lookup.lookupPrincipalByGroupName(groupname));
      }
    }

    private FileStatus status(Path f, boolean follow) throws IOException {
      File file = pathToFile(f);
      PosixFileAttributes attributes;
      try {
        attributes =
            follow
                ? Files.readAttributes(file.toPath(), PosixFileAttributes.class)
                : Files.readAttributes(
                    file.toPath(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + f + " does not exist");
      }
      Path qualified = new Path(file.getPath()).makeQualified(getUri(), getWorkingDirectory());
      Path symlink =
          attributes.isSymbolicLink()
              ? new Path(Files.readSymbolicLink(file.toPath()).toString())
              : null;
      return new FileStatus(
          attributes.isDirectory() ? 0 : attributes.size(),
          attributes.isDirectory(),
          1,
          getDefaultBlockSize(f),
          attributes.lastModifiedTime().toMillis(),
          attributes.lastAccessTime().toMillis(),
          permission(attributes.permissions()),
          attributes.owner().getName(),
          attributes.group().getName(),
          symlink,
          qualified);
    }

    private static FsPermission permission(Set<PosixFilePermission> permissions) {
      int mode = 0;
      for (PosixFilePermission p : permissions) {
        mode |= 1 << (8 - p.ordinal());
      }
      return new FsPermission((short) mode);
    }

    private static Set<PosixFilePermission> posix(FsPermission permission) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      int mode = permission.toShort();
      for (PosixFilePermission p : PosixFilePermission.values()) {
        if ((mode & (1 << (8 - p.ordinal()))) != 0) {
          set.add(p);
        }
      }
      return set;
    }
  }

  /** The same file system for {@code FileContext} (Hadoop's {@code RawLocalFs} over this one). */
  public static final class Fs extends org.apache.hadoop.fs.DelegateToFileSystem {

    /** Called by {@code AbstractFileSystem.createFileSystem}. */
    public Fs(java.net.URI uri, org.apache.hadoop.conf.Configuration conf)
        throws IOException, java.net.URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public org.apache.hadoop.fs.FsServerDefaults getServerDefaults(Path f) throws IOException {
      return org.apache.hadoop.fs.local.LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public org.apache.hadoop.fs.FsServerDefaults getServerDefaults() throws IOException {
      return org.apache.hadoop.fs.local.LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
