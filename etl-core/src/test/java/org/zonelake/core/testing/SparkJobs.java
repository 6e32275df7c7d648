package org.zonelake.core.testing;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs a piece of work starts, for tests that bound a plan's jobs. */
public final class SparkJobs {

  private SparkJobs() {}

  /**
   * Runs {@code work} and returns the Spark jobs it started. Jobs of earlier work are excluded (the
   * listener bus is drained first); the session must not run other work meanwhile.
   */
  public static int during(SparkSession spark, Runnable work) throws TimeoutException {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(counter);
    try {
      work.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return jobs.get();
  }
}
