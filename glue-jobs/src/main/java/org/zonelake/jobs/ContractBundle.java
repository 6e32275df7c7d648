package org.zonelake.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.DeclarationErrors;
import org.zonelake.core.contract.DeclarationFiles;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.fs.ListedDirectory;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetLoader;
import org.zonelake.core.read.ReferenceReader;
import org.zonelake.model.DeclarationKind;
import org.zonelake.quality.Rulesets;
import org.zonelake.quality.ShippedContracts;

/**
 * Exactly the files the jobs read from a contract location ({@code --contracts}): every contract,
 * every ruleset file it names (or, without a list, the default {@code <source>.<action>.dqdl} files
 * that exist), every {@code joins/*.json} declaration and the reference tables those point to, by
 * their paths relative to the location. The location is loaded with the jobs' own loaders ({@link
 * ContractLoader}, {@link Rulesets}, {@link JoinedDatasetLoader}) first, so a location the jobs
 * could not load is refused here, with their messages, before anything is deployed.
 *
 * <p>The deploy script stages a bundle into an empty directory with {@link #main} and uploads that
 * directory as it is to {@code s3://<artifacts>/contracts/}: the relative layout is what the jobs
 * resolve there (a joined dataset's {@code ../reference/devices.csv} included).
 *
 * @param location where the files were read from: a directory, or {@value #SHIPPED} for the
 *     contracts packaged in the jar
 * @param files the relative paths of the files to deploy, sorted, to where they are read from
 * @param external reference tables read from elsewhere, which are not deployed with the contracts
 *     (an {@code s3://} URI, or a table packaged in the jar), by joined dataset
 */
