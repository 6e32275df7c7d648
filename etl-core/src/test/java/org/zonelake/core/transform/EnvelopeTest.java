package org.zonelake.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.testing.Contracts;

class EnvelopeTest {

  private final DatasetContract contract = Contracts.jsonLines();

  private Dataset<Row> enveloped(String... lines) {
    return TransformFixtures.validated(contract, TransformFixtures.lines(contract, lines))
        .transform(Envelope.withRecordHash(contract)::apply)
        .transform(Envelope.withPartitionColumns()::apply)
        .transform(
            Envelope.withRunColumns("t", "run-1", Instant.parse("2026-11-23T00:00:00Z"))::apply);
  }

  @Test
  void sameRecordWrittenDifferentlyHashesTheSame() {
    List<Row> rows =
        enveloped(
                "{\"id\":\"a\",\"amount\":10,\"n\":1,\"ts\":\"2026-11-20T10:00:00Z\"}",
                "{\"ts\":\"2026-11-20T11:00:00+01:00\", \"n\": 1, \"amount\": 10.00, \"id\":"
                    + " \"a\"}",
                "{\"id\":\"a\",\"amount\":10.01,\"n\":1,\"ts\":\"2026-11-20T10:00:00Z\"}",
                "{\"id\":\"a\",\"amount\":10,\"n\":1,\"ts\":\"2026-11-20T10:00:00Z\",\"new\":\"x\"}")
            .collectAsList();

    String hash = rows.get(0).getAs("_record_hash");
    assertThat(hash).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(rows.get(1).<String>getAs("_record_hash")).isEqualTo(hash);
    assertThat(rows.get(2).<String>getAs("_record_hash")).isNotEqualTo(hash);
    // An unknown field is part of the record: it is not silently merged into the first one.
    assertThat(rows.get(3).<String>getAs("_record_hash")).isNotEqualTo(hash);
  }

  /**
   * A record hashes as earlier versions hashed it (the hash below is theirs), so that a record seen
   * again is still a duplicate: an unknown field's number is hashed in Spark's form, through a
   * double, whichever way the record wrote it.
   */
  @Test
  void aRecordHashesAsEarlierVersionsHashedIt() {
    List<Row> rows =
        enveloped(
                "{\"id\":\"a\",\"amount\":10,\"n\":1,\"ts\":\"2026-11-20T10:00:00Z\","
                    + "\"rate\":12345678901234567890.50,\"tags\":[1.50]}",
                "{\"id\":\"a\",\"amount\":10.0,\"n\":1,\"ts\":\"2026-11-20T10:00:00Z\","
                    + "\"rate\":1.2345678901234567E19,\"tags\":[1.5]}")
            .collectAsList();

    assertThat(rows)
        .extracting(r -> r.getJavaMap(r.fieldIndex("_unknown_fields")))
        .containsOnly(java.util.Map.of("rate", "1.2345678901234567E19", "tags", "[1.5]"));
    assertThat(rows)
        .extracting(r -> r.<String>getAs("_record_hash"))
        .containsExactly("2278fa5cddb17447bb7b588a55a49298", "2278fa5cddb17447bb7b588a55a49298");
  }

  @Test
  void partitionColumnsComeFromTheEventTimeInUtc() {
    Row row =
        enveloped("{\"id\":\"a\",\"ts\":\"2026-12-31T23:30:00-02:00\"}").collectAsList().get(0);

    assertThat(
            List.of(
                row.<Integer>getAs("year"), row.<Integer>getAs("month"), row.<Integer>getAs("day")))
        .containsExactly(2027, 1, 1);
    assertThat(row.<String>getAs("_source")).isEqualTo("t");
    assertThat(row.<String>getAs("_run_id")).isEqualTo("run-1");
  }

  @Test
  void splitSendsEachRowToExactlyOneSideAndDedupeKeepsOnePerHash() {
    Dataset<Row> rows =
        enveloped(
            "{\"id\":\"a\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"a\",\"ts\":\"2026-11-20\"}",
            "{\"id\":\"b\",\"ts\":\"2026-11-20\"}",
            "not json",
            "{\"ts\":\"2026-11-20\"}");

    Dataset<Row> valid = rows.transform(Envelope.validRows(contract)::apply);
    Dataset<Row> quarantine = rows.transform(Envelope.quarantineRows()::apply);

    assertThat(valid.count()).isEqualTo(3);
    assertThat(
            quarantine
                .select("_raw_record")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("not json", "{\"ts\":\"2026-11-20\"}");
    assertThat(
            valid
                .transform(Envelope.dropDuplicateRecords(contract)::apply)
                .select("id")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(List.of(valid.columns()))
        .containsExactly(
            "id",
            "amount",
            "n",
            "ts",
            "_source",
            "_event_time",
            "_record_hash",
            "_quality_score",
            "_unknown_fields",
            "_ingested_at",
            "_processed_at",
            "_raw_file",
            "_run_id",
            "year",
            "month",
            "day");
  }
}
