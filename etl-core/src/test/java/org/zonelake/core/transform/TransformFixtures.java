package org.zonelake.core.transform;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.testing.TestSpark;

/** Builds reader-shaped rows from inline lines. */
final class TransformFixtures {

  static final Timestamp LANDED = Timestamp.valueOf("2026-11-22 00:00:00");

  private TransformFixtures() {}

  /** Rows as a text-based reader yields them: one {@code value} per line, from file {@code f}. */
  static Dataset<Row> lines(DatasetContract contract, String... lines) {
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(RowFactory.create(line, "file:/raw/t/f", LANDED));
    }
    return TestSpark.session().createDataFrame(rows, RawReader.schema(contract));
  }

  /** {@code read} parsed and validated against {@code contract}, as the job's first two steps. */
  static Dataset<Row> validated(DatasetContract contract, Dataset<Row> read) {
    return read.transform(RawParsing.forContract(contract)::apply)
        .transform(RecordValidation.forContract(contract)::apply);
  }

  /**
   * Rows as a text-based reader yields them from lines of any bytes, invalid UTF-8 included (a
   * reader keeps a line's bytes as they are), from file {@code f}.
   */
  static Dataset<Row> byteLines(DatasetContract contract, byte[]... lines) {
    List<Row> rows = new ArrayList<>();
    for (byte[] line : lines) {
      rows.add(RowFactory.create(line, "file:/raw/t/f", LANDED));
    }
    StructType text = RawReader.schema(contract);
    StructType bytes =
        new StructType()
            .add(RawParsing.VALUE, DataTypes.BinaryType)
            .add(text.fields()[1])
            .add(text.fields()[2]);
    return TestSpark.session()
        .createDataFrame(rows, bytes)
        .withColumn(RawParsing.VALUE, functions.col(RawParsing.VALUE).cast("string"));
  }
}
