package org.zonelake.core.errors;

import java.util.Optional;
import org.zonelake.model.ErrorMessage;

/**
 * A failure the user can act on. The message says what failed, why, and how to fix it (an {@link
 * ErrorMessage}); it is printed as is by the command line and the jobs. Each area makes its own:
 * {@link LakeErrors} for runs and paths, {@code DeclarationErrors} for contracts and joined
 * datasets, and the factories of the quality rules, the command line and the AWS services beside
 * their code.
 */
public final class LakeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with this message. */
  public LakeException(ErrorMessage message) {
    super(message.toString());
  }

  /** A failure with this message, caused by {@code cause} (or by nothing, when null). */
  public LakeException(ErrorMessage message, Throwable cause) {
    super(message.toString(), cause);
  }

  /**
   * The first {@code LakeException} in {@code error}'s chain of causes (itself included): the
   * explanation a lower layer already gave, which callers report as is.
   */
  public static Optional<LakeException> in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof LakeException lake) {
        return Optional.of(lake);
      }
    }
    return Optional.empty();
  }

  /**
   * The failure of one part of a run ({@code what}: a table, a directory) as a summary line shows
   * it: the explanation of the first {@code LakeException} in the chain, else {@code what} and the
   * first line of the error's message.
   */
  public static String summary(String what, Throwable error) {
    return in(error)
        .map(LakeException::getMessage)
        .orElseGet(
            () -> {
              String message = error.getMessage() == null ? error.toString() : error.getMessage();
              return what + ": " + message.lines().findFirst().orElse(message);
            });
  }

  /** The deepest cause of {@code error} (itself when it has none). */
  public static Throwable rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
