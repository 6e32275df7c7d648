package org.zonelake.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 64-bit fingerprint of a text: the first 8 bytes of its SHA-256 digest (UTF-8), big-endian. It
 * tells whether a declaration or a reference table changed since a run recorded it.
 */
public final class Fingerprint {

  private Fingerprint() {}

  /** The fingerprint of {@code text}. */
  public static long of(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
