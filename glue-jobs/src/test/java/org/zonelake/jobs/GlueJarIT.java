package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the shaded Glue jar holds. Glue 5.0 provides Spark, Delta, Hadoop, Scala, Jackson 2.15.2,
 * SLF4J and the AWS SDK for Java v2 2.29.52; the jar brings our code, the shipped contracts, Deequ
 * (the engine of the quality rules, with the Spark functions it ships under {@code
 * org.apache.spark.sql}) and the SDK modules the run ledger, metrics and alerts use, at the version
 * Glue has, so nothing needs relocating.
 */
class GlueJarIT {

  private static final Path JAR = Path.of(System.getProperty("glue.jar"));

  /** Every entry name of the jar. */
  private static List<String> entries() {
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        entries.add(entry.getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** The packages of the jar's classes, cut to their first three names. */
  private static TreeSet<String> topLevelPackages() {
    TreeSet<String> packages = new TreeSet<>();
    for (String entry : entries()) {
      if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
        continue;
      }
      String[] names = entry.split("/");
      int depth = Math.min(names.length - 1, 3);
      packages.add(String.join(".", List.of(names).subList(0, depth)));
    }
    return packages;
  }

  @Test
  void topLevelPackagesAreOursDeequAndTheAwsSdkOnly() {
    assertThat(topLevelPackages())
        .containsExactly(
            // Deequ, the engine of the quality rules
            "com.amazon.deequ",
            // Deequ's own aggregate functions, which it declares in Spark's packages
            "org.apache.spark",
            "org.reactivestreams",
            "org.zonelake.aws",
            "org.zonelake.core",
            "org.zonelake.jobs",
            "org.zonelake.model",
            "org.zonelake.quality",
            "software.amazon.awssdk",
            "software.amazon.eventstream",
            // the official DQDL parser the rulesets are loaded with
            "software.amazon.glue");
  }

  /** The packages of the jar's classes under a prefix, in full. */
  private static TreeSet<String> packagesUnder(String prefix) {
    TreeSet<String> packages = new TreeSet<>();
    for (String entry : entries()) {
      if (entry.endsWith(".class") && entry.startsWith(prefix)) {
        packages.add(entry.substring(0, entry.lastIndexOf('/')).replace('/', '.'));
      }
    }
    return packages;
  }

  @Test
  void deequIsInsideWithTheSparkFunctionsItShips() {
    assertThat(packagesUnder("com/amazon/deequ/"))
        .containsExactly(
            "com.amazon.deequ",
            "com.amazon.deequ.analyzers",
            "com.amazon.deequ.analyzers.applicability",
            "com.amazon.deequ.analyzers.catalyst",
            "com.amazon.deequ.analyzers.runners",
            "com.amazon.deequ.anomalydetection",
            "com.amazon.deequ.anomalydetection.seasonal",
            "com.amazon.deequ.checks",
            "com.amazon.deequ.comparison",
            "com.amazon.deequ.constraints",
            "com.amazon.deequ.dqdl",
            "com.amazon.deequ.dqdl.execution",
            "com.amazon.deequ.dqdl.execution.executors",
            "com.amazon.deequ.dqdl.model",
            "com.amazon.deequ.dqdl.translation",
            "com.amazon.deequ.dqdl.translation.rules",
            "com.amazon.deequ.dqdl.util",
            "com.amazon.deequ.examples",
            "com.amazon.deequ.io",
            "com.amazon.deequ.metrics",
            "com.amazon.deequ.profiles",
            "com.amazon.deequ.repository",
            "com.amazon.deequ.repository.fs",
            "com.amazon.deequ.repository.memory",
            "com.amazon.deequ.repository.sparktable",
            "com.amazon.deequ.schema",
            "com.amazon.deequ.suggestions",
            "com.amazon.deequ.suggestions.rules",
            "com.amazon.deequ.suggestions.rules.interval",
            "com.amazon.deequ.utilities");
    // Only Deequ's own classes are under org.apache.spark: its stateful aggregate functions.
    assertThat(packagesUnder("org/apache/spark/"))
        .containsExactly(
            "org.apache.spark.sql", "org.apache.spark.sql.catalyst.expressions.aggregate");
    assertThat(entries())
        .contains(
            "org/apache/spark/sql/DeequFunctions.class",
            "org/apache/spark/sql/StatefulStdDevPop.class",
            "org/apache/spark/sql/catalyst/expressions/aggregate/StatefulHyperloglogPlus.class")
        .filteredOn(e -> e.startsWith("org/apache/spark/") && !e.endsWith("/"))
        .allMatch(GlueJarIT::isDeequs);
  }

  @Test
  void nothingGlueProvidesIsInside() {
    assertThat(entries())
        .isNotEmpty()
        .noneMatch(e -> e.startsWith("org/apache/spark/") && !e.endsWith("/") && !isDeequs(e))
        .noneMatch(e -> e.startsWith("breeze/"))
        .noneMatch(e -> e.startsWith("scala/"))
        .noneMatch(e -> e.startsWith("io/delta/"))
        .noneMatch(e -> e.startsWith("org/apache/hadoop/"))
        .noneMatch(e -> e.startsWith("com/fasterxml/"))
        .noneMatch(e -> e.startsWith("org/slf4j/"))
        .noneMatch(e -> e.endsWith("module-info.class"))
        .noneMatch(e -> e.endsWith(".SF") || e.endsWith(".DSA") || e.endsWith(".RSA"));
  }

  /** True for the classes Deequ declares in Spark's packages: its own aggregate functions. */
  private static boolean isDeequs(String entry) {
    String sql = "org/apache/spark/sql/";
    String aggregate = sql + "catalyst/expressions/aggregate/";
    return entry.startsWith(sql + "Deequ")
        || entry.startsWith(sql + "Stateful")
        || entry.startsWith(sql + "KLL")
        || entry.startsWith(sql + "DataTypeAggregationBuffer")
        || entry.startsWith(aggregate + "Deequ")
        || entry.startsWith(aggregate + "Stateful")
        || entry.startsWith(aggregate + "HLL");
  }

  @Test
  void jobsAndShippedContractsAreInside() {
    assertThat(entries())
        .contains(
            "org/zonelake/jobs/RawToProcessedJob.class",
            "org/zonelake/jobs/ProcessedToCuratedJob.class",
            "org/zonelake/core/transform/Envelope.class",
            "org/zonelake/aws/ledger/DynamoDbRunLedger.class",
            "org/zonelake/model/JobCatalog.class",
            "org/zonelake/quality/ShippedContracts.class",
            "zonelake/contracts/INDEX",
            "zonelake/contracts/customers.json",
            "zonelake/contracts/orders.json",
            "zonelake/contracts/sensor_readings.json",
            "zonelake/contracts/web_logs.json");
  }

  @Test
  void bundledAwsSdkModulesAreAllTheVersionGlueProvides() throws IOException {
    TreeMap<String, String> versions = new TreeMap<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/software.amazon.awssdk/")
            && name.endsWith("/pom.properties")) {
          Properties pom = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            pom.load(in);
          }
          versions.put(pom.getProperty("artifactId"), pom.getProperty("version"));
        }
      }
    }

    assertThat(versions.keySet()).contains("dynamodb", "cloudwatch", "sns", "sdk-core");
    assertThat(new TreeSet<>(versions.values())).containsExactly("2.29.52");
  }

  @Test
  void sdkHttpClientIsTheUrlConnectionClientNotNetty() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      JarEntry services =
          jar.getJarEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
      String text;
      try (InputStream in = jar.getInputStream(services)) {
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      assertThat(text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
          .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }
    assertThat(entries()).noneMatch(e -> e.startsWith("io/netty/"));
  }
}
