package org.zonelake.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory as one listing found it: its files by suffix, and their texts. */
class ListedDirectoryTest {

  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void namesTheFilesOfTheListingBySuffixAndReadsThem() throws Exception {
    Files.writeString(dir.resolve("orders.json"), "{\"source\": \"orders\"}");
    Files.writeString(dir.resolve("customers.json"), "{\"source\": \"customers\"}");
    Files.writeString(dir.resolve("orders.warn.dqdl"), "Rules = [ RowCount > 0 ]");
    Files.createDirectories(dir.resolve("joins.json"));
    ListedDirectory listed = ListedDirectory.of(dir.toString(), conf);
    assertThat(listed.exists()).isTrue();
    assertThat(listed.location()).isEqualTo(dir.toString());
    assertThat(listed.names(".json")).containsExactly("customers.json", "orders.json");
    assertThat(listed.names(".dqdl")).containsExactly("orders.warn.dqdl");
    assertThat(listed.text("orders.warn.dqdl")).contains("Rules = [ RowCount > 0 ]");
    assertThat(listed.path("orders.json")).isEqualTo("file:" + dir.resolve("orders.json"));
  }

  @Test
  void aFileLandedAfterTheListingIsNotInIt() throws Exception {
    ListedDirectory listed = ListedDirectory.of(dir.toString(), conf);
    Files.writeString(dir.resolve("late.fail.dqdl"), "Rules = [ RowCount > 0 ]");
    assertThat(listed.names(".dqdl")).isEmpty();
    assertThat(listed.text("late.fail.dqdl")).isEmpty();
  }

  @Test
  void aMissingDirectoryHasNoFiles() {
    ListedDirectory listed = ListedDirectory.of(dir.resolve("absent").toString(), conf);
    assertThat(listed.exists()).isFalse();
    assertThat(listed.names(".json")).isEmpty();
    assertThat(listed.text("orders.json")).isEmpty();
  }

  @Test
  void aListedFileDeletedBeforeItIsReadFailsSayingWhatToDo() throws Exception {
    Files.writeString(dir.resolve("orders.json"), "{}");
    ListedDirectory listed = ListedDirectory.of(dir.toString(), conf);
    Files.delete(dir.resolve("orders.json"));
    assertThatThrownBy(() -> listed.text("orders.json"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "Cannot read file:"
                + dir.resolve("orders.json")
                + ", which the listing of "
                + dir
                + " found: it is no longer there or cannot be opened (File file:"
                + dir.resolve("orders.json")
                + " does not exist). Fix: run again once the directory's files are in place and"
                + " readable");
  }
}
