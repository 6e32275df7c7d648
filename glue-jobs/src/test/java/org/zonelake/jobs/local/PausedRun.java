package org.zonelake.jobs.local;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.zonelake.core.run.StepHooks;

/**
 * {@code lake} that stops for good when a job reaches a step, after printing {@code PAUSED <step>
 * <source>}: a test starts it as a JVM of its own and kills that JVM there. Arguments: the step,
 * the source, then the {@code lake} command and its options.
 */
public final class PausedRun {

  private PausedRun() {}

  /** Runs the {@code lake} command of {@code args[2..]}, pausing at step {@code args[0]}. */
  public static void main(String[] args) {
    StepHooks.arm(
        args[0],
        args[1],
        () -> {
          System.out.println("PAUSED " + args[0] + " " + args[1]);
          System.out.flush();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    String home = System.getProperty("zonelake.home", "..");
    System.exit(
        new LakeCli(System.out, System.err, home)
            .execute(Arrays.copyOfRange(args, 2, args.length)));
  }
}
