package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.testdata.ExpectedCounts;
import org.zonelake.testdata.GeneratorSettings;
import org.zonelake.testdata.LakeGenerator;
import org.zonelake.testdata.Manifest;

/** Raw to processed on a generated raw zone reports exactly the generator's manifest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedLakeTest {

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Manifest manifest;
  private List<SourceOutcome> outcomes;
  private Path lake;

  @BeforeAll
  void generateAndRun() {
    GeneratorSettings settings =
        GeneratorSettings.builder()
            .records(2_000)
            .seed(7)
            .recordsPerFile(180)
            .malformedFraction(0.04)
            .invalidFraction(0.08)
            .duplicateFraction(0.08)
            .days(3)
            .build();
    Path raw = temp.resolve("raw");
    manifest = new LakeGenerator(settings).generate(raw);
    lake = temp.resolve("lake");
    outcomes =
        SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "generated-1"));
  }

  @Test
  void everySourceReportsTheManifestsCounts() {
    assertThat(outcomes)
        .extracting(SourceOutcome::source)
        .containsExactlyInAnyOrderElementsOf(manifest.sources().keySet());
    for (SourceOutcome outcome : outcomes) {
      ExpectedCounts expected = manifest.sources().get(outcome.source());
      BatchCounts counts = outcome.counts();
      String source = outcome.source();

      assertThat(outcome.status()).as(source).isEqualTo(SourceOutcome.Status.SUCCEEDED);
      assertThat(counts.files()).as(source + " files").isEqualTo(expected.files());
      assertThat(counts.linesRead()).as(source + " lines").isEqualTo(expected.linesRead());
      assertThat(counts.written()).as(source + " written").isEqualTo(expected.written());
      assertThat(counts.duplicates()).as(source + " duplicates").isEqualTo(expected.duplicates());
      assertThat(counts.quarantined())
          .as(source + " quarantined")
          .isEqualTo(expected.quarantined());
      assertThat(counts.quarantinedByReason())
          .as(source + " reasons")
          .isEqualTo(expected.quarantinedByReason());
    }
  }

  @Test
  void theProcessedTablesHoldTheWrittenRecords() {
    for (Map.Entry<String, ExpectedCounts> e : manifest.sources().entrySet()) {
      String table = lake.resolve("processed").resolve(e.getKey()).toString();
      assertThat(spark.read().format("delta").load(table).count())
          .as(e.getKey())
          .isEqualTo(e.getValue().written());
      String quarantine = lake.resolve("quarantine").resolve(e.getKey()).toString();
      assertThat(spark.read().format("delta").load(quarantine).count())
          .as(e.getKey())
          .isEqualTo(e.getValue().quarantined());
    }
  }
}
