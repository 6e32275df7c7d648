package org.zonelake.core.read;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.transform.RawParsing;

/**
 * Opens the raw files of one source as a stream (Structured Streaming file source), so a checkpoint
 * remembers which files were read and each run reads only new ones. Every file below the source
 * directory is read, whatever its depth; {@code .gz} files are decompressed. The stream yields what
 * {@link RawParsing} expects: {@code value} (or the CSV's string columns and {@code
 * _corrupt_record}), {@code _raw_file} and {@code _ingested_at} (the file's modification time).
 */
public final class RawReader {

  /**
   * How far back a file's modification time may lie and still be read. Spark's default (7 days)
   * would skip a late file copied with an old time stamp; raw files are never dropped here.
   */
  public static final String MAX_FILE_AGE = "36500d";

  private RawReader() {}

  /**
   * Opens the stream of a source's raw files.
   *
   * @param spark the session
   * @param contract the source's contract (format and schema)
   * @param sourceDirectory {@code raw/<source>}
   * @param maxFilesPerBatch how many files one micro-batch reads at most
   */
  public static Dataset<Row> stream(
      SparkSession spark, DatasetContract contract, String sourceDirectory, int maxFilesPerBatch) {
    DataStreamReader reader =
        spark
            .readStream()
            .option("recursiveFileLookup", "true")
            .option("maxFilesPerTrigger", Integer.toString(maxFilesPerBatch))
            .option("maxFileAge", MAX_FILE_AGE);
    Dataset<Row> files;
    RawFormat format = contract.format();
    if (format instanceof RawFormat.Csv csv) {
      files =
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
              .load(sourceDirectory);
    } else {
      files =
          reader
              .format("text")
              .option("wholetext", Boolean.toString(format instanceof RawFormat.JsonArray))
              .load(sourceDirectory);
    }
    return files
        .withColumn(LakeColumns.RAW_FILE, col("_metadata.file_path"))
        .withColumn(LakeColumns.INGESTED_AT, col("_metadata.file_modification_time"));
  }

  /** The schema {@link #stream} yields for a contract, without opening anything. */
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
