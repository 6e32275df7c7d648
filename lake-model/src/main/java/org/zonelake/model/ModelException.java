package org.zonelake.model;

/**
 * A contract directory the deployment cannot describe: the message says which file, which field,
 * what is wrong and how to fix it, in the words the jobs use for the same mistakes.
 */
public final class ModelException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** An exception with the whole message. */
  public ModelException(String message) {
    super(message);
  }

  /** {@code Contract <file>: field '<field>' <problem>. Fix: <fix>.} */
  static ModelException contract(String file, String field, String problem, String fix) {
    return new ModelException(
        "Contract " + file + ": field '" + field + "' " + problem + ". Fix: " + fix + ".");
  }

  /** {@code Joined dataset <file>: field '<field>' <problem>. Fix: <fix>.} */
  static ModelException join(String file, String field, String problem, String fix) {
    return new ModelException(
        "Joined dataset " + file + ": field '" + field + "' " + problem + ". Fix: " + fix + ".");
  }
}
