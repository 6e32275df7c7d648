package org.zonelake.core.manifest;

import java.util.Objects;

/**
 * A raw file of a batch that could not be read at all (a corrupt or truncated compressed file, a
 * file deleted after the listing, a file the job may not open). The batch leaves it out, records it
 * in the source's file-quarantine table, and later runs try it again until it reads or is skipped.
 *
 * @param file the file as the listing saw it
 * @param reason why it could not be read, for people
 */
public record QuarantinedFile(RawFile file, String reason) {

  /** Checks nothing is null. */
  public QuarantinedFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }

  /** The file's path. */
  public String path() {
    return file.path();
  }
}
