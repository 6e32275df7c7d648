package org.zonelake.core.errors;

/**
 * A file of a Delta table's log that could not be read or parsed, as the lake's own log replay
 * meets it (its path, under the table's {@code _delta_log}, names the table). It is not the message
 * people read: {@link LakeErrors#unreadableTable} and {@link LakeErrors#damagedTableLog} make that
 * from it, with the fix that fits where it surfaced.
 */
public final class UnreadableLogFile extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * @param file the log file's path
   * @param cause what its reader said
   */
  public UnreadableLogFile(String file, Throwable cause) {
    super("error while reading log file " + file, cause);
    this.file = file;
  }

  /** The log file's path. */
  public String file() {
    return file;
  }
}
