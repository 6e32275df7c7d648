package org.zonelake.jobs.local;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.jobs.RunStop;

/**
 * Ctrl-C (SIGINT) and {@code kill} (SIGTERM) during a command that commits: the first signal asks
 * the runs to stop ({@link RunStop}: Spark's jobs cancelled, no commit after it), so each run ends
 * as a failure that it records, gives its lease back, and the command exits with 130 (143 for
 * SIGTERM) once the summaries are printed; a second signal ends the process at once, leaving its
 * leases to lapse. Without it the JVM would end at the first signal in the middle of its runs,
 * keeping their leases for their time to live.
 *
 * <p>Java 17 has no public API for signals: the JDK's own {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}, exported to every application) is used through reflection, so that the build
 * carries no internal-API warning; where it is missing the JVM's default stays.
 */
final class StopOnSignal implements AutoCloseable {

  private static final Map<String, Integer> STATUS = Map.of("INT", 130, "TERM", 143);
  private static final String SIGNAL = "sun.misc.Signal";
  private static final String HANDLER = "sun.misc.SignalHandler";

  private final PrintStream err;
  private final Map<Object, Object> previous = new LinkedHashMap<>();
  private volatile int status;

  private StopOnSignal(PrintStream err) {
    this.err = err;
  }

  /** Handles SIGINT and SIGTERM from now until {@link #close}, reporting on {@code err}. */
  static StopOnSignal install(PrintStream err) {
    RunStop.clear();
    StopOnSignal stop = new StopOnSignal(err);
    for (String name : STATUS.keySet()) {
      stop.handle(name);
    }
    return stop;
  }

  /** The exit status the signal received asks for, if one was received. */
  Optional<Integer> status() {
    return status == 0 ? Optional.empty() : Optional.of(status);
  }

  private void received(String name) {
    String by = name.equals("INT") ? "Ctrl-C" : "SIGTERM";
    if (status != 0) {
      err.println("Stopped at once: the runs' leases stay until they lapse.");
      Runtime.getRuntime().halt(status);
    }
    status = STATUS.get(name);
    RunStop.request(by, SparkInternals.defaultSession());
    err.println(
        "Stopping ("
            + by
            + "): the running Spark jobs are cancelled and nothing more is committed; what was"
            + " committed stays. Press Ctrl-C again to quit at once.");
  }

  private void handle(String name) {
    try {
      Class<?> signalType = Class.forName(SIGNAL);
      Class<?> handlerType = Class.forName(HANDLER);
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      InvocationHandler onSignal =
          (proxy, method, args) ->
              objectMethod(proxy, method, args)
                  .orElseGet(
                      () -> {
                        received(name);
                        return null;
                      });
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
      previous.put(signal, setHandler(signal, handler));
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // No such signal here, or no sun.misc.Signal: the JVM's default stays.
    }
  }

  /** The answers of a handler proxy to {@code equals}, {@code hashCode} and {@code toString}. */
  private static Optional<Object> objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> Optional.of(proxy == args[0]);
      case "hashCode" -> Optional.of(System.identityHashCode(proxy));
      case "toString" -> Optional.of("stop on signal");
      default -> Optional.empty();
    };
  }

  /** Sets the handler of a signal; returns the one it replaces. */
  private static Object setHandler(Object signal, Object handler)
      throws ReflectiveOperationException {
    Class<?> signalType = Class.forName(SIGNAL);
    return signalType
        .getMethod("handle", signalType, Class.forName(HANDLER))
        .invoke(null, signal, handler);
  }

  /** Gives the signals their previous handlers back and forgets a stop request. */
  @Override
  public void close() {
    previous.forEach(
        (signal, handler) -> {
          try {
            setHandler(signal, handler);
          } catch (ReflectiveOperationException e) {
            // This handler stays: it only asks runs to stop.
          }
        });
    RunStop.clear();
  }
}
