package org.zonelake.core.read;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.zonelake.core.Fingerprint;
import org.zonelake.core.contract.DeclarationErrors;
import org.zonelake.core.contract.DeclarationFiles;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.join.JoinedDataset.ReferenceFormat;
import org.zonelake.core.join.JoinedDataset.ReferenceTable;

/**
 * Reads the reference table of a joined dataset with its declared schema: a CSV or JSON-lines file,
 * a directory of them (on any Hadoop file system), or a file packaged on the class path. Reference
 * tables are small lookup tables; they are read whole, checked (readable, one row per key) and
 * cached.
 */
public final class ReferenceReader {

  private ReferenceReader() {}

  /**
   * Refuses a CSV reference table whose files' header rows do not name the declared schema's
   * columns in order (case aside, as the refresh reads them): the mistake is reported when the
   * declarations are checked, before raw to processed writes anything, rather than when the joined
   * dataset is refreshed. An empty file passes here; the refresh says it holds no row.
   *
   * @param dataset a joined dataset whose right side is a reference table
   * @param files the table's files, qualified
   * @param conf the Hadoop configuration that reaches them
   */
  public static void requireHeader(
      JoinedDataset dataset, List<String> files, org.apache.hadoop.conf.Configuration conf) {
    ReferenceTable table = (ReferenceTable) dataset.right();
    if (table.format() != ReferenceFormat.CSV) {
      return;
    }
    List<String> declared = List.of(table.schema().fieldNames());
    for (String file : files) {
      String header;
      try (java.io.BufferedReader lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  decompressed(file, conf), java.nio.charset.StandardCharsets.UTF_8))) {
        header = lines.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
      if (header == null || header.isBlank()) {
        continue;
      }
      List<String> names = headerNames(header.replaceFirst("^\uFEFF", ""), table.delimiter());
      boolean same = names.size() == declared.size();
      for (int i = 0; same && i < names.size(); i++) {
        same = names.get(i).equalsIgnoreCase(declared.get(i));
      }
      if (!same) {
        throw DeclarationErrors.badReferenceTable(
            dataset.name(),
            table.location(),
            "has the header "
                + String.join(table.delimiter(), names)
                + (file.equals(table.location()) ? "" : " in " + file)
                + ", which does not name the columns of its schema in order ("
                + String.join(table.delimiter(), declared)
                + ")",
            "make the header name the columns of right.reference.schema in "
                + dataset.origin()
                + " in order, or correct the schema",
            null);
      }
    }
  }

  /** The file, decompressed when its name says so ({@code .gz}, ...), as Spark reads it. */
  private static java.io.InputStream decompressed(
      String file, org.apache.hadoop.conf.Configuration conf) throws IOException {
    java.io.InputStream in = org.zonelake.core.fs.StoreFiles.open(file, conf);
    org.apache.hadoop.io.compress.CompressionCodec codec =
        new org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(new Path(file));
    return codec == null ? in : codec.createInputStream(in);
  }

  /** The fields of a CSV header row: split at the delimiter, outside double quotes. */
  static List<String> headerNames(String header, String delimiter) {
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < header.length() && header.charAt(i + 1) == '"') {
          name.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && header.startsWith(delimiter, i)) {
        names.add(name.toString());
        name.setLength(0);
        i += delimiter.length() - 1;
      } else {
        name.append(c);
      }
    }
    names.add(name.toString());
    return names;
  }

  /**
   * The rows of the dataset's reference table, cached; the caller unpersists them.
   *
   * @param spark the session
   * @param dataset a joined dataset whose right side is a reference table
   * @throws org.zonelake.core.errors.LakeException naming the table, the problem and the fix when
   *     it is missing, does not match its schema, or holds a key twice
   */
  public static Dataset<Row> read(SparkSession spark, JoinedDataset dataset) {
    ReferenceTable table = (ReferenceTable) dataset.right();
    if (!table.onClasspath()) {
      requireExists(spark, dataset, table);
    }
    Dataset<Row> rows =
        load(spark, dataset, reader(spark, table).option("mode", "FAILFAST"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Row summary;
    try {
      summary = summary(rows, dataset.rightKeys());
    } catch (Exception e) {
      // Spark's SparkException is checked in Java's eyes but thrown undeclared by Scala.
      rows.unpersist();
      Throwable root = LakeException.rootCause(e);
      String detail =
          (root.getMessage() == null ? root.toString() : root.getMessage())
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty())
              .collect(java.util.stream.Collectors.joining(" "));
      List<String> unconverted = unconverted(spark, dataset);
      throw DeclarationErrors.badReferenceTable(
          dataset.name(),
          table.location(),
          "cannot be read with its declared schema ("
              + detail
              + ")"
              + (unconverted.isEmpty()
                  ? ""
                  : "; records whose values do not convert: " + String.join(", ", unconverted)),
          table.format() == ReferenceFormat.CSV
              ? "make the header name the columns of right.reference.schema in "
                  + dataset.origin()
                  + " in order, and every value convert to its declared type"
              : "make every line a JSON object whose values convert to the types of"
                  + " right.reference.schema in "
                  + dataset.origin(),
          e);
    }
    if (summary.getLong(0) == 0) {
      rows.unpersist();
      throw DeclarationErrors.badReferenceTable(
          dataset.name(),
          table.location(),
          "holds no row"
              + (table.format() == ReferenceFormat.CSV ? " (an empty file, or a header alone)" : "")
              + ", so no row of "
              + dataset.leftSource()
              + " would find its right-side row",
          "put the reference rows in it, or remove the joined dataset " + dataset.origin(),
          null);
    }
    if (summary.getLong(1) == 0) {
      rows.unpersist();
      String keys = String.join(", ", dataset.rightKeys());
      throw DeclarationErrors.badReferenceTable(
          dataset.name(),
          table.location(),
          "holds "
              + summary.getLong(0)
              + " row(s), none with a key: "
              + keys
              + " is null in every row, so no row of "
              + dataset.leftSource()
              + " would find its right-side row",
          table.format() == ReferenceFormat.CSV
              ? "give every row a value for " + keys
              : "name each line's fields as right.reference.schema in "
                  + dataset.origin()
                  + " does (a field named otherwise is read as null), and give every row a value"
                  + " for "
                  + keys,
          null);
    }
    List<Row> duplicates = summary.getList(2);
    if (!duplicates.isEmpty()) {
      rows.unpersist();
      List<String> examples = new ArrayList<>();
      for (Row d : duplicates) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < dataset.rightKeys().size(); i++) {
          key.append(i == 0 ? "" : ", ")
              .append(dataset.rightKeys().get(i))
              .append('=')
              .append(d.get(i));
        }
        examples.add(key + " (" + d.getLong(dataset.rightKeys().size()) + " rows)");
      }
      throw DeclarationErrors.badReferenceTable(
          dataset.name(),
          table.location(),
          "holds more than one row for a key: " + String.join("; ", examples),
          "keep one row per key in the reference table, or join on more columns",
          null);
    }
    return rows;
  }

  /**
   * One row, from one Spark job over {@code rows}: how many rows there are, how many have every key
   * column set, and at most three keys held by more than one row (each a row of the key's values
   * and its count).
   */
  private static Row summary(Dataset<Row> rows, List<String> keyNames) {
    Column[] keys = keyNames.stream().map(k -> col(k)).toArray(Column[]::new);
    Column keyed = keys[0].isNotNull();
    for (Column key : keys) {
      keyed = keyed.and(key.isNotNull());
    }
    Column[] duplicate = java.util.Arrays.copyOf(keys, keys.length + 1);
    duplicate[keys.length] = col("n");
    return rows.groupBy(keys)
        .agg(count(lit(1)).as("n"))
        .agg(
            coalesce(sum("n"), lit(0L)),
            coalesce(sum(when(keyed, col("n"))), lit(0L)),
            slice(collect_list(when(keyed.and(col("n").gt(1)), struct(duplicate))), 1, 3))
        .first();
  }

  /**
   * A 64-bit fingerprint of the reference table's content as stored: of each file's path, size and
   * modification time (file systems), or of the resource's bytes (class path). It changes when a
   * file is added, removed or rewritten.
   */
  public static long fingerprint(SparkSession spark, JoinedDataset dataset) {
    ReferenceTable table = (ReferenceTable) dataset.right();
    if (table.onClasspath()) {
      return Fingerprint.of(classpathText(dataset, table));
    }
    requireExists(spark, dataset, table);
    List<String> files = new ArrayList<>();
    try {
      Path path = new Path(table.location());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(path, true);
      while (listing.hasNext()) {
        LocatedFileStatus file = listing.next();
        files.add(file.getPath() + "|" + file.getLen() + "|" + file.getModificationTime());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list reference table " + table.location(), e);
    }
    files.sort(String::compareTo);
    return Fingerprint.of(String.join("\n", files));
  }

  /** The table's rows as {@code reader} reads them. */
  private static Dataset<Row> load(
      SparkSession spark, JoinedDataset dataset, DataFrameReader reader) {
    ReferenceTable table = (ReferenceTable) dataset.right();
    if (table.onClasspath()) {
      Dataset<String> text =
          spark.createDataset(classpathText(dataset, table).lines().toList(), Encoders.STRING());
      return table.format() == ReferenceFormat.CSV ? reader.csv(text) : reader.json(text);
    }
    return table.format() == ReferenceFormat.CSV
        ? reader.csv(table.location())
        : reader.json(table.location());
  }

  /**
   * The first records of the table (at most three, quoted) whose values do not convert to its
   * schema, read again without failing on them; none when the table fails for another reason.
   */
  private static List<String> unconverted(SparkSession spark, JoinedDataset dataset) {
    ReferenceTable table = (ReferenceTable) dataset.right();
    String corrupt = "_corrupt_record";
    try {
      return load(
              spark,
              dataset,
              reader(spark, table)
                  .schema(
                      table.schema().add(corrupt, org.apache.spark.sql.types.DataTypes.StringType))
                  .option("mode", "PERMISSIVE")
                  .option("columnNameOfCorruptRecord", corrupt))
          // Every column: Spark converts only the columns a query reads, and refuses a query that
          // reads the corrupt-record column alone.
          .select(
              java.util.stream.Stream.concat(
                      java.util.stream.Stream.of(corrupt),
                      java.util.Arrays.stream(table.schema().fieldNames()))
                  .map(c -> col("`" + c + "`"))
                  .toArray(Column[]::new))
          .where(col(corrupt).isNotNull())
          .limit(3)
          .collectAsList()
          .stream()
          .map(r -> "'" + r.getString(0).strip() + "'")
          .toList();
    } catch (Exception e) {
      // The first failure is the one reported; this second look only adds examples.
      return List.of();
    }
  }

  private static DataFrameReader reader(SparkSession spark, ReferenceTable table) {
    return table.format() == ReferenceFormat.CSV ? csv(spark, table) : json(spark, table);
  }

  private static DataFrameReader csv(SparkSession spark, ReferenceTable table) {
    return spark
        .read()
        .schema(table.schema())
        .option("header", "true")
        // Check the header against the schema instead of trusting column positions.
        .option("enforceSchema", "false")
        .option("sep", table.delimiter())
        .option("quote", "\"")
        .option("escape", "\"")
        .option("multiLine", String.valueOf(!table.onClasspath()));
  }

  private static DataFrameReader json(SparkSession spark, ReferenceTable table) {
    return spark.read().schema(table.schema());
  }

  private static void requireExists(
      SparkSession spark, JoinedDataset dataset, ReferenceTable table) {
    try {
      Path path = new Path(table.location());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw DeclarationErrors.badReferenceTable(
            dataset.name(),
            table.location(),
            "does not exist",
            "put the file there, or correct right.reference.path in " + dataset.origin(),
            null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach reference table " + table.location(), e);
    }
  }

  /**
   * The text of a reference table packaged with the jar, read through this class's own loader, as
   * the declarations that name it are: the shaded job jar holds the library, the declarations and
   * their reference tables, so the loader that loaded this class sees them under the local runner,
   * spark-submit and Glue alike. A thread's context loader is whatever the thread was last given,
   * which need not be the jar's.
   */
  private static String classpathText(JoinedDataset dataset, ReferenceTable table) {
    String resource = table.location().substring(ReferenceTable.CLASSPATH.length());
    return DeclarationFiles.resource(ReferenceReader.class.getClassLoader(), resource)
        .orElseThrow(
            () ->
                DeclarationErrors.badReferenceTable(
                    dataset.name(),
                    table.location(),
                    "is not packaged with the jar",
                    "rebuild the jar with the file, or correct right.reference.path in "
                        + dataset.origin(),
                    null));
  }
}
