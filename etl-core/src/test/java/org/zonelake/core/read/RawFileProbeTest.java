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
}
