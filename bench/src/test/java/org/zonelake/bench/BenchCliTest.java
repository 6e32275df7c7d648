package org.zonelake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run's results go into the benchmarks file. */
class BenchCliTest {

  private static final String BEGIN = "<!-- latest bench run: begin (written by ./lake bench) -->";
  private static final String END = "<!-- latest bench run: end -->";

  @Test
  void sectionIsAppendedUnderItsHeadingWhenTheFileHasNoMarkers() {
    assertThat(BenchCli.withLatestRun("B.md", "# Benchmarks\n\nText.", "| a |\n"))
        .isEqualTo(
            "# Benchmarks\n\nText.\n\n## Latest run\n\n" + BEGIN + "\n\n| a |\n\n" + END + "\n");
    assertThat(BenchCli.withLatestRun("B.md", "", "| a |"))
        .isEqualTo("## Latest run\n\n" + BEGIN + "\n\n| a |\n\n" + END + "\n");
  }

  @Test
  void sectionReplacesOnlyWhatIsBetweenTheMarkers() {
    String document = "# B\n\n" + BEGIN + "\n\nold run\n\n" + END + "\n\n## After\n\nkept\n";
    assertThat(BenchCli.withLatestRun("B.md", document, "new run"))
        .isEqualTo("# B\n\n" + BEGIN + "\n\nnew run\n\n" + END + "\n\n## After\n\nkept\n");
  }

  @Test
  void oneMarkerAloneOrMarkersOutOfOrderAreRefusedNamingTheFile() {
    String expected =
        "B.md: the generated section needs the line '"
            + BEGIN
            + "' and, after it, the line '"
            + END
            + "'; restore the missing one, or delete both to have the section appended anew.";
    assertThatThrownBy(() -> BenchCli.withLatestRun("B.md", "x\n" + BEGIN + "\nold\n", "new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> BenchCli.withLatestRun("B.md", END + "\nold\n" + BEGIN, "new"))
        .hasMessage(expected);
    assertThatThrownBy(() -> BenchCli.withLatestRun("B.md", "old\n" + END, "new"))
        .hasMessage(expected);
  }

  @Test
  void misspelledOptionsAndMalformedValuesAreRefusedBeforeAnyWork() {
    assertThatThrownBy(() -> BenchCli.checked(BenchCli.options(new String[] {"--thread", "4"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown option --thread.\nUsage: lake bench");
    assertThatThrownBy(
            () -> BenchCli.checked(BenchCli.options(new String[] {"--engines", "spark,duckd"})))
        .hasMessageStartingWith(
            "--engines is 'spark,duckd'; it takes spark, duckdb or spark,duckdb.\nUsage:");
    assertThatThrownBy(() -> BenchCli.checked(BenchCli.options(new String[] {"--records", "1M"})))
        .hasMessageStartingWith(
            "--records is '1M'; it takes one or more record counts of 1 or more, separated by"
                + " commas.\n");
    assertThatThrownBy(() -> BenchCli.checked(BenchCli.options(new String[] {"--runs", "0"})))
        .hasMessageStartingWith("--runs is '0'; it takes a whole number of 1 or more.\n");
  }

  @Test
  void theDocumentedFormsAreAccepted() {
    String[] args = {
      "--records", "1_000_000, 3000000", "--runs", "3", "--engines", "duckdb", "--seed", "-7",
      "--threads", "2", "--file-mb", "32", "--dir", "x", "--spark-heap", "6g",
      "--duckdb-memory", "6GB", "--benchmarks", "none"
    };
    assertThat(BenchCli.checked(BenchCli.options(args)))
        .containsEntry("records", "1_000_000, 3000000")
        .containsEntry("engines", "duckdb")
        .hasSize(10);
  }

  @Test
  void joinedDatasetsAreComparedAcrossEveryRunOfBothEngines() {
    EngineResult ours = run("spark", 10, 2);
    EngineResult reference = run("duckdb", 10, 2);
    assertThat(BenchCli.joins(1_000, List.of(ours, ours), List.of(reference)))
        .isEqualTo(
            "\nJoined datasets, 1,000 records: orders_with_customers 10 rows, 2 unmatched (the same"
                + " in every run of both engines).\n");
    assertThat(BenchCli.joins(1_000, List.of(ours, run("spark", 10, 3)), List.of(reference)))
        .isEqualTo(
            "\nJoined datasets, 1,000 records: DIFFER: the reference's first run built"
                + " orders_with_customers 10 rows, 2 unmatched; the runs built [spark"
                + " {orders_with_customers=JoinCounts[rows=10, unmatched=2]}, spark"
                + " {orders_with_customers=JoinCounts[rows=10, unmatched=3]}, duckdb"
                + " {orders_with_customers=JoinCounts[rows=10, unmatched=2]}].\n");
    assertThat(BenchCli.joins(1_000, List.of(ours), List.of())).isEmpty();
  }

  private static EngineResult run(String engine, long rows, long unmatched) {
    return new EngineResult(
        engine,
        1,
        1,
        1,
        1,
        1,
        1,
        Map.of(),
        Map.of("orders_with_customers", new EngineResult.JoinCounts(rows, unmatched)),
        List.of(),
        List.of());
  }
}
