package org.zonelake.core.errors;

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
}
