package org.zonelake.core.errors;

/**
 * A file of a Delta table's log that could not be read or parsed, as the lake's own log replay
 * meets it: which table, and which file. It is not the message people read: {@link
 * LakeErrors#unreadableTable} and {@link LakeErrors#damagedTableLog} make that from it, with the
 * fix that fits where it surfaced.
 */
public final class UnreadableLogFile extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String table;
  private final String file;

  /**
   * @param table the table's path
   * @param file the log file's path
   * @param cause what its reader said
   */
  public UnreadableLogFile(String table, String file, Throwable cause) {
    super("error while reading file " + file + " of table " + table, cause);
    this.table = table;
    this.file = file;
  }

  /** The table's path. */
  public String table() {
    return table;
  }

  /** The log file's path. */
  public String file() {
    return file;
  }
}
