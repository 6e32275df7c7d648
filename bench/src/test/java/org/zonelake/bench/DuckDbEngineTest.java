package org.zonelake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.testdata.ExpectedCounts;
import org.zonelake.testdata.GeneratorSettings;
import org.zonelake.testdata.LakeGenerator;
import org.zonelake.testdata.Manifest;

/** The DuckDB reference does the lake's work: its counts equal the generator's manifest. */
class DuckDbEngineTest {

  @TempDir Path temp;

  @Test
  void referenceReportsTheManifestsCounts() throws Exception {
    Manifest manifest =
        new LakeGenerator(
                GeneratorSettings.builder()
                    .records(3_000)
                    .seed(11)
                    .recordsPerFile(400)
                    .malformedFraction(0.04)
                    .invalidFraction(0.08)
                    .duplicateFraction(0.08)
                    .days(3)
                    .build())
            .generate(temp.resolve("raw"));

    EngineResult result = DuckDbEngine.run(temp.resolve("raw"), temp.resolve("out"), 2, "1GB");

    assertThat(result.sources().keySet())
        .containsExactlyInAnyOrderElementsOf(manifest.sources().keySet());
    for (Map.Entry<String, ExpectedCounts> e : manifest.sources().entrySet()) {
      ExpectedCounts x = e.getValue();
      assertThat(result.sources().get(e.getKey()))
          .as(e.getKey())
          .isEqualTo(
              new EngineResult.SourceCounts(
                  x.linesRead(), x.written(), x.duplicates(), x.quarantined()));
    }
  }
}
