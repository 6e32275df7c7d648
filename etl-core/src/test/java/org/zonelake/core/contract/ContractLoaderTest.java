package org.zonelake.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.fs.ListedDirectory;

/**
 * A contracts directory's names: near misses of what the jobs read are refused, not passed over.
 */
class ContractLoaderTest {

  private static final String ORDERS =
      """
      {"source": "orders", "format": {"type": "json_lines"},
       "schema": "order_id STRING, order_ts TIMESTAMP",
       "event_time": {"column": "order_ts"}}
      """;

  @TempDir Path dir;

  private String refusal(Path location) {
    return catchThrowableOfType(
            () ->
                ContractLoader.fromDirectory(
                    ListedDirectory.of(location.toString(), new Configuration())),
            LakeException.class)
        .getMessage();
  }

  @Test
  void aDirectoryNamedLikeJoinsIsRefusedAndOthersAreLeftAlone() throws Exception {
    Files.writeString(dir.resolve("orders.json"), ORDERS);
    Files.writeString(dir.resolve("orders.warn.dqdl"), "Rules = [ RowCount > 0 ]");
    Files.createDirectories(dir.resolve("reference"));
    Files.writeString(dir.resolve("NOTES.md"), "notes");
    assertThat(
            ContractLoader.fromDirectory(ListedDirectory.of(dir.toString(), new Configuration())))
        .extracting(DatasetContract::source)
        .containsExactly("orders");

    Files.createDirectories(dir.resolve("join"));
    assertThat(refusal(dir))
        .isEqualTo(
            "Directory join/ in contracts directory "
                + dir
                + " is not read: joined datasets are declared in joins/. Fix: rename it joins.");
  }

  @Test
  void aContractOrRulesetWhoseExtensionIsNotLowerCaseIsRefused() throws Exception {
    Files.writeString(dir.resolve("orders.JSON"), ORDERS);
    assertThat(refusal(dir))
        .isEqualTo(
            "File orders.JSON in contracts directory "
                + dir
                + " is not read: contracts are read from files ending in .json and rulesets from"
                + " .dqdl, in lower case. Fix: rename it orders.json.");
    Files.move(dir.resolve("orders.JSON"), dir.resolve("orders.json"));
    Files.writeString(dir.resolve("orders.warn.DQDL"), "Rules = [ RowCount > 0 ]");
    assertThat(refusal(dir))
        .contains("File orders.warn.DQDL")
        .endsWith("rename it orders.warn.dqdl.");
  }

  @Test
  void aContractFileGivenForItsDirectoryIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("orders.json"), ORDERS);
    assertThat(refusal(file))
        .isEqualTo(
            "Contracts directory "
                + file
                + " is a file, not a directory. Fix: pass the directory that holds the contracts"
                + " (and their rulesets and joins/).");
  }
}
