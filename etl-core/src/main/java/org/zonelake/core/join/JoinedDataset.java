package org.zonelake.core.join;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.Fingerprint;

/**
 * A pre-joined curated dataset declared in configuration: every processed row of the left source,
 * with columns taken from the right side (another source's processed table, or a reference table)
 * where the join keys match. Unmatched left rows are kept (a left join) and flagged. Built and
 * validated by {@link JoinedDatasetParser}.
 *
 * @param name the curated table's name: {@code curated/<name>/}
 * @param description free text for people
 * @param leftSource the source whose processed rows make the rows of the dataset
 * @param leftColumns the left columns kept, in order (the contract's columns and some envelope
 *     columns); {@code year, month, day} follow the right columns
 * @param right where the right columns come from
 * @param keys the join keys, compared with SQL equality (a null key never matches)
 * @param columns the right columns taken and the names they get
 * @param origin where the declaration was read from (for messages)
 */
public record JoinedDataset(
    String name,
    String description,
    String leftSource,
    List<String> leftColumns,
    RightSide right,
    List<JoinKey> keys,
    List<RightColumn> columns,
    String origin) {

  /** The boolean column telling whether a row found its right-side row. */
  public static final String MATCHED = "_matched";

  /**
   * Copies the lists and checks nothing is null; {@link JoinedDatasetParser} checks the meaning.
   */
  public JoinedDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(leftSource, "leftSource");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(origin, "origin");
    leftColumns = List.copyOf(leftColumns);
    keys = List.copyOf(keys);
    columns = List.copyOf(columns);
  }

  /** The right side of a join. */
  public sealed interface RightSide permits ProcessedSource, ReferenceTable {}

  /**
   * The processed table of another source. When it holds several rows for one key, the most recent
   * one is used (greatest event time, then latest processed time).
   *
   * @param source the source
   */
  public record ProcessedSource(String source) implements RightSide {

    /** Checks the source is given. */
    public ProcessedSource {
      Objects.requireNonNull(source, "source");
    }
  }

  /** The file format of a reference table. */
  public enum ReferenceFormat {
    /** CSV with a header row naming the schema's columns in order. */
    CSV,
    /** JSON lines: one object per line. */
    JSON
  }

  /**
   * A reference table: a file, or a directory of files, read with an explicit schema. Each key may
   * appear in one row only.
   *
   * @param location an absolute Hadoop path or URI ({@code /data/devices.csv}, {@code
   *     s3://bucket/ref/devices/}), or {@code classpath:<resource>} for one packaged with the jar
   * @param format the file format
   * @param delimiter the CSV field delimiter (one character; unused for JSON)
   * @param schemaDdl the schema as written (Spark DDL)
   * @param schema the parsed schema
   */
  public record ReferenceTable(
      String location,
      ReferenceFormat format,
      String delimiter,
      String schemaDdl,
      StructType schema)
      implements RightSide {

    /** The prefix of a location on the class path. */
    public static final String CLASSPATH = "classpath:";

    /** Checks nothing is null. */
    public ReferenceTable {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(delimiter, "delimiter");
      Objects.requireNonNull(schemaDdl, "schemaDdl");
      Objects.requireNonNull(schema, "schema");
    }

    /** True when the table is a resource packaged with the jar rather than a file system path. */
    public boolean onClasspath() {
      return location.startsWith(CLASSPATH);
    }
  }

  /**
   * One pair of columns compared by the join.
   *
   * @param left the left source's column
   * @param right the right side's column
   */
  public record JoinKey(String left, String right) {

    /** Checks both names are given. */
    public JoinKey {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * A right column taken into the dataset.
   *
   * @param column the right side's column
   * @param as its name in the dataset (the column name, renamed or prefixed)
   */
  public record RightColumn(String column, String as) {

    /** Checks both names are given. */
    public RightColumn {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(as, "as");
    }
  }

  /** The right side's key columns, in the order of {@link #keys()}. */
  public List<String> rightKeys() {
    return keys.stream().map(JoinKey::right).toList();
  }

  /**
   * A 64-bit fingerprint of what the dataset computes (sources, the reference table's format and
   * schema, keys, columns): it changes when the declaration changes in a way that changes rows or
   * schema, and not when only the description changes, nor when the declaration or its reference
   * table is read from another place (a copy of the contracts): where a reference table is read
   * from is part of the table's own fingerprint ({@code ReferenceReader.fingerprint}).
   */
  public long fingerprint() {
    String rightText;
    if (right instanceof ReferenceTable r) {
      rightText = "reference:" + r.format() + "|" + r.delimiter() + "|" + r.schema().toDDL();
    } else {
      rightText = "processed:" + ((ProcessedSource) right).source();
    }
    String canonical =
        String.join(
            "\n",
            name,
            leftSource,
            String.join(",", leftColumns),
            rightText,
            keys.stream().map(k -> k.left() + "=" + k.right()).collect(Collectors.joining(",")),
            columns.stream().map(c -> c.column() + ">" + c.as()).collect(Collectors.joining(",")));
    return Fingerprint.of(canonical);
  }
}
