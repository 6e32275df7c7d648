package org.zonelake.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small JSON documents are replaced whole or not at all. */
class JsonFilesTest {

  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  /** A value whose serialisation fails part-way, as a process killed while it writes would. */
  public static final class Failing {
    public String getFirst() {
      return "written";
    }

    public String getSecond() {
      throw new IllegalStateException("stopped while writing");
    }
  }

  @Test
  void aWriteThatStopsPartWayLeavesTheFileAsItWas() throws Exception {
    org.apache.hadoop.fs.Path state =
        new org.apache.hadoop.fs.Path(dir.resolve("state.json").toUri());
    ObjectNode before = JsonNodeFactory.instance.objectNode().put("committed", 3);
    JsonFiles.write(state, conf, before);

    ObjectNode broken = JsonNodeFactory.instance.objectNode().put("committed", 4);
    broken.set("files", new POJONode(new Failing()));
    assertThatThrownBy(() -> JsonFiles.write(state, conf, broken, "manifest state"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot write manifest state " + state);

    assertThat(JsonFiles.read(state, conf, "File", "restore it")).contains((JsonNode) before);
    // No half-written document is left beside it, hidden or not.
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("state.json", ".state.json.crc");
    }
    JsonFiles.write(state, conf, broken.put("files", 1));
    assertThat(
            JsonFiles.read(state, conf, "File", "restore it")
                .orElseThrow()
                .get("committed")
                .asLong())
        .isEqualTo(4);
  }
}
