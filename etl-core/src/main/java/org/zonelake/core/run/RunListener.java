package org.zonelake.core.run;

/** Receives progress while a job runs (the console prints it; tests may record it). */
public interface RunListener {

  /** A listener that ignores everything. */
  RunListener NONE = new RunListener() {};

  /** A source is about to be processed: its run holds the source's lease (when there is one). */
  default void sourceStarted(String source) {}

  /** A batch of a source starts: it reads {@code files} raw files of {@code bytes} bytes. */
  default void batchStarted(String source, long batchId, long files, long bytes) {}

  /** A batch of a source was committed. */
  default void batchCommitted(String source, long batchId, BatchCounts counts, double seconds) {}

  /** Something went wrong beside the data (metrics, ledger), which the run survives. */
  default void warning(String source, String message) {}

  /** A source finished (succeeded, skipped or failed). */
  default void sourceFinished(SourceOutcome outcome) {}
}
