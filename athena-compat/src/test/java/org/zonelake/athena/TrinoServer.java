package org.zonelake.athena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * One real Trino server, a child process of the test JVM on the Java it needs: a single node
 * (coordinator and worker) on a free loopback port with one catalog, {@code delta}, the Delta Lake
 * connector on a file metastore over the local file system under {@code dataRoot} ({@code
 * local:///x} is {@code dataRoot/x}). Small on purpose: 2 GB heap, two tasks per query.
 */
final class TrinoServer implements AutoCloseable {

  static final String CATALOG = "delta";

  private final Process process;
  private final int port;
  private final Path log;

  private TrinoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the server and returns at once; {@link #awaitReady} waits for it.
   *
   * @param java the {@code java} launcher of a JDK the server runs on
   * @param home the server's home ({@code lib/}, {@code plugin/})
   * @param work a directory for its configuration, metastore-free state and log
   * @param dataRoot the directory {@code local:///} names
   */
  static TrinoServer start(Path java, Path home, Path work, Path dataRoot) {
    try {
      int port = freePort();
      Path etc = work.resolve("etc");
      Path catalogs = etc.resolve("catalog");
      TrinoDistribution.deleteRecursively(work);
      Files.createDirectories(catalogs);
      Files.writeString(
          etc.resolve("config.properties"),
          lines(
              "coordinator=true",
              "node-scheduler.include-coordinator=true",
              "node.environment=zonelake_test",
              "node.id=" + UUID.randomUUID(),
              "node.internal-address=127.0.0.1",
              "http-server.http.port=" + port,
              "discovery.uri=http://127.0.0.1:" + port,
              "plugin.dir=" + home.resolve("plugin").toAbsolutePath(),
              "catalog.config-dir=" + catalogs.toAbsolutePath(),
              "query.max-memory=1GB",
              "query.max-memory-per-node=512MB",
              "task.concurrency=2",
              "task.max-worker-threads=4",
              "http-server.log.enabled=false"));
      Files.writeString(
          catalogs.resolve(CATALOG + ".properties"),
          lines(
              "connector.name=delta_lake",
              "hive.metastore=file",
              "hive.metastore.catalog.dir=local:///_trino_metastore",
              "fs.native-local.enabled=true",
              "local.location=" + dataRoot.toAbsolutePath(),
              "delta.register-table-procedure.enabled=true"));
      Files.writeString(etc.resolve("log.properties"), lines("io.trino=WARN", "io.airlift=WARN"));
      Properties launcher = new Properties();
      try (var in = Files.newInputStream(home.resolve("bin/launcher.properties"))) {
        launcher.load(in);
      }
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(
          List.of(
              "-Xmx2g",
              "-XX:+UseG1GC",
              "-XX:+ExitOnOutOfMemoryError",
              "-XX:TieredStopAtLevel=1",
              "-XX:+EnableDynamicAgentLoading",
              "--enable-native-access=ALL-UNNAMED",
              "--sun-misc-unsafe-memory-access=allow",
              "-Djdk.attach.allowAttachSelf=true",
              "-Dfile.encoding=UTF-8",
              "-Duser.timezone=UTC",
              "-Dconfig=" + etc.resolve("config.properties").toAbsolutePath(),
              "-Dlog.levels-file=" + etc.resolve("log.properties").toAbsolutePath(),
              "-cp",
              home.resolve("lib").toAbsolutePath() + "/*",
              launcher.getProperty("main-class", "io.trino.server.TrinoServer")));
      Path log = work.resolve("server.log");
      Process process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      TrinoServer server = new TrinoServer(process, port, log);
      // A backstop for a JVM that ends without closing the server (the test run ends normally
      // through close()).
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Trino server in " + work, e);
    }
  }

  /** Waits until the server accepts queries; fails with the end of its log if it does not. */
  void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The Trino server exited with status " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Trino", e);
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "The Trino server did not start within " + timeout + ":\n" + logTail());
  }

  /** A new JDBC connection with {@code schema} as the default schema of the delta catalog. */
  Connection connect(String schema) {
    Properties properties = new Properties();
    properties.setProperty("user", "zonelake");
    properties.setProperty("timezone", "UTC");
    try {
      return DriverManager.getConnection(
          "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG + "/" + schema, properties);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to Trino on port " + port, e);
    }
  }

  /** The processor time the server has used so far. */
  Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** The server's log file. */
  Path log() {
    return log;
  }

  /** The last lines of the server's log. */
  String logTail() {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Trino", e);
    }
  }
}
