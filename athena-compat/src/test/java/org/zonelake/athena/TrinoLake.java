package org.zonelake.athena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.jobs.local.LakeTables;

/**
 * What the module's tests share, built once per test run: the sample lake built by the jobs, one
 * Trino server with every table of the lake registered in schema {@value #SCHEMA} of catalog {@code
 * delta} (the Glue database analysts query is named the same way), the Spark session with the same
 * tables registered as {@code ./lake sql} registers them, and a directory for the tests' own
 * fixture tables under the same root.
 */
final class TrinoLake implements ExtensionContext.Store.CloseableResource {

  static final String SCHEMA = "zonelake";

  private final SparkSession spark;
  private final TrinoServer server;
  private final Connection connection;
  private final Path dataRoot;
  private final Path lake;
  private final List<LakeTable> tables;
  private final SqlEngine sparkSql;
  private final SqlEngine trinoSql;

  private TrinoLake(
      SparkSession spark,
      TrinoServer server,
      Connection connection,
      Path dataRoot,
      Path lake,
      List<LakeTable> tables) {
    this.spark = spark;
    this.server = server;
    this.connection = connection;
    this.dataRoot = dataRoot;
    this.lake = lake;
    this.tables = tables;
    this.sparkSql = SqlEngine.spark(spark);
    this.trinoSql = SqlEngine.trino(connection);
  }

  /**
   * Unpacks Trino (first run only), starts it, builds the sample lake with Spark meanwhile, then
   * registers the lake's tables in both engines.
   *
   * @param java the {@code java} launcher for Trino
   * @param tarball the Trino server tarball
   * @param trinoWork the directory for the unpacked server and its run-time files
   * @param work the directory for the lake and the fixtures (emptied first)
   * @param home the repository root (for {@code testdata/raw})
   */
  static TrinoLake start(Path java, Path tarball, Path trinoWork, Path work, Path home) {
    long start = System.nanoTime();
    Path serverHome = TrinoDistribution.unpack(tarball, trinoWork.resolve("dist"), "delta-lake");
    Path dataRoot = work.resolve("data");
    try {
      TrinoDistribution.deleteRecursively(work);
      Files.createDirectories(dataRoot.resolve("fixtures"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + work, e);
    }
    long unpacked = System.nanoTime();
    long cpuBefore = processCpuNanos();
    TrinoServer server = TrinoServer.start(java, serverHome, trinoWork.resolve("run"), dataRoot);
    try {
      SparkSession spark = TestSpark.session();
      // On a lake of 47 records, compiling generated code costs more than it saves: interpreted
      // expressions build the same tables with about a third less processor time.
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      Path lake = dataRoot.resolve("lake");
      SampleLakeBuild.run(spark, home.resolve("testdata/raw"), lake);
      LakeTables.register(spark, lake.toString());
      List<LakeTable> tables = LakeTable.discover(lake);
      long built = System.nanoTime();
      double buildCpu = (processCpuNanos() - cpuBefore) / 1e9;
      double trinoCpu = server.cpuTime().toMillis() / 1e3;

      server.awaitReady(Duration.ofMinutes(5));
      long ready = System.nanoTime();
      Connection connection = server.connect(SCHEMA);
      TrinoLake trinoLake = new TrinoLake(spark, server, connection, dataRoot, lake, tables);
      trinoLake.trinoSql.execute("CREATE SCHEMA " + TrinoServer.CATALOG + "." + SCHEMA);
      for (LakeTable table : tables) {
        trinoLake.register(table);
      }
      System.err.printf(
          Locale.ROOT,
          "athena-compat: Trino %s unpacked in %.1f s; sample lake built in %.1f s (%.1f s"
              + " processor time; Trino starting meanwhile: %.1f s processor time, ready %.1f s"
              + " later); %d tables registered in %.1f s%n",
          serverHome.getFileName(),
          seconds(start, unpacked),
          seconds(unpacked, built),
          buildCpu,
          trinoCpu,
          seconds(built, ready),
          tables.size(),
          seconds(ready, System.nanoTime()));
      return trinoLake;
    } catch (RuntimeException | Error e) {
      String log = server.logTail();
      server.close();
      e.addSuppressed(new IllegalStateException("Trino server log (end):\n" + log));
      throw e;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  /** The tables of the sample lake, as found on disk, in zone then name order. */
  List<LakeTable> tables() {
    return tables;
  }

  /** The table of the sample lake named {@code name}. */
  LakeTable table(String name) {
    return tables.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("The sample lake has no table " + name));
  }

  SparkSession spark() {
    return spark;
  }

  /** Spark SQL, with every lake table registered by name as {@code ./lake sql} does. */
  SqlEngine sparkSql() {
    return sparkSql;
  }

  /** Trino, default schema {@value #SCHEMA}. */
  SqlEngine trinoSql() {
    return trinoSql;
  }

  Path lakeRoot() {
    return lake;
  }

  /** Where a test's fixture table {@code name} goes (under the root Trino reads). */
  Path fixturePath(String name) {
    return dataRoot.resolve("fixtures").resolve(name);
  }

  /**
   * Registers the Delta table at {@code fixturePath(name)} in Trino under {@code name}, and in
   * Spark as a view of the same name. Register a table after its last change: Trino caches a
   * table's metadata.
   */
  LakeTable registerFixture(String name) {
    LakeTable table = new LakeTable(name, fixturePath(name));
    register(table);
    spark.read().format("delta").load(table.path().toString()).createOrReplaceTempView(name);
    return table;
  }

  /** The compatibility check over both engines. */
  AthenaCompatibility compatibility() {
    return new AthenaCompatibility(spark, sparkSql, trinoSql);
  }

  private void register(LakeTable table) {
    Path relative = dataRoot.relativize(table.path().toAbsolutePath());
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    trinoSql.execute(
        "CALL "
            + TrinoServer.CATALOG
            + ".system.register_table(schema_name => '"
            + SCHEMA
            + "', table_name => '"
            + table.name()
            + "', table_location => 'local:///"
            + String.join("/", parts)
            + "')");
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // The server stops next anyway.
    }
    server.close();
  }
}
