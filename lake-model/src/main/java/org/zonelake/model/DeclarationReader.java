package org.zonelake.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON declaration (a dataset contract or a joined dataset) and reports
 * every mistake with the file, the field and the fix, in the words of {@link DeclarationKind}. The
 * parsers of the jobs and of the deployment read their declarations with it; each says which
 * exception its mistakes become.
 */
public final class DeclarationReader {

  /**
   * What a name that becomes a directory and a table (a source, a joined dataset) may look like:
   * lower-case letters, digits and '_', starting with a letter, at most 63 characters.
   */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  /** Strict JSON: a field given twice is a mistake to report, not a value that replaces one. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Turns a message (and the failure behind it, or null) into the exception a caller throws. */
  @FunctionalInterface
  public interface Failure {
    /** The exception reporting {@code message}. */
    RuntimeException of(ErrorMessage message, Throwable cause);
  }

  private final DeclarationKind kind;
  private final String origin;
  private final JsonNode root;
  private final Failure failure;

  private DeclarationReader(DeclarationKind kind, String origin, JsonNode root, Failure failure) {
    this.kind = kind;
    this.origin = origin;
    this.root = root;
    this.failure = failure;
  }

  /**
   * Parses a declaration's text.
   *
   * @param kind what the text declares
   * @param origin the file it came from, named in every message
   * @param text the file's content
   * @param failure what a mistake becomes
   * @throws RuntimeException from {@code failure} when the text is not a JSON object
   */
  public static DeclarationReader parse(
      DeclarationKind kind, String origin, String text, Failure failure) {
    JsonNode root;
    // A byte-order mark, as some editors save it, is not part of the JSON.
    try (JsonParser parser =
        JSON.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
      root = JSON.readTree(parser);
      JsonLocation after;
      try {
        after = parser.nextToken() == null ? null : parser.getTokenLocation();
      } catch (JsonProcessingException e) {
        after = e.getLocation();
      }
      if (after != null) {
        throw failure.of(
            kind.unreadable(
                origin,
                after.getLineNr(),
                after.getColumnNr(),
                "text after the end of the JSON object"),
            null);
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw failure.of(
          kind.unreadable(
              origin,
              at == null ? 0 : at.getLineNr(),
              at == null ? 0 : at.getColumnNr(),
              ErrorMessage.firstLine(e.getOriginalMessage())),
          e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw failure.of(kind.notAnObject(origin), null);
    }
    return new DeclarationReader(kind, origin, root, failure);
  }

  /** The declaration's top-level object. */
  public JsonNode root() {
    return root;
  }

  /** The file the declaration came from. */
  public String origin() {
    return origin;
  }

  /** The mistake of field {@code field}: {@code field '<field>' <problem>. Fix: <fix>.} */
  public RuntimeException invalid(String field, String problem, String fix) {
    return failure.of(kind.invalid(origin, field, problem, fix), null);
  }

  /** A mistake with another message about this declaration. */
  public RuntimeException failure(ErrorMessage message) {
    return failure.of(message, null);
  }

  /**
   * Refuses any field of {@code node} not in {@code allowed}.
   *
   * @param prefix the path of {@code node} for messages, such as {@code right.} ({@code ""} for the
   *     top level)
   */
  public void onlyFields(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw failure.of(kind.unknownField(origin, prefix + name, new TreeSet<>(allowed)), null);
      }
    }
  }

  /**
   * The non-blank text of {@code node.key}.
   *
   * @param field the field's path for messages, such as {@code format.type}
   */
  public String requiredText(JsonNode node, String key, String field) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw invalid(field, "is missing or not a non-empty string", "set it");
    }
    return value.asText();
  }

  /**
   * The text of {@code node.key} as a name ({@link #NAME}).
   *
   * @param noun what the name is, such as {@code source name}
   * @param names what the name names, such as {@code directories and tables}
   */
  public String requiredName(JsonNode node, String key, String field, String noun, String names) {
    String name = requiredText(node, key, field);
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          field,
          "is '" + name + "', not a valid " + noun,
          "use lower-case letters, digits and '_', starting with a letter (it names "
              + names
              + ")");
    }
    return name;
  }

  /**
   * The object {@code node.key}.
   *
   * @param fix how to add it, for the message when it is missing or not an object
   */
  public JsonNode object(JsonNode node, String key, String field, String fix) {
    JsonNode value = node.get(key);
    if (value == null || !value.isObject()) {
      throw invalid(field, "is missing or not an object", fix);
    }
    return value;
  }

  /**
   * The elements of the list {@code node.key}; none when the field is absent or null.
   *
   * @param fix what to give instead, for the message when it is not a list
   */
  public List<JsonNode> list(JsonNode node, String key, String field, String fix) {
    JsonNode value = node.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw invalid(field, "is not a list", fix);
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return items;
  }

  /**
   * The texts of the list {@code node.key}; none when the field is absent or null.
   *
   * @param fix what to give instead, for the message when it is not a list of texts
   */
  public List<String> texts(JsonNode node, String key, String field, String fix) {
    List<String> texts = new ArrayList<>();
    for (JsonNode item : list(node, key, field, fix)) {
      if (!item.isTextual()) {
        throw invalid(field, "holds " + item + ", not a text", fix);
      }
      texts.add(item.asText());
    }
    return texts;
  }

  /** Refuses a file not named after the declaration's name ({@code <name>.json}). */
  public static void requireNamedAfter(
      DeclarationKind kind, String origin, String name, Failure failure) {
    if (!origin.endsWith("/" + name + ".json") && !origin.equals(name + ".json")) {
      throw failure.of(kind.misnamedFile(origin, name), null);
    }
  }
}
