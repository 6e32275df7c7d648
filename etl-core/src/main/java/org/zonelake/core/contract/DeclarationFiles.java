package org.zonelake.core.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.model.DeclarationKind;
import org.zonelake.model.DeclarationReader;

/**
 * Finds and reads the declaration files of a location, contracts and joined datasets alike: the
 * {@code *.json} files of a directory on any Hadoop file system, or the files a class-path resource
 * directory lists in its {@value #INDEX} file; then parses them all, refusing a file not named
 * after its declaration and two declarations of one name.
 */
public final class DeclarationFiles {

  /** The name of the file listing the declarations of a class-path resource directory. */
  public static final String INDEX = "INDEX";

  private DeclarationFiles() {}

  /**
   * The texts of every {@code *.json} file of a directory, by location, in file-name order; empty
   * when the directory does not exist.
   *
   * @param directory a directory URI or local path
   * @param hadoopConf the Hadoop configuration used to reach the file system
   */
  public static Optional<Map<String, String>> inDirectory(
      String directory, Configuration hadoopConf) {
    return inDirectory(ListedDirectory.of(directory, hadoopConf));
  }

  /**
   * The texts of every {@code *.json} file of a listed directory, by location, in file-name order;
   * empty when the directory does not exist.
   */
  public static Optional<Map<String, String>> inDirectory(ListedDirectory directory) {
    if (!directory.exists()) {
      return Optional.empty();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (String name : directory.names(".json")) {
      texts.put(directory.path(name), directory.text(name).orElseThrow());
    }
    return Optional.of(texts);
  }

  /**
   * The texts of the files named in {@code <resourceDir>/INDEX} (one file name per line; blank
   * lines and {@code #} comments skipped), by {@code classpath:} location; empty when there is no
   * such index.
   *
   * @param fix how to fix a listed file that is not on the class path
   */
  public static Optional<Map<String, String>> onClasspath(
      String resourceDir, ClassLoader loader, String fix) {
    Optional<String> index = resource(loader, resourceDir + "/" + INDEX);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (String line : index.get().split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        String resource = resourceDir + "/" + name;
        String text =
            resource(loader, resource)
                .orElseThrow(() -> LakeErrors.missingPath("Class-path resource", resource, fix));
        texts.put("classpath:" + resource, text);
      }
    }
    return Optional.of(texts);
  }

  /**
   * Parses every text, checks that each file is named after its declaration and that no two declare
   * one name, and returns the declarations sorted by name.
   *
   * @param kind what the texts declare
   * @param textsByOrigin the texts, by the location they came from
   * @param parse parses one text given its origin
   * @param name the name a declaration is known by (and its file named after)
   * @param origin where a parsed declaration came from
   */
  public static <T> List<T> parseAll(
      DeclarationKind kind,
      Map<String, String> textsByOrigin,
      BiFunction<String, String, T> parse,
      Function<T, String> name,
      Function<T, String> origin) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : textsByOrigin.entrySet()) {
      T declaration = parse.apply(entry.getKey(), entry.getValue());
      DeclarationReader.requireNamedAfter(
          kind, entry.getKey(), name.apply(declaration), DeclarationErrors.FAILURE);
      T previous = byName.put(name.apply(declaration), declaration);
      if (previous != null) {
        throw DeclarationErrors.duplicate(
            kind, name.apply(declaration), origin.apply(previous), entry.getKey());
      }
    }
    List<T> declarations = new ArrayList<>(byName.values());
    declarations.sort(Comparator.comparing(name));
    return List.copyOf(declarations);
  }

  /** The text (UTF-8) of a class-path resource; empty when there is none. */
  public static Optional<String> resource(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read class-path resource " + resource, e);
    }
  }
}
