package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Independent parts of a run (sources, curated tables, joined datasets, tables to maintain)
 * submitted to the one Spark application at once, so that one part's driver work (planning, Delta
 * logs, commits) overlaps another's tasks. Each part runs on a thread of its own (never the
 * caller's), so what it sets in Spark's thread-local properties (job descriptions, the source) ends
 * with it. A part that throws makes the call throw that exception, once every part has finished: no
 * part is cut off in the middle of a commit.
 */
public final class Concurrently {

  /** At most this many parts run at once. */
  static final int MAX_PARTS = 4;

  private Concurrently() {}

  /**
   * Applies {@code task} to every item, up to {@link #MAX_PARTS} at once, and returns the results
   * in the items' order.
   *
   * @param what what the parts are, for thread names (e.g. {@code source})
   */
  public static <T, R> List<R> map(String what, List<T> items, Function<T, R> task) {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(items.size(), MAX_PARTS)),
            r -> {
              Thread thread = new Thread(r, "zonelake-" + what + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<R>> running = new ArrayList<>();
      for (T item : items) {
        running.add(pool.submit(() -> task.apply(item)));
      }
      List<R> results = new ArrayList<>();
      Throwable failure = null;
      for (Future<R> result : running) {
        try {
          results.add(result.get());
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
        }
      }
      if (failure != null) {
        // Spark throws its checked exceptions undeclared: rethrown as the part threw it.
        throw Concurrently.<RuntimeException>rethrow(failure);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the " + what + "s ran", e);
    } finally {
      pool.shutdown();
    }
  }

  /** Runs {@code first} and {@code second} at once and returns when both are done. */
  static void both(String what, Runnable first, Runnable second) {
    map(
        what,
        List.of(first, second),
        part -> {
          part.run();
          return Boolean.TRUE;
        });
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable failure) throws E {
    throw (E) failure;
  }
}
