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
 * SLF4J and the AWS SDK for Java v2 2.29.52; the jar brings our code, the shipped contracts and the
 * SDK modules the run ledger, metrics and alerts use, at the version Glue has, so nothing needs
 * relocating.
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
  void topLevelPackagesAreOursAndTheAwsSdkOnly() {
    assertThat(topLevelPackages())
        .containsExactly(
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

  @Test
  void nothingGlueProvidesIsInside() {
    assertThat(entries())
        .isNotEmpty()
        .noneMatch(e -> e.startsWith("org/apache/spark/"))
        .noneMatch(e -> e.startsWith("scala/"))
        .noneMatch(e -> e.startsWith("io/delta/"))
        .noneMatch(e -> e.startsWith("org/apache/hadoop/"))
        .noneMatch(e -> e.startsWith("com/fasterxml/"))
        .noneMatch(e -> e.startsWith("org/slf4j/"))
        .noneMatch(e -> e.endsWith("module-info.class"))
        .noneMatch(e -> e.endsWith(".SF") || e.endsWith(".DSA") || e.endsWith(".RSA"));
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
