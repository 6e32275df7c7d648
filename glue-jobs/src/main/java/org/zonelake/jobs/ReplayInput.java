package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.spark.DeltaRewrite;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.RawParsing;
import org.zonelake.model.LakeColumns;

/**
 * Quarantine rows back into the rows the source's raw reader yields ({@link RawReader#schema}), so
 * that replaying them runs exactly the parsing, checks, rules and hash of raw to processed:
 *
 * <ul>
 *   <li>JSON lines and text: the line is the reader's {@code value};
 *   <li>JSON arrays: the element, as a one-element array (the reader's whole-file {@code value}); a
 *       file that did not parse stays unparseable;
 *   <li>CSV: the record (re-quoted when it parsed, verbatim when it did not) split again by the
 *       contract's delimiter, quote and escape, into the reader's string columns and {@code
 *       _corrupt_record}.
 * </ul>
 *
 * <p>The parsing keeps only the columns it knows, so the row's position in the quarantine table
 * travels inside {@code _raw_file} (after a separator no path holds) and is taken out again by
 * {@link #restorePositions}.
 */
final class ReplayInput {

  /** Separates the raw file from the quarantine row's position while the row is re-parsed. */
  private static final String SEPARATOR = "\u0000";

  private ReplayInput() {}

  /**
   * Reader rows for quarantine rows that have {@link DeltaRewrite#FILE} and {@link
   * DeltaRewrite#ROW}.
   */
  static Dataset<Row> readerRows(DatasetContract contract, Dataset<Row> quarantine) {
    Column record = col(LakeColumns.RAW_RECORD);
    Column file =
        concat_ws(
            SEPARATOR,
            col(LakeColumns.RAW_FILE),
            col(DeltaRewrite.FILE),
            col(DeltaRewrite.ROW).cast("string"));
    StructType schema = RawReader.schema(contract);
    List<Column> columns = new ArrayList<>();
    RawFormat format = contract.format();
    if (format instanceof RawFormat.Csv csv) {
      StructType fields = new StructType();
      for (StructField field : schema.fields()) {
        if (!field.name().equals(LakeColumns.RAW_FILE)
            && !field.name().equals(LakeColumns.INGESTED_AT)) {
          fields = fields.add(field);
        }
      }
      Column parsed =
          from_csv(
              record,
              lit(fields.toDDL()),
              Map.of(
                  "sep", csv.delimiter(),
                  "quote", csv.quote(),
                  "escape", csv.escape(),
                  "mode", "PERMISSIVE",
                  "columnNameOfCorruptRecord", RawParsing.CORRUPT_RECORD));
      for (StructField field : fields.fields()) {
        columns.add(parsed.getField(field.name()).as(field.name()));
      }
    } else if (format instanceof RawFormat.JsonArray) {
      columns.add(concat(lit("["), record, lit("]")).as(RawParsing.VALUE));
    } else {
      columns.add(record.as(RawParsing.VALUE));
    }
    columns.add(file.as(LakeColumns.RAW_FILE));
    columns.add(col(LakeColumns.INGESTED_AT));
    return quarantine.select(columns.toArray(Column[]::new));
  }

  /** Takes the quarantine position back out of {@code _raw_file} of classified rows. */
  static Dataset<Row> restorePositions(Dataset<Row> classified) {
    Column parts = split(col(LakeColumns.RAW_FILE), SEPARATOR, -1);
    return AddedColumns.of(DeltaRewrite.FILE, element_at(parts, -2))
        .and(DeltaRewrite.ROW, element_at(parts, -1).cast("long"))
        .and(LakeColumns.RAW_FILE, element_at(parts, 1))
        .to(classified);
  }
}
