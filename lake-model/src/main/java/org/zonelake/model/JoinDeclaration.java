package org.zonelake.model;

import java.util.Objects;

/**
 * What the deployment needs of a joined dataset declared in {@code joins/<name>.json} beside the
 * contracts: its name (the curated table {@code curated/<name>/}), its left source and description.
 * The jobs read the whole declaration (right side, keys, columns).
 *
 * @param name the joined dataset's name
 * @param leftSource the source whose processed rows make the dataset's rows
 * @param description free text for people
 * @param origin the file it was read from
 */
public record JoinDeclaration(String name, String leftSource, String description, String origin) {

  /** Checks nothing is null. */
  public JoinDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(leftSource, "leftSource");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(origin, "origin");
  }
}
