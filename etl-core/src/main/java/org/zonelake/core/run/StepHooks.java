package org.zonelake.core.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named points between the steps of a job (after the manifest is written, after the quarantine
 * commit, ...), where a test can make the job stop as a crash there would. A job announces each
 * point with {@link #reached}; nothing happens unless a hook is armed, which only tests do.
 */
public final class StepHooks {

  private static final Map<String, Runnable> ARMED = new ConcurrentHashMap<>();

  private StepHooks() {}

  /** Called by a job when it reaches {@code step} for {@code source}. */
  public static void reached(String step, String source) {
    Runnable hook = ARMED.get(step + "/" + source);
    if (hook != null) {
      hook.run();
    }
  }

  /**
   * Runs {@code action} (typically: throw) when a job reaches {@code step} for {@code source},
   * until the returned handle is closed.
   */
  public static AutoCloseable arm(String step, String source, Runnable action) {
    String key = step + "/" + source;
    ARMED.put(key, action);
    return () -> ARMED.remove(key);
  }

  /**
   * Makes a job fail, as a crash would, when it reaches {@code step} for {@code source}: an {@link
   * IllegalStateException} with {@code message}, until the returned handle is closed.
   */
  public static AutoCloseable failAt(String step, String source, String message) {
    return arm(
        step,
        source,
        () -> {
          throw new IllegalStateException(message);
        });
  }
}
