package org.zonelake.jobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zonelake.aws.AwsClients;
import org.zonelake.aws.AwsSettings;
import org.zonelake.aws.ledger.DynamoDbRunLedger;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local runner's run ledger: DynamoDB Local keeping its data in a directory, so the history
 * survives between runs, reached over HTTP on 127.0.0.1 by the same SDK client and {@link
 * DynamoDbRunLedger} the jobs use on AWS; it listens on the loopback address only.
 *
 * <p>DynamoDB Local runs in its own class loader, from the jars listed in the class path file the
 * build writes ({@code dynamodb-local/target/classpath.txt}): it needs ANTLR 4.10 and a newer AWS
 * SDK, while Spark needs ANTLR 4.9.3 and the Glue jar carries the Glue runtime's SDK; the two
 * cannot share one class path. For the same reason DynamoDB Local is in neither the Glue jar nor
 * the Spark class path. Telemetry is off. Several processes may open one directory at once (two
 * {@code ./lake} commands on one lake): their requests take turns through {@link StoreLock}.
 */
public final class EmbeddedLedger implements AutoCloseable {

  /** The system property naming the class path file of DynamoDB Local. */
  public static final String CLASSPATH_PROPERTY = "zonelake.dynamodb.local.classpath";

  /** The local ledger table's name (the deploy stack names the table on AWS). */
  public static final String TABLE = "zonelake-run-ledger";

  /**
   * The file beside the store that the requests of all local processes lock in turn (see {@link
   * StoreLock}).
   */
  static final String LOCK_FILE = "store.lock";

  /** The address DynamoDB Local listens on and the client reaches it at. */
  private static final String HOST = "127.0.0.1";

  private static final java.util.Map<Path, URLClassLoader> LOADERS = new java.util.HashMap<>();

  private final Object server;
  private final URI endpoint;
  private final DynamoDbClient client;
  private final DynamoDbRunLedger ledger;

  private EmbeddedLedger(Object server, URI endpoint, Path dataDirectory) {
    this.server = server;
    this.endpoint = endpoint;
    this.client =
        AwsClients.dynamoDb(
            AwsSettings.local(endpoint), new StoreLock(dataDirectory.resolve(LOCK_FILE)));
    try {
      DynamoDbRunLedger.createTableIfMissing(client, TABLE);
    } catch (RuntimeException e) {
      close();
      // DynamoDB Local answers an internal failure when its data file is not a database.
      throw new LakeException(
          ErrorMessage.what("The local run ledger in " + dataDirectory + " cannot be read")
              .why("DynamoDB Local failed on its data (" + ErrorMessage.detail(e) + ")")
              .fix(
                  "check that the directory can be read and written; if its file"
                      + " shared-local-instance.db is damaged, restore the directory from a copy,"
                      + " or move it away to start a new ledger (the lake's tables keep their"
                      + " rows; the runs recorded in it are no longer listed)"),
          e);
    }
    this.ledger = new DynamoDbRunLedger(client, TABLE);
  }

  /**
   * Starts DynamoDB Local with its data in {@code dataDirectory} (created if missing) and the
   * ledger table in it.
   *
   * @param dataDirectory where the data lives between runs
   * @param classpathFile the file listing DynamoDB Local's jars, separated by the path separator
   */
  public static EmbeddedLedger open(Path dataDirectory, Path classpathFile) {
    try {
      Files.createDirectories(dataDirectory);
      URLClassLoader loader = loader(classpathFile);
      int port = freePort();
      String[] args = {
        "-dbPath",
        dataDirectory.toAbsolutePath().toString(),
        "-sharedDb",
        "-port",
        Integer.toString(port),
        "-disableTelemetry"
      };
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      Object server;
      // DynamoDB Local prints its configuration on standard output when it starts.
      java.io.PrintStream out = System.out;
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        server =
            loader
                .loadClass("software.amazon.dynamodb.services.local.main.ServerRunner")
                .getMethod("createServerFromCommandLineArgs", String[].class)
                .invoke(null, (Object) args);
        listenOnLoopbackOnly(server);
        server.getClass().getMethod("start").invoke(server);
      } finally {
        System.setOut(out);
        thread.setContextClassLoader(previous);
      }
      return new EmbeddedLedger(server, URI.create("http://" + HOST + ":" + port), dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start DynamoDB Local from " + classpathFile, e);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalStateException(
          "Cannot start DynamoDB Local with data in " + dataDirectory + ": " + cause, cause);
    }
  }

  /**
   * Opens the ledger with the class path file named by the system property {@value
   * #CLASSPATH_PROPERTY}.
   */
  public static EmbeddedLedger open(Path dataDirectory) {
    return open(dataDirectory, ClassPathFile.named(CLASSPATH_PROPERTY, "DynamoDB Local"));
  }

  /** The ledger. */
  public DynamoDbRunLedger ledger() {
    return ledger;
  }

  /** Where DynamoDB Local listens. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client of it. */
  public DynamoDbClient client() {
    return client;
  }

  /** Stops DynamoDB Local; its data stays in the directory. */
  @Override
  public void close() {
    client.close();
    try {
      server.getClass().getMethod("stop").invoke(server);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot stop DynamoDB Local", e);
    }
    // The class loader stays open for the next ledger of this JVM (and DynamoDB Local's SQLite
    // thread still loads classes while it shuts down after stop() returns).
  }

  /**
   * DynamoDB Local's HTTP server listens on every network interface and has no option to choose
   * one; the local ledger is for this machine's processes only, so its connectors are bound to the
   * loopback address before it starts.
   */
  private static void listenOnLoopbackOnly(Object server) throws ReflectiveOperationException {
    java.lang.reflect.Field field = server.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(server);
    for (Object connector : (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty)) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, HOST);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /**
   * DynamoDB Local's class loader for this class path file, made once per JVM: a process that opens
   * the ledger again (a test suite, a second command in one JVM) reuses the classes it loaded and
   * the JIT compiled instead of loading its 4,000 classes again.
   */
  private static synchronized URLClassLoader loader(Path classpathFile) throws IOException {
    Path key = classpathFile.toAbsolutePath().normalize();
    URLClassLoader loader = LOADERS.get(key);
    if (loader == null) {
      loader = ClassPathFile.loader("dynamodb-local", classpathFile);
      LOADERS.put(key, loader);
    }
    return loader;
  }
}
