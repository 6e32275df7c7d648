package org.zonelake.core.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDatasetParser;
import org.zonelake.core.testing.Contracts;
import org.zonelake.core.testing.TestRows;
import org.zonelake.core.testing.TestSpark;

class ReferenceReaderTest {

  private static final DatasetContract READINGS =
      Contracts.jsonLines("readings", "device_id STRING, ts TIMESTAMP", "ts");

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  private JoinedDataset devices(String file, String format) {
    return devices(file, format, "device_id STRING, model STRING");
  }

  private JoinedDataset devices(String file, String format, String schema) {
    return JoinedDatasetParser.parse(
        dir.resolve("joins/with_devices.json").toString(),
        """
        {"name": "with_devices", "left": {"source": "readings"},
         "right": {"reference": {"path": "../%s", "format": "%s",
                                 "schema": "%s"},
                   "columns": ["model"]},
         "keys": ["device_id"]}
        """
            .formatted(file, format, schema),
        Map.of("readings", READINGS));
  }

  private static java.util.List<String> lines(Dataset<Row> rows) {
    return TestRows.strings(rows.orderBy("device_id"), "concat_ws(' ', device_id, model)");
  }

  @Test
  void readsCsvAndJsonWithTheDeclaredSchema() throws IOException {
    Files.writeString(dir.resolve("devices.csv"), "device_id,model\nd-1,\"TH, 200\"\nd-2,TH-300\n");
    Files.writeString(
        dir.resolve("devices.json"),
        "{\"device_id\": \"d-1\", \"model\": \"A\"}\n{\"device_id\": \"d-2\", \"model\": \"B\"}\n");

    Dataset<Row> csv = ReferenceReader.read(spark, devices("devices.csv", "csv"));
    Dataset<Row> json = ReferenceReader.read(spark, devices("devices.json", "json"));

    assertThat(lines(csv)).containsExactly("d-1 TH, 200", "d-2 TH-300");
    assertThat(lines(json)).containsExactly("d-1 A", "d-2 B");
    csv.unpersist();
    json.unpersist();
  }

  @Test
  void anEmptyTableOrAHeaderAloneIsRefused() throws IOException {
    Files.writeString(dir.resolve("empty.csv"), "");
    Files.writeString(dir.resolve("header-only.csv"), "device_id,model\n");

    for (String file : java.util.List.of("empty.csv", "header-only.csv")) {
      assertThatThrownBy(() -> ReferenceReader.read(spark, devices(file, "csv")))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "Reference table "
                  + dir.resolve(file)
                  + " of joined dataset 'with_devices' holds no row (an empty file, or a header"
                  + " alone), so no row of readings would find its right-side row. Fix: put the"
                  + " reference rows in it, or remove the joined dataset "
                  + dir.resolve("joins/with_devices.json")
                  + ".");
    }
  }

  @Test
  void aTableWithoutAKeyInAnyRowIsRefused() throws IOException {
    // The lines name the key deviceId where the schema says device_id: it reads as null.
    Files.writeString(
        dir.resolve("renamed.json"),
        "{\"deviceId\": \"d-1\", \"model\": \"A\"}\n{\"deviceId\": \"d-2\", \"model\": \"B\"}\n");
    Files.writeString(dir.resolve("blank.csv"), "device_id,model\n,A\n,B\n,C\n");

    assertThatThrownBy(() -> ReferenceReader.read(spark, devices("renamed.json", "json")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Reference table "
                + dir.resolve("renamed.json")
                + " of joined dataset 'with_devices' holds 2 row(s), none with a key: device_id is"
                + " null in every row, so no row of readings would find its right-side row. Fix:"
                + " name each line's fields as right.reference.schema in "
                + dir.resolve("joins/with_devices.json")
                + " does (a field named otherwise is read as null), and give every row a value for"
                + " device_id.");
    assertThatThrownBy(() -> ReferenceReader.read(spark, devices("blank.csv", "csv")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Reference table "
                + dir.resolve("blank.csv")
                + " of joined dataset 'with_devices' holds 3 row(s), none with a key: device_id is"
                + " null in every row, so no row of readings would find its right-side row. Fix:"
                + " give every row a value for device_id.");
  }

  @Test
  void aKeyOnTwoRowsAWrongHeaderOrAMissingFileNameTheTableAndTheFix() throws IOException {
    Files.writeString(
        dir.resolve("twice.csv"),
        "device_id,model\nd-1,A\nd-1,B\nd-2,C\n,D\n,E\nd-3,F\nd-3,G\nd-3,H\n");
    Files.writeString(dir.resolve("header.csv"), "id,model\nd-1,A\n");

    assertThatThrownBy(() -> ReferenceReader.read(spark, devices("twice.csv", "csv")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Reference table "
                + dir.resolve("twice.csv")
                + " of joined dataset 'with_devices' holds more than one row for a key:"
                + " device_id=d-1 (2 rows); device_id=d-3 (3 rows). Fix: keep one row per key in"
                + " the reference table, or join on more columns.");
    assertThatThrownBy(() -> ReferenceReader.read(spark, devices("header.csv", "csv")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Reference table "
                + dir.resolve("header.csv")
                + " of joined dataset 'with_devices' cannot be read with its declared schema (CSV"
                + " header does not conform to the schema. Header: id, model Schema: device_id,"
                + " model Expected: device_id but found: id CSV file: ")
        .hasMessageEndingWith(
            "Fix: make the header name the columns of right.reference.schema in "
                + dir.resolve("joins/with_devices.json")
                + " in order, and every value convert to its declared type.");
    assertThatThrownBy(() -> ReferenceReader.read(spark, devices("none.csv", "csv")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Reference table "
                + dir.resolve("none.csv")
                + " of joined dataset 'with_devices' does not exist. Fix: put the file there, or"
                + " correct right.reference.path in "
                + dir.resolve("joins/with_devices.json")
                + ".");
  }

  @Test
  void aValueThatDoesNotConvertIsShownWithItsRecord() throws IOException {
    Files.writeString(
        dir.resolve("typed.csv"), "device_id,model,floors\nd-1,A,2\nd-2,B,two\nd-3,C,3\n");

    assertThatThrownBy(
            () ->
                ReferenceReader.read(
                    spark,
                    devices("typed.csv", "csv", "device_id STRING, model STRING, floors INT")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Reference table "
                + dir.resolve("typed.csv")
                + " of joined dataset 'with_devices' cannot be read with its declared schema (For"
                + " input string: \"two\"); records whose values do not convert: 'd-2,B,two'.");
  }

  @Test
  void fingerprintChangesWhenTheFileIsRewritten() throws IOException {
    Path file = dir.resolve("devices.csv");
    Files.writeString(file, "device_id,model\nd-1,A\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L));
    JoinedDataset dataset = devices("devices.csv", "csv");
    long before = ReferenceReader.fingerprint(spark, dataset);

    assertThat(ReferenceReader.fingerprint(spark, dataset)).isEqualTo(before);
    Files.writeString(file, "device_id,model\nd-1,B\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000L));
    assertThat(ReferenceReader.fingerprint(spark, dataset)).isNotEqualTo(before);
  }
}
