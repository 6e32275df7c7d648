package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.zonelake.model.SourceFormat;

/** Every raw format a contract may declare has its way into the ingest API. */
class IngestFormatTest {

  @Test
  void everyContractFormatHasAnIngestFormatOfTheSameName() {
    for (SourceFormat format : SourceFormat.values()) {
      assertThat(IngestFormat.of(format).sourceFormat()).isEqualTo(format);
      assertThat(IngestFormat.of(format).name()).isEqualTo(format.name());
    }
    assertThat(
            Arrays.stream(IngestFormat.values()).map(f -> f.contentType() + " ." + f.extension()))
        .containsExactly(
            "application/json .json", "application/json .json", "text/csv .csv", "text/plain .log");
    assertThat(Arrays.stream(IngestFormat.values()).map(IngestFormat::validated))
        .containsExactly(true, true, false, false);
  }

  @Test
  void shippedSourcesUseEachFormat() {
    assertThat(
            LakeSettings.defaults().contracts().contracts().stream()
                .map(c -> c.source() + " " + IngestFormat.of(c.format())))
        .containsExactly(
            "customers CSV", "orders JSON_LINES", "sensor_readings JSON_ARRAY", "web_logs TEXT");
  }
}
