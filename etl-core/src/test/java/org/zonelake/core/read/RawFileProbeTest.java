package org.zonelake.core.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the probe blames on the file (quarantine) and what on its store (the batch fails). */
class RawFileProbeTest {

  @TempDir Path temp;

  @Test
  void aBrokenConnectionIsTheStoresFailureACorruptStreamTheFiles() {
    assertThat(RawFileProbe.isStoreFailure(new IOException("read", new SocketException("reset"))))
        .isTrue();
    assertThat(RawFileProbe.isStoreFailure(new SocketTimeoutException("Read timed out"))).isTrue();
    assertThat(RawFileProbe.isStoreFailure(new ZipException("Not in GZIP format"))).isFalse();
    assertThat(RawFileProbe.isStoreFailure(new IOException("Unexpected end of input stream")))
        .isFalse();
  }

  @Test
  void aCorruptGzipIsTheFilesProblem() throws IOException {
    Path corrupt =
        Files.write(
            temp.resolve("corrupt.jsonl.gz"), "not gzip at all, but long enough".getBytes());
    Configuration conf = new Configuration();
    assertThat(new RawFileProbe(conf).problem(corrupt.toUri().toString()))
        .contains("corrupt compressed stream: not a gzip file");
  }

  /**
   * A path that is there but does not open (a directory here; a file the job may not read, for a
   * user other than root) is not reported as deleted.
   */
  @Test
  void aPathThatIsThereButDoesNotOpenIsNotReportedAsDeleted() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("orders-0001.jsonl"));
    RawFileProbe probe = new RawFileProbe(new Configuration());

    assertThat(probe.problem(directory.toUri().toString()))
        .contains("cannot be opened: " + directory + " (Is a directory)");
    assertThat(probe.problem(temp.resolve("gone.jsonl").toUri().toString()))
        .contains("file not found (deleted after it was listed)");
  }
}
