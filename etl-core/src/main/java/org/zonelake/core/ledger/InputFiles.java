package org.zonelake.core.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw files a run read. The list is kept in the ledger item while it is small; a longer list is
 * stored by the caller elsewhere (an S3 object or a local file) and only its location is recorded,
 * because a DynamoDB item holds at most 400 KB.
 *
 * @param count how many files
 * @param bytes their total size in bytes
 * @param paths the files, when kept inline (empty when stored elsewhere)
 * @param listLocation where the caller stored the list (empty when inline)
 */
public record InputFiles(
    long count, long bytes, List<String> paths, Optional<String> listLocation) {

  /** The largest list (sum of the paths' UTF-8 sizes) a ledger item keeps inline. */
  public static final long MAX_INLINE_BYTES = 300_000;

  /** Validates the fields. */
  public InputFiles {
    paths = List.copyOf(paths);
    Objects.requireNonNull(listLocation, "listLocation");
    if (count < 0 || bytes < 0) {
      throw new IllegalArgumentException("count and bytes must not be negative");
    }
    if (listLocation.isPresent() && !paths.isEmpty()) {
      throw new IllegalArgumentException("input files are either inline or stored, not both");
    }
    if (listLocation.isEmpty() && paths.size() != count) {
      throw new IllegalArgumentException(
          "count " + count + " differs from the " + paths.size() + " inline paths");
    }
  }

  /** No files. */
  public static InputFiles none() {
    return new InputFiles(0, 0, List.of(), Optional.empty());
  }

  /** The files, listed in the ledger item. */
  public static InputFiles inline(List<String> paths, long bytes) {
    return new InputFiles(paths.size(), bytes, paths, Optional.empty());
  }

  /** Files whose list the caller stored at {@code location}. */
  public static InputFiles stored(long count, long bytes, String location) {
    return new InputFiles(count, bytes, List.of(), Optional.of(location));
  }

  /** The size of the inline list in bytes (UTF-8), as the ledger counts it. */
  public long inlineBytes() {
    return paths.stream().mapToLong(p -> p.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  /** Whether the list is small enough to be kept in the ledger item. */
  public boolean fitsInline() {
    return inlineBytes() <= MAX_INLINE_BYTES;
  }
}
