package org.zonelake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.testdata.ExpectedCounts;
import org.zonelake.testdata.GeneratorSettings;
import org.zonelake.testdata.LakeGenerator;
import org.zonelake.testdata.Manifest;

/**
 * The DuckDB reference does the lake's work: its counts equal the generator's manifest, and its
 * joined datasets hold every written row of their left source once.
 */
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
    assertThat(result.curatedStages())
        .extracting(EngineResult.StageTime::job)
        .containsExactly(
            "curated: aggregate customers",
            "curated: aggregate orders",
            "curated: aggregate sensor_readings",
            "curated: aggregate web_logs",
            "curated: orders_with_customers",
            "curated: sensor_readings_with_devices");
    Path curated = temp.resolve("out").resolve("curated");
    assertThat(result.joins())
        .containsOnlyKeys("orders_with_customers", "sensor_readings_with_devices");
    for (String[] join :
        new String[][] {
          {"orders_with_customers", "orders"}, {"sensor_readings_with_devices", "sensor_readings"}
        }) {
      long written = manifest.sources().get(join[1]).written();
      assertThat(
              query(
                  "SELECT count(*) FROM read_parquet('"
                      + curated.resolve(join[0])
                      + "/**/*.parquet')"))
          .as(join[0] + " rows")
          .isEqualTo(written);
      assertThat(
              query(
                  "SELECT sum(records), sum(matched) + sum(unmatched) FROM read_parquet('"
                      + curated.resolve("join_statistics").resolve(join[0] + ".parquet")
                      + "')"))
          .as(join[0] + " join_statistics")
          .isEqualTo(written);
      long unmatched =
          query(
              "SELECT sum(unmatched) FROM read_parquet('"
                  + curated.resolve("join_statistics").resolve(join[0] + ".parquet")
                  + "')");
      assertThat(result.joins().get(join[0]))
          .as(join[0] + " as reported")
          .isEqualTo(new EngineResult.JoinCounts(written, unmatched));
    }
  }

  /** The first value of a query's first row; when it has two, they must be equal. */
  private static long query(String sql) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet r = statement.executeQuery(sql)) {
      r.next();
      long first = r.getLong(1);
      if (r.getMetaData().getColumnCount() > 1) {
        assertThat(r.getLong(2)).isEqualTo(first);
      }
      return first;
    }
  }
}