public record ContractBundle(
    String location, Map<String, Source> files, Map<String, String> external) {

  /** The location name of the contracts packaged in the jar. */
  public static final String SHIPPED = "classpath:" + ShippedContracts.RESOURCE_DIR;

  /** Where a file of the bundle is read from. */
  public sealed interface Source permits FileSource, ResourceSource {}

  /**
   * A file on a Hadoop file system.
   *
   * @param path the file's full path
   */
  public record FileSource(String path) implements Source {}

  /**
   * A resource packaged in the jar.
   *
   * @param resource the class-path resource name
   */
  public record ResourceSource(String resource) implements Source {}

  /** Copies the maps, sorting the files by relative path. */
  public ContractBundle {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    external = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(external));
  }

  /** The relative paths of the files to deploy, sorted. */
  public List<String> paths() {
    return List.copyOf(files.keySet());
  }

  /**
   * Loads a contract directory with the jobs' loaders and lists the files they read from it.
   *
   * @param location a directory on any Hadoop file system (local path, {@code s3a://...})
   * @param hadoopConf the Hadoop configuration that reaches it
   * @throws LakeException when the jobs could not load the directory, or a reference table it
   *     declares is missing or lies outside it (so it would not be deployed with it)
   */
  public static ContractBundle of(String location, Configuration hadoopConf) {
    String root = StoreFiles.qualify(location, hadoopConf);
    ListedDirectory listed = ListedDirectory.of(location, hadoopConf);
    List<DatasetContract> contracts = JobContracts.inDirectory(listed);
    Function<String, Source> inRoot = name -> new FileSource(root + "/" + name);
    Map<String, Source> files = contractFiles(contracts, location, listed::text, inRoot);
    Map<String, String> external = new LinkedHashMap<>();
    for (JoinedDataset join : JoinedDatasetLoader.fromDirectory(location, hadoopConf, contracts)) {
      String declaration = JoinedDatasetLoader.DIRECTORY + "/" + join.name() + ".json";
      files.put(declaration, inRoot.apply(declaration));
      if (!(join.right() instanceof JoinedDataset.ReferenceTable table)) {
        continue;
      }
      if (table.onClasspath() || isObjectStore(table.location())) {
        external.put(join.name(), table.location());
        continue;
      }
      String qualified = StoreFiles.qualify(table.location(), hadoopConf);
      if (!qualified.startsWith(root + "/")) {
        throw DeclarationErrors.invalid(
            DeclarationKind.JOINED_DATASET,
            join.origin(),
            "right.reference.path",
            "leads to "
                + table.location()
                + ", outside the contracts directory "
                + location
                + ", so it would not be deployed with the contracts",
            "keep the reference table inside the contracts directory (e.g. reference/<name>.csv,"
                + " written ../reference/<name>.csv in joins/), or give an s3:// URI");
      }
      for (String file : referenceFiles(table.location(), join, hadoopConf)) {
        files.put(file.substring(root.length() + 1), new FileSource(file));
      }
    }
    return new ContractBundle(location, files, external);
  }

  /**
   * The contracts packaged in the jar, loaded as the jobs load them without {@code --contracts}.
   */
  public static ContractBundle shipped() {
    ClassLoader loader = ContractBundle.class.getClassLoader();
    String dir = ShippedContracts.RESOURCE_DIR;
    List<DatasetContract> contracts = ShippedContracts.load();
    Function<String, Source> inDir = name -> new ResourceSource(dir + "/" + name);
    Map<String, Source> files =
        contractFiles(
            contracts, SHIPPED, name -> DeclarationFiles.resource(loader, dir + "/" + name), inDir);
    Map<String, String> external = new LinkedHashMap<>();
    for (JoinedDataset join : ShippedContracts.loadJoinedDatasets(contracts)) {
      String declaration = JoinedDatasetLoader.DIRECTORY + "/" + join.name() + ".json";
      files.put(declaration, inDir.apply(declaration));
      if (join.right() instanceof JoinedDataset.ReferenceTable table) {
        String prefix = JoinedDataset.ReferenceTable.CLASSPATH + dir + "/";
        if (!table.location().startsWith(prefix)) {
          external.put(join.name(), table.location());
          continue;
        }
        String resource =
            table.location().substring(JoinedDataset.ReferenceTable.CLASSPATH.length());
        if (loader.getResource(resource) == null) {
          throw LakeErrors.missingPath(
              "Reference table",
              table.location(),
              "rebuild the jar; the reference tables of the shipped joined datasets are packaged"
                  + " with it");
        }
        files.put(table.location().substring(prefix.length()), new ResourceSource(resource));
      }
    }
    return new ContractBundle(SHIPPED, files, external);
  }

  /**
   * Copies the bundle's files into {@code target}, keeping their relative paths.
   *
   * @param target a directory that does not exist or is empty
   * @param hadoopConf the Hadoop configuration that reaches the bundle's location
   */
  public void stage(Path target, Configuration hadoopConf) {
    try {
      Files.createDirectories(target);
      try (Stream<Path> existing = Files.list(target)) {
        if (existing.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "staging directory " + target + " is not empty: stage into a new directory");
        }
      }
      ClassLoader loader = ContractBundle.class.getClassLoader();
      for (Map.Entry<String, Source> file : files.entrySet()) {
        Path to = target.resolve(file.getKey());
        Files.createDirectories(to.getParent());
        try (InputStream in = open(file.getValue(), loader, hadoopConf);
            OutputStream out = Files.newOutputStream(to)) {
          in.transferTo(out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage the contracts into " + target, e);
    }
  }

  /**
   * Validates a contract directory (or the shipped contracts) as the jobs load it and stages
   * exactly the files they read into a new directory.
   *
   * <p>Usage: {@code ContractBundle [--contracts DIR] --stage OUT}. Prints the staged files; exits
   * 1 with the jobs' message when the contracts do not load, 2 on a usage error or a staging
   * directory that is not empty.
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** {@link #main} without exiting: returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Optional<String> contracts = Optional.empty();
    Optional<Path> stage = Optional.empty();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length || !List.of("--contracts", "--stage").contains(option)) {
        err.println("usage: ContractBundle [--contracts DIR] --stage OUT");
        return 2;
      }
      if (option.equals("--contracts")) {
        contracts = Optional.of(args[i + 1]);
      } else {
        stage = Optional.of(Path.of(args[i + 1]));
      }
    }
    if (stage.isEmpty()) {
      err.println("usage: ContractBundle [--contracts DIR] --stage OUT");
      return 2;
    }
    Configuration hadoop = new Configuration();
    ContractBundle bundle;
    try {
      bundle = contracts.map(dir -> of(dir, hadoop)).orElseGet(ContractBundle::shipped);
    } catch (LakeException e) {
      err.println(
          "The contracts in "
              + contracts.orElse(SHIPPED)
              + " do not load as the jobs load them; nothing is deployed.");
      err.println(e.getMessage());
      return 1;
    }
    try {
      bundle.stage(stage.get(), hadoop);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    out.println(
        "Staged "
            + bundle.files().size()
            + " files the jobs read from "
            + bundle.location()
            + " into "
            + stage.get()
            + ":");
    bundle.paths().forEach(p -> out.println("  " + p));
    bundle
        .external()
        .forEach(
            (join, table) ->
                out.println(
                    "  (not deployed with the contracts: reference table of "
                        + join
                        + " read from "
                        + table
                        + ")"));
    return 0;
  }

  /**
   * Each contract's file and the ruleset files its loader reads (through {@code reader}), named
   * relative to the contracts' {@code location} and reached through {@code source}.
   */
  private static Map<String, Source> contractFiles(
      List<DatasetContract> contracts,
      String location,
      Function<String, Optional<String>> reader,
      Function<String, Source> source) {
    Map<String, Source> files = new LinkedHashMap<>();
    for (DatasetContract contract : contracts) {
      String name = contract.source() + ".json";
      files.put(name, source.apply(name));
      Rulesets.fromFiles(contract, location, recording(files, reader, source))
          .requireReferences(contracts);
    }
    return files;
  }

  /**
   * A ruleset file reader that remembers every file the loader asked for and found: exactly the
   * rulesets it loads.
   */
  private static Function<String, Optional<String>> recording(
      Map<String, Source> files,
      Function<String, Optional<String>> reader,
      Function<String, Source> source) {
    return name -> {
      Optional<String> text = reader.apply(name);
      text.ifPresent(t -> files.put(name, source.apply(name)));
      return text;
    };
  }

  private static boolean isObjectStore(String location) {
    return location.startsWith("s3://")
        || location.startsWith("s3a://")
        || location.startsWith("s3n://");
  }

  /**
   * The file, or the visible files below the directory, of a reference table.
   *
   * @throws org.zonelake.core.errors.LakeException when there is none, naming the declaration
   */
  static List<String> referenceFiles(
      String location, JoinedDataset join, Configuration hadoopConf) {
    if (!StoreFiles.exists(location, hadoopConf)) {
      throw LakeErrors.missingPath(
          "Reference table",
          location + " of joined dataset '" + join.name() + "'",
          "add it to the contracts directory, or correct right.reference.path in " + join.origin());
    }
    List<String> files = StoreFiles.visibleFiles(location, hadoopConf);
    ReferenceReader.requireHeader(join, files, hadoopConf);
    return files;
  }

  private static InputStream open(Source source, ClassLoader loader, Configuration hadoopConf)
      throws IOException {
    if (source instanceof ResourceSource resource) {
      InputStream in = loader.getResourceAsStream(resource.resource());
      if (in == null) {
        throw new IOException("class-path resource " + resource.resource() + " is missing");
      }
      return in;
    }
    return StoreFiles.open(((FileSource) source).path(), hadoopConf);
  }
}
