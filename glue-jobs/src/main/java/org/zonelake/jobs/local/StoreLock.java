package org.zonelake.jobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets one request at a time, of all the processes on this machine, reach the local ledger's store.
 *
 * <p>Two {@code ./lake} commands on one lake each run their own DynamoDB Local over the same SQLite
 * file. SQLite locks the file, but DynamoDB Local does not wait for a lock: a request that meets
 * the other process's write fails with {@code database is locked}, and when that request is the one
 * that opens the store, DynamoDB Local keeps the file marked as open and refuses every later
 * request of the process. Holding an operating-system lock on a file beside the store from the
 * start of each request to its end (retries included) keeps the two processes' requests apart.
 * (SQLite may still hold the file a moment after a request was answered; a request that meets that
 * is answered with an error the SDK retries.) The operating system drops the lock of a process that
 * is killed, so a crashed run never blocks the next one.
 */
final class StoreLock implements ExecutionInterceptor {

  private static final ExecutionAttribute<AtomicReference<FileLock>> HELD =
      new ExecutionAttribute<>("store-lock");

  /** One per lock file and JVM: the OS lock belongs to the process, so its threads queue here. */
  private static final Map<Path, Semaphore> TURNS = new ConcurrentHashMap<>();

  private final Path file;
  private final Semaphore turn;

  /** A lock on {@code file} (created if missing); nothing is held until a request starts. */
  StoreLock(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.turn = TURNS.computeIfAbsent(this.file, f -> new Semaphore(1, true));
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    turn.acquireUninterruptibly();
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      attributes.putAttribute(HELD, new AtomicReference<>(channel.lock()));
    } catch (IOException | RuntimeException e) {
      turn.release();
      throw new UncheckedIOException(
          "Cannot lock the local ledger's store at " + file + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  private void release(ExecutionAttributes attributes) {
    AtomicReference<FileLock> held = attributes.getAttribute(HELD);
    FileLock lock = held == null ? null : held.getAndSet(null);
    if (lock == null) {
      return; // never taken, or already released
    }
    try {
      lock.channel().close(); // closing the channel releases its lock
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unlock the local ledger's store at " + file, e);
    } finally {
      turn.release();
    }
  }
}
