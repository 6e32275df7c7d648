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

  /**
   * A declaration is not valid JSON: the parser's message with the line and column it stopped at,
   * for example {@code Contract orders.json is not valid JSON: line 5, column 3: Unexpected
   * character ('"' (code 34)): was expecting comma to separate Object entries. Fix: correct the
   * JSON at line 5, column 3 (a declaration is a JSON object as described in the README section
   * 'Dataset contracts').}
   *
   * @param file the declaration's file
   * @param line the line the parser stopped at (1 is the first), or 0 when unknown
   * @param column the column the parser stopped at (1 is the first), or 0 when unknown
   * @param detail what the parser said, without its location
   */
  public ErrorMessage unreadable(String file, int line, int column, String detail) {
    String where = line > 0 ? "line " + line + ", column " + column : "";
    String object =
        "a "
            + noun
            + " is a JSON object as described in the README section '"
            + readmeSection
            + "'";
    return ErrorMessage.what(title + " " + file + " is not valid JSON")
        .why(where.isEmpty() ? detail : where + ": " + detail)
        .fix(
            where.isEmpty()
                ? "make it valid JSON (" + object + ")"
                : "correct the JSON at " + where + " (" + object + ")");
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
