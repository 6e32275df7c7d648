package org.zonelake.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;

/**
 * The curated state: what a run recorded is read back, and a damaged file is named as such, with
 * how to recover.
 */
class CuratedStateStoreTest {

  @TempDir Path curated;

  private final Configuration conf = new Configuration();

  @Test
  void readsBackTheVersionsAndFiguresARunRecorded() {
    CuratedStateStore store = new CuratedStateStore(curated.toString(), conf);
    assertThat(store.read("orders")).isEmpty();
    store.write("orders", "run-1", Map.of("processed", 3L), Map.of("rows", 47L));
    assertThat(store.read("orders")).contains(Map.of("processed", 3L));
    assertThat(store.entry("orders"))
        .contains(new CuratedStateStore.Entry(Map.of("processed", 3L), Map.of("rows", 47L)));
    store.write("customers", "run-1", Map.of("processed", 2L));
    assertThat(store.entry("customers"))
        .contains(new CuratedStateStore.Entry(Map.of("processed", 2L), Map.of()));
  }

  @Test
  void aDamagedStateFileFailsNamingTheCuratedState() throws Exception {
    Path file = Files.createDirectories(curated.resolve("_state")).resolve("orders.json");
    Files.writeString(file, "{\"source\": \"orders\", \"versions\": {");
    CuratedStateStore store = new CuratedStateStore(curated.toString(), conf);
    assertThatThrownBy(() -> store.read("orders"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Curated state "
                + curated.resolve("_state").resolve("orders.json")
                + " cannot be read: it is not valid JSON (line 1, column 35). Fix: delete the file:"
                + " the next run recomputes every day of orders from the processed tables, as on"
                + " its first run.");
  }
}
