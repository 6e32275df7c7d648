package org.zonelake.athena;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link TrinoLake} of the test run (started by the first test that needs it,
 * closed when the run ends), and skips each test, saying what is missing, where no JDK can run
 * Trino (the message also goes to standard error once, so the build log shows it). {@code
 * -Dzonelake.trino.required=true} turns that skip into a failure. Tests take the lake as a
 * parameter of the test method: a skip in a class-level callback would not be reported as one.
 */
final class TrinoLakeExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TrinoLakeExtension.class);

  /** Holds the lake, or the failure that stopped it from starting (reported to every class). */
  private record Started(TrinoLake lake, RuntimeException failure)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      if (lake != null) {
        lake.close();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    started(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TrinoLake.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return started(context);
  }

  private static TrinoLake started(ExtensionContext context) {
    int minimum = Integer.parseInt(System.getProperty("zonelake.trino.java.minimum", "24"));
    TrinoJdk.Lookup jdk = TrinoJdk.find(minimum);
    if (jdk.home().isEmpty()) {
      if (Boolean.getBoolean("zonelake.trino.required")) {
        throw new IllegalStateException(jdk.explanation());
      }
      if (context.getRoot().getStore(NAMESPACE).get("warned") == null) {
        context.getRoot().getStore(NAMESPACE).put("warned", Boolean.TRUE);
        System.err.println("athena-compat: Trino tests skipped. " + jdk.explanation());
      }
      Assumptions.abort("Skipped: " + jdk.explanation());
    }
    Started started =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("trino-lake", k -> start(jdk.java()), Started.class);
    if (started.failure() != null) {
      throw started.failure();
    }
    return started.lake();
  }

  private static Started start(Path java) {
    try {
      return new Started(
          TrinoLake.start(
              java,
              Path.of(required("zonelake.trino.tarball")),
              Path.of(required("zonelake.trino.work")),
              Path.of(required("zonelake.athena.work")),
              Path.of(required("zonelake.home")).toAbsolutePath().normalize()),
          null);
    } catch (RuntimeException e) {
      return new Started(null, e);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(
          "System property "
              + property
              + " is not set: run the tests through Maven (mvn -pl athena-compat -am verify),"
              + " whose surefire configuration sets it.");
    }
    return value;
  }
}
