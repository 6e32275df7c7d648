package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.errors.LakeException;

/**
 * The deployed contract directory is exactly what the jobs read: the shipped contracts, a copy of
 * them, and directories the jobs' loaders refuse.
 */
class ContractBundleTest {

  /** What the jobs read of the shipped contracts, and so what a deploy uploads. */
  static final List<String> SHIPPED_FILES =
      List.of(
          "customers.fail.dqdl",
          "customers.json",
          "customers.warn.dqdl",
          "joins/orders_with_customers.json",
          "joins/sensor_readings_with_devices.json",
          "orders.fail.dqdl",
          "orders.json",
          "orders.quarantine.dqdl",
          "orders.warn.dqdl",
          "reference/devices.csv",
          "sensor_readings.fail.dqdl",
          "sensor_readings.json",
          "sensor_readings.quarantine.dqdl",
          "sensor_readings.warn.dqdl",
          "web_logs.fail.dqdl",
          "web_logs.json",
          "web_logs.warn.dqdl");

  private static final Configuration HADOOP = new Configuration();

  @TempDir Path temp;
  private Path shipped;

  @BeforeEach
  void stageTheShippedContracts() {
    shipped = temp.resolve("shipped");
    ContractBundle.shipped().stage(shipped, HADOOP);
  }

  @Test
  void shippedContractsAreStagedWithEveryRulesetJoinAndReferenceTable() throws IOException {
    assertThat(ContractBundle.shipped().paths()).containsExactlyElementsOf(SHIPPED_FILES);
    assertThat(ContractBundle.shipped().external()).isEmpty();
    assertThat(files(shipped)).containsExactlyElementsOf(SHIPPED_FILES);
    assertThat(Files.readString(shipped.resolve("reference/devices.csv")))
        .isEqualTo(Files.readString(SampleLake.TESTDATA.resolve("reference/devices.csv")));
    assertThat(Files.readString(shipped.resolve("orders.quarantine.dqdl")))
        .isEqualTo(
            Files.readString(SampleLake.SHIPPED_CONTRACTS.resolve("orders.quarantine.dqdl")));
  }

