package org.zonelake.model;

/**
 * The two kinds of JSON declaration a lake is configured with, and the messages about them: dataset
 * contracts ({@code <source>.json}) and joined datasets ({@code joins/<name>.json}). Both are read
 * the same way (see {@link DeclarationReader}), so their mistakes are reported the same way: {@code
 * Contract orders.json: field 'schema' declares no column. Fix: ...}.
 */
public enum DeclarationKind {
  /** A dataset contract, named after its source. */
  CONTRACT("Contract", "Contracts", "contract", "source", "its source", "Dataset contracts"),
  /** A joined-dataset declaration, named after the curated table it makes. */
  JOINED_DATASET(
      "Joined dataset",
      "Joined datasets",
      "joined dataset",
      "name",
      "the joined dataset",
      "Joined datasets");

  private final String title;
  private final String plural;
  private final String noun;
  private final String nameField;
  private final String owner;
  private final String readmeSection;

  DeclarationKind(
      String title,
      String plural,
      String noun,
      String nameField,
      String owner,
      String readmeSection) {
    this.title = title;
    this.plural = plural;
    this.noun = noun;
    this.nameField = nameField;
    this.owner = owner;
    this.readmeSection = readmeSection;
  }

  /** The field a declaration is named by, and its file after: {@code source} or {@code name}. */
  public String nameField() {
    return nameField;
  }

  /**
   * A field of a declaration is wrong: {@code Contract <file>: field '<field>' <problem>. Fix:
   * <fix>.}
   */
  public ErrorMessage invalid(String file, String field, String problem, String fix) {
    return ErrorMessage.what(title + " " + file + ": field '" + field + "' " + problem).fix(fix);
  }

  /** A declaration cannot be read or is not JSON. */
  public ErrorMessage unreadable(String file, String detail) {
    return ErrorMessage.what(title + " " + file + " cannot be read")
        .why(detail)
        .fix("make it a JSON object as described in the README section '" + readmeSection + "'");
  }

  /** A declaration is JSON, but not an object. */
  public ErrorMessage notAnObject(String file) {
    return invalid(
        file, "(root)", "is not a JSON object", "write the " + noun + " as a JSON object {...}");
  }

  /** A declaration holds a field this kind does not have. */
  public ErrorMessage unknownField(String file, String field, Iterable<String> allowed) {
    return invalid(file, field, "is not a " + noun + " field", "use only " + allowed);
  }

  /** A declaration's file is not named after the declaration ({@code <name>.json}). */
  public ErrorMessage misnamedFile(String file, String name) {
    return invalid(
        file,
        nameField,
        "is '" + name + "' but the file is not named " + name + ".json",
        "name the file after " + owner);
  }

  /** Two declarations of one location declare the same name. */
  public ErrorMessage duplicate(String name, String first, String second) {
    return ErrorMessage.what(
            plural
                + " "
                + first
                + " and "
                + second
                + " both declare "
                + nameField
                + " '"
                + name
                + "'")
        .fix("keep one " + noun + " per " + nameField);
  }
}
