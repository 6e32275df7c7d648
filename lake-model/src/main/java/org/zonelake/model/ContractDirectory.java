package org.zonelake.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A directory of dataset contracts as the jobs read it with {@code --contracts}: every {@code
 * *.json} file in it is a contract named after its source, and every {@code joins/*.json} a joined
 * dataset named after the file. Contracts are sorted by source and joined datasets by name, the
 * order the jobs process them in.
 *
 * @param location the directory
 * @param contracts the contracts, by source
 * @param joins the joined datasets, by name
 */
public record ContractDirectory(
    Path location, List<ContractDescriptor> contracts, List<JoinDeclaration> joins) {

  /** The directory of the joined-dataset declarations, beside the contracts. */
  public static final String JOINS = "joins";

  /** Checks and copies. */
  public ContractDirectory {
    Objects.requireNonNull(location, "location");
    contracts = List.copyOf(contracts);
    joins = List.copyOf(joins);
  }

  /** The source names, in contract order. */
  public List<String> sources() {
    return contracts.stream().map(ContractDescriptor::source).toList();
  }

  /** The contract of {@code source}. */
  public ContractDescriptor contract(String source) {
    return contracts.stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(
            () ->
                new ModelException(
                    ErrorMessage.what(
                        "No contract for source '"
                            + source
                            + "' in "
                            + location
                            + "; known: "
                            + sources())));
  }

  /** The curated tables: the aggregates the curated job keeps, then one per joined dataset. */
  public List<String> curatedTables() {
    List<String> tables = new ArrayList<>(CuratedTables.AGGREGATES);
    joins.forEach(j -> tables.add(j.name()));
    return List.copyOf(tables);
  }

  /**
   * Reads the contracts and joined-dataset declarations of a directory.
   *
   * @param directory the contracts directory
   * @throws ModelException when the directory holds no contract, a file is not named after its
   *     source or joined dataset, two contracts name one source, or a file cannot be described
   */
  public static ContractDirectory read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new ModelException(
          ErrorMessage.what("Contracts directory " + directory + " does not exist")
              .fix("pass the directory holding the dataset contracts (<source>.json)"));
    }
    List<ContractDescriptor> contracts = new ArrayList<>();
    for (Path file : jsonFiles(directory)) {
      ContractDescriptor contract = ContractDescriptor.parse(file.toString(), readText(file));
      DeclarationReader.requireNamedAfter(
          DeclarationKind.CONTRACT, file.toString(), contract.source(), ModelException::new);
      contracts.add(contract);
    }
    if (contracts.isEmpty()) {
      throw new ModelException(
          ErrorMessage.what("No dataset contract (*.json) found in " + directory)
              .fix("pass the directory holding the contracts (<source>.json)"));
    }
    contracts.sort(Comparator.comparing(ContractDescriptor::source));
    List<String> sources = contracts.stream().map(ContractDescriptor::source).toList();

    List<JoinDeclaration> joins = new ArrayList<>();
    Path joinsDir = directory.resolve(JOINS);
    if (Files.isDirectory(joinsDir)) {
      for (Path file : jsonFiles(joinsDir)) {
        joins.add(join(file, sources));
      }
    }
    joins.sort(Comparator.comparing(JoinDeclaration::name));
    return new ContractDirectory(directory, contracts, joins);
  }

  private static JoinDeclaration join(Path file, List<String> sources) {
    String origin = file.toString();
    DeclarationReader reader =
        DeclarationReader.parse(
            DeclarationKind.JOINED_DATASET, origin, readText(file), ModelException::new);
    JsonNode root = reader.root();
    DeclarationReader.requireNamedAfter(
        DeclarationKind.JOINED_DATASET, origin, root.path("name").asText(""), ModelException::new);
    String name = CuratedTables.joinedDatasetName(reader);
    String left = root.path("left").path("source").asText("");
    if (!sources.contains(left)) {
      throw reader.invalid(
          "left.source", "is '" + left + "', which no contract declares", "use one of " + sources);
    }
    return new JoinDeclaration(name, left, root.path("description").asText(""), origin);
  }

  private static List<Path> jsonFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