  @Test
  void aStagedDirectorySelectsItselfAgain() throws IOException {
    ContractBundle again = ContractBundle.of(shipped.toString(), HADOOP);

    assertThat(again.paths()).containsExactlyElementsOf(SHIPPED_FILES);
    Path restaged = temp.resolve("restaged");
    again.stage(restaged, HADOOP);
    for (String file : SHIPPED_FILES) {
      assertThat(Files.readAllBytes(restaged.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(shipped.resolve(file)));
    }
  }

  @Test
  void filesTheJobsDoNotReadAreLeftOut() throws IOException {
    Files.writeString(shipped.resolve("README.md"), "notes");
    Files.writeString(shipped.resolve("INDEX"), "orders.json");
    Files.writeString(shipped.resolve("joins/notes.txt"), "x");
    Files.writeString(shipped.resolve("reference/unused.csv"), "a,b");

    assertThat(ContractBundle.of(shipped.toString(), HADOOP).paths())
        .containsExactlyElementsOf(SHIPPED_FILES);
  }

  @Test
  void withoutARulesetListTheDefaultRulesetNamesThatExistAreTaken() throws IOException {
    Path web = shipped.resolve("web_logs.json");
    Files.writeString(web, Files.readString(web).replaceAll(",\\s*\"rulesets\": \\[[^]]*\\]", ""));
    Files.delete(shipped.resolve("web_logs.fail.dqdl"));

    assertThat(ContractBundle.of(shipped.toString(), HADOOP).paths())
        .contains("web_logs.warn.dqdl")
        .doesNotContain("web_logs.fail.dqdl", "web_logs.quarantine.dqdl")
        .hasSize(SHIPPED_FILES.size() - 1);
  }

  @Test
  void aRulesetFileNoContractReadsIsRefusedWithTheJobsMessage() throws IOException {
    Files.writeString(shipped.resolve("order.fail.dqdl"), "Rules = [ RowCount > 0 ]");

    assertThatSelectingIsRefused()
        .hasMessageStartingWith("Ruleset file order.fail.dqdl in " + shipped + " is read by no")
        .hasMessageEndingWith(
            "Fix: add \"order.fail.dqdl\" to \"rulesets\" in the contract of source 'orders',"
                + " which lists orders.warn.dqdl, orders.quarantine.dqdl, orders.fail.dqdl; or"
                + " move the file out of the directory.");
  }

  @Test
  void aMissingRulesetIsRefusedWithTheJobsMessage() throws IOException {
    Files.delete(shipped.resolve("orders.quarantine.dqdl"));

    assertThatSelectingIsRefused()
        .hasMessage(
            "The contract of source 'orders' lists ruleset orders.quarantine.dqdl, which does not"
                + " exist in "
                + shipped
                + ". Fix: add the file next to the contract, or remove it from \"rulesets\".");
  }

  @Test
  void aMissingReferenceTableIsRefused() throws IOException {
    Files.delete(shipped.resolve("reference/devices.csv"));

    assertThatSelectingIsRefused()
        .hasMessage(
            "Reference table file:"
                + shipped.resolve("reference/devices.csv")
                + " of joined dataset 'sensor_readings_with_devices' does not exist. Fix: add it"
                + " to the contracts directory, or correct right.reference.path in file:"
                + shipped.resolve("joins/sensor_readings_with_devices.json")
                + ".");
  }

  @Test
  void aReferenceTableOutsideTheDirectoryIsRefused() throws IOException {
    Path join = shipped.resolve("joins/sensor_readings_with_devices.json");
    Files.writeString(
        join,
        Files.readString(join)
            .replace(
                "../reference/devices.csv",
                SampleLake.TESTDATA.resolve("reference/devices.csv").toString()));

    assertThatSelectingIsRefused()
        .hasMessageStartingWith("Joined dataset file:" + join + ": field 'right.reference.path'")
        .hasMessageContaining(
            "outside the contracts directory "
                + shipped
                + ", so it would not be deployed with the contracts. Fix: keep the reference"
                + " table inside the contracts directory");
  }

  @Test
  void aReferenceTableOnS3IsReadFromThereAndNotDeployed() throws IOException {
    Path join = shipped.resolve("joins/sensor_readings_with_devices.json");
    Files.writeString(
        join,
        Files.readString(join)
            .replace("../reference/devices.csv", "s3://reference-data/devices.csv"));

    ContractBundle bundle = ContractBundle.of(shipped.toString(), HADOOP);
    assertThat(bundle.paths()).doesNotContain("reference/devices.csv").hasSize(16);
    assertThat(bundle.external())
        .containsExactly(
            java.util.Map.entry("sensor_readings_with_devices", "s3://reference-data/devices.csv"));
  }

  @Test
  void commandStagesOrRefusesWithExitCodes() throws IOException {
    Output ok = run("--contracts", shipped.toString(), "--stage", temp.resolve("out").toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out())
        .startsWith(
            "Staged 17 files the jobs read from "
                + shipped
                + " into "
                + temp.resolve("out")
                + ":\n  customers.fail.dqdl\n");
    assertThat(files(temp.resolve("out"))).containsExactlyElementsOf(SHIPPED_FILES);

    Files.writeString(shipped.resolve("orders.json"), "{\"source\": \"orders\"");
    Output broken =
        run("--contracts", shipped.toString(), "--stage", temp.resolve("never").toString());
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err())
        .startsWith(
            "The contracts in "
                + shipped
                + " do not load as the jobs load them; nothing is deployed.\nContract ");
    assertThat(temp.resolve("never")).doesNotExist();

    assertThat(run("--stage").code()).isEqualTo(2);
    assertThat(run("--contracts", shipped.toString()).err())
        .isEqualTo("usage: ContractBundle [--contracts DIR] --stage OUT\n");
  }

  @Test
  void stagingRefusesADirectoryThatIsNotEmpty() {
    assertThatThrownBy(() -> ContractBundle.shipped().stage(shipped, HADOOP))
        .hasMessage("staging directory " + shipped + " is not empty: stage into a new directory");
  }

  /** Asserts that selecting the files of the staged directory throws a {@link LakeException}. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertThatSelectingIsRefused() {
    return assertThatThrownBy(() -> ContractBundle.of(shipped.toString(), HADOOP))
        .isInstanceOf(LakeException.class);
  }

  private record Output(int code, String out, String err) {}

  private static Output run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ContractBundle.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The regular files below {@code root}, as sorted relative paths. */
  static List<String> files(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
