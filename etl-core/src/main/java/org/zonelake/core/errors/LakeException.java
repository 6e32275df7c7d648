package org.zonelake.core.errors;

/**
 * A failure the user can act on. The message says what failed, why, and how to fix it; it is
 * printed as is by the command line and the jobs.
 */
public final class LakeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  LakeException(String message) {
    super(message);
  }

  LakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
