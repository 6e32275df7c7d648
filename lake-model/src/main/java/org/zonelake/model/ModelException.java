package org.zonelake.model;

/**
 * A contract directory the deployment cannot describe: the message says which file, which field,
 * what is wrong and how to fix it, in the words the jobs use for the same mistakes.
 */
public final class ModelException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** An exception with the message. */
  public ModelException(ErrorMessage message) {
    super(message.toString());
  }

  /** An exception with the message and the failure behind it (or null). */
  public ModelException(ErrorMessage message, Throwable cause) {
    super(message.toString(), cause);
  }
}
