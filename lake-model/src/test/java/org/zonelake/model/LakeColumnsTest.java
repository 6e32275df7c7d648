package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The catalogued columns of processed and quarantine tables. */
class LakeColumnsTest {

  @Test
  void processedSensorReadingsHaveTheContractColumnsThenTheEnvelope() {
    ContractDescriptor sensors =
        ContractDirectory.read(ContractDirectoryTest.SHIPPED).contract("sensor_readings");

    assertThat(LakeColumns.processed(sensors))
        .extracting(c -> c.name() + " " + c.glueType() + " | " + c.comment())
        .containsExactly(
            "device_id string | From the sensor_readings contract; required",
            "reading_ts timestamp | From the sensor_readings contract; the event time; required",
            "temperature double | From the sensor_readings contract; required; a measure",
            "humidity double | From the sensor_readings contract; a measure",
            "battery int | From the sensor_readings contract",
            "location struct<lat:double,lon:double> | From the sensor_readings contract",
            "tags array<string> | From the sensor_readings contract",
            "_source string | Source name",
            "_event_time timestamp | Event time in UTC, from the contract's event-time column",
            "_record_hash string | 128-bit hash (32 hex digits) of the canonical record: the"
                + " default de-duplication key",
            "_quality_score double | Share of the row's checks it passes, 0 to 1",
            "_unknown_fields map<string,string> | Fields the contract does not declare (schema"
                + " drift): a string as its text, any other value as its JSON; null when none",
            "_ingested_at timestamp | When the raw file landed",
            "_processed_at timestamp | Start of the run that wrote the row",
            "_raw_file string | The raw file the row came from",
            "_run_id string | The run that wrote the row",
            "year int | Event year (partition)",
            "month int | Event month (partition)",
            "day int | Event day of month (partition)");
  }

  @Test
  void quarantineTablesHaveTheRawRecordAndTheReasons() {
    assertThat(LakeColumns.quarantine())
        .extracting(c -> c.name() + " " + c.glueType())
        .containsExactly(
            "_source string",
            "_raw_record string",
            "_reasons array<string>",
            "_reason_codes array<string>",
            "_quality_score double",
            "_event_time timestamp",
            "_raw_file string",
            "_ingested_at timestamp",
            "_quarantined_at timestamp",
            "_run_id string",
            "_replayed_at timestamp",
            "_replay_run_id string",
            "_replay_outcome string",
            "_replay_processed_version bigint",
            "_replay_reasons array<string>",
            "_replay_reason_codes array<string>");
  }

  @Test
  void unknownColumnIsRefused() {
    assertThatThrownBy(() -> LakeColumns.column("_nope"))
        .hasMessageStartingWith("'_nope' is not a column the lake adds; known: [_source,");
  }
}
