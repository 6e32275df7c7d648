package org.zonelake.jobs.local;

import java.util.Arrays;
import org.zonelake.core.run.StepHooks;
import org.zonelake.jobs.RunStop;

/**
 * {@code lake} that waits when a job reaches a step, after printing {@code PAUSED <step> <source>},
 * until it is killed or asked to stop: a test starts it as a JVM of its own and kills that JVM
 * there, or sends it Ctrl-C (SIGINT). Arguments: the step, the source, then the {@code lake}
 * command and its options.
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
          // Until the process is killed, or asked to stop (Ctrl-C): then the run goes on to its
          // next commit, where it stops.
          try {
            while (!RunStop.requested()) {
              Thread.sleep(20);
            }
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
