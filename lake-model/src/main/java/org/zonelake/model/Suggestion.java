package org.zonelake.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name a mistyped one was most likely meant to be, for messages such as {@code Unknown
 * command 'rnu'. Did you mean 'run'?}: the candidate fewest single-character edits away (an
 * insertion, deletion, substitution or swap of neighbours), if it is one edit away, or two for a
 * name of seven characters or more. Case is ignored.
 */
public final class Suggestion {

  private Suggestion() {}

  /** The candidate closest to {@code given}, if one is close enough; the first of equals wins. */
  public static Optional<String> closest(String given, Collection<String> candidates) {
    String typed = given.toLowerCase(Locale.ROOT);
    int limit = typed.length() >= 7 ? 2 : 1;
    String best = null;
    int bestDistance = limit + 1;
    for (String candidate : candidates) {
      int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: edits of one character, or a swap of two neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
