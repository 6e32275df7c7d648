package org.zonelake.core.read;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.RawParsing;
import org.zonelake.model.LakeColumns;

/**
 * Reads a batch of raw files of one source: exactly the files given (a run's manifest), whatever
 * their directory; {@code .gz} files are decompressed. The rows are what {@link RawParsing}
 * expects: {@code value} (or the CSV's string columns and {@code _corrupt_record}), {@code
 * _raw_file} and {@code _ingested_at} (the file's modification time).
 */
public final class RawReader {

  private RawReader() {}

  /**
   * Reads the raw files of a source.
   *
   * @param spark the session
   * @param contract the source's contract (format and schema)
   * @param files the files to read, as paths or URIs
   */
  public static Dataset<Row> read(
      SparkSession spark, DatasetContract contract, List<String> files) {
    if (files.isEmpty()) {
      // Every file of the batch is in file quarantine: the batch reads no record.
      return spark.createDataFrame(List.of(), schema(contract));
    }
    // No partition columns from year=/month=/day= directories: the event time decides the day.
    DataFrameReader reader = spark.read().option("recursiveFileLookup", "true");
    String[] paths = files.toArray(String[]::new);
    Dataset<Row> rows;
    RawFormat format = contract.format();
    if (format instanceof RawFormat.Csv csv) {
      rows =
          reader
              .format("csv")
              .schema(csvSchema(contract))
              .option("header", "true")
              .option("enforceSchema", "false")
              .option("multiLine", Boolean.toString(csv.multiLine()))
              .option("sep", csv.delimiter())
              .option("quote", csv.quote())
              .option("escape", csv.escape())
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", RawParsing.CORRUPT_RECORD)
              .load(paths);
    } else {
      rows =
          reader
              .format("text")
              .option("wholetext", Boolean.toString(format instanceof RawFormat.JsonArray))
              .load(paths);
    }
    return AddedColumns.of(LakeColumns.RAW_FILE, col("_metadata.file_path"))
        .and(LakeColumns.INGESTED_AT, col("_metadata.file_modification_time"))
        .to(rows);
  }

  /** The schema {@link #read} yields for a contract, without opening anything. */
  public static StructType schema(DatasetContract contract) {
    StructType schema =
        contract.format() instanceof RawFormat.Csv
            ? csvSchema(contract)
            : new StructType().add(RawParsing.VALUE, DataTypes.StringType);
    return schema
        .add(LakeColumns.RAW_FILE, DataTypes.StringType)
        .add(LakeColumns.INGESTED_AT, DataTypes.TimestampType);
  }

  private static StructType csvSchema(DatasetContract contract) {
    StructType schema = new StructType();
    for (String column : contract.columnNames()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    return schema.add(RawParsing.CORRUPT_RECORD, DataTypes.StringType);
  }
}
