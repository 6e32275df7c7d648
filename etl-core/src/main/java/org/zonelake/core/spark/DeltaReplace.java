package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.constraints.Constraint;
import org.apache.spark.sql.delta.constraints.Constraints;
import org.apache.spark.sql.delta.schema.InvariantViolationException;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Replaces the rows of a small Delta table that match a predicate, in one atomic commit, as Delta's
 * {@code replaceWhere} does, with the files chosen from the table's log on the driver.
 *
 * <p>Delta's own {@code replaceWhere} on a predicate over data columns runs a {@code DELETE} that
 * first rebuilds the table's state by a Spark query (for a count of its files) and then runs a
 * query to find the files holding matching rows. For a small table ({@link DeltaReads#files}) this
 * replace instead reads the files from the log replayed on the driver and classifies each by its
 * partition values: the predicate is evaluated with the file's partition values and every data
 * column unknown (null), in SQL's three-valued logic. True means every row of the file matches (the
 * file is removed), false that none does (the file stays), unknown that some may (the file is
 * rewritten without its matching rows). That is exact for predicates of comparisons joined by
 * {@code AND}, {@code OR} and {@code NOT} — a comparison with an unknown side is unknown — and the
 * replace takes no other predicate ({@link #replace} returns empty and the caller uses Delta's).
 *
 * <p>The commit is Delta's {@code WRITE} with the predicate, its metrics those Delta records for
 * {@code replaceWhere} ({@code numOutputRows} counts the new and the copied rows, from the written
 * files' statistics: a session that switched Delta's statistics off is refused before anything is
 * committed, as a table's creation with rows is). New rows must match the predicate (Delta's
 * constraint check, as {@code replaceWhere} applies it). The whole table counts as read: a commit
 * by another writer between this one's start and its commit makes it fail with Delta's conflict
 * error, and nothing of it is committed.
 */
public final class DeltaReplace {

  private DeltaReplace() {}

  /**
   * Replaces the rows of the Delta table at {@code path} that match {@code predicate} with {@code
   * rows} in one commit with {@code userMetadata}.
   *
   * @return the rows the commit wrote (new and copied), or empty when nothing was done because the
   *     table is not small, {@code rows} do not have the table's columns and types in its order, or
   *     the predicate is not made of comparisons, {@code AND}, {@code OR} and {@code NOT}
   */
  public static OptionalLong replace(
      SparkSession spark, String path, Dataset<Row> rows, String predicate, String userMetadata) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    OptimisticTransaction transaction = log.startTransaction();
    Snapshot snapshot = transaction.snapshot();
    Metadata metadata = transaction.metadata();
    Column condition = functions.expr(predicate);
    Expression parsed = condition.expr();
    if (snapshot.version() < 0
        || !sameColumns(rows.schema(), metadata.schema())
        || !threeValued(parsed)) {
      return OptionalLong.empty();
    }
    Optional<List<AddFile>> files = DeltaReads.files(log, snapshot);
    if (files.isEmpty()) {
      return OptionalLong.empty();
    }
    transaction.readWholeTable();
    Map<Map<String, String>, Boolean> partitions =
        classify(spark, metadata, condition, files.get());
    List<AddFile> removed = new ArrayList<>();
    List<AddFile> rewritten = new ArrayList<>();
    for (AddFile file : files.get()) {
      Boolean matches = partitions.get(partitionValues(file));
      if (matches == null) {
        rewritten.add(file);
      } else if (matches) {
        removed.add(file);
      }
    }
    List<FileAction> copied = new ArrayList<>();
    if (!rewritten.isEmpty()) {
      Dataset<Row> kept =
          log.createDataFrame(
                  snapshot,
                  JavaConverters.asScalaBuffer(rewritten).toSeq(),
                  false,
                  Option.apply("batch"))
              .where(not(coalesce(condition, lit(false))));
      copied.addAll(JavaConverters.seqAsJavaList(transaction.writeFiles(kept)));
    }
    List<FileAction> added;
    try {
      added =
          JavaConverters.seqAsJavaList(
              transaction.writeFiles(
                  rows,
                  JavaConverters.asScalaBuffer(
                          List.<Constraint>of(
                              new Constraints.Check("EXPRESSION(" + parsed.sql() + ")", parsed)))
                      .toSeq()));
    } catch (InvariantViolationException e) {
      throw new IllegalArgumentException(
          "Cannot replace the rows of "
              + path
              + " where "
              + predicate
              + ": a new row does not match that predicate ("
              + e.getMessage()
              + "). Replace only rows the predicate selects.",
          e);
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>(added);
    actions.addAll(copied);
    List<AddFile> gone = new ArrayList<>(removed);
    gone.addAll(rewritten);
    gone.forEach(file -> actions.add(file.removeWithTimestamp(now, true)));
    long newRows = DeltaCommit.records(transaction, added);
    long copiedRows = DeltaCommit.records(transaction, copied);
    transaction.registerSQLMetrics(spark, metrics(added, copied, gone, newRows, copiedRows));
    transaction.commit(
        JavaConverters.asScalaBuffer(actions).toSeq(),
        new DeltaOperations.Write(
            SaveMode.Overwrite,
            Option.empty(),
            Option.apply(predicate),
            Option.apply(userMetadata)));
    return OptionalLong.of(newRows + copiedRows);
  }

  /** The same column names and types, in the same order (nullability aside). */
  private static boolean sameColumns(StructType rows, StructType table) {
    StructField[] given = rows.fields();
    StructField[] expected = table.fields();
    if (given.length != expected.length) {
      return false;
    }
    for (int i = 0; i < given.length; i++) {
      if (!given[i].name().equals(expected[i].name())
          || !given[i].dataType().equals(expected[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the predicate is made only of columns, literals, comparisons (not the null-safe
   * {@code <=>}), {@code IN}, {@code AND}, {@code OR} and {@code NOT}: an expression that is
   * unknown whenever a column it needs is, so that its value with unknown data columns is exact.
   */
  private static boolean threeValued(Expression expression) {
    boolean allowed =
        expression instanceof And
            || expression instanceof Or
            || expression instanceof Not
            || expression instanceof In
            || (expression instanceof BinaryComparison && !(expression instanceof EqualNullSafe))
            || expression instanceof Literal
            || expression instanceof UnresolvedAttribute;
    return allowed
        && JavaConverters.seqAsJavaList(expression.children()).stream()
            .allMatch(DeltaReplace::threeValued);
  }

  /**
   * The predicate's value for each distinct partition of the files, every data column unknown:
   * true, false, or null (unknown). Evaluated on a local relation of the partitions' values (no
   * Spark job).
   */
  private static Map<Map<String, String>, Boolean> classify(
      SparkSession spark, Metadata metadata, Column condition, List<AddFile> files) {
    List<String> partitionColumns = JavaConverters.seqAsJavaList(metadata.partitionColumns());
    List<Map<String, String>> distinct = new ArrayList<>();
    files.stream().map(DeltaReplace::partitionValues).distinct().forEach(distinct::add);
    StructType values = new StructType();
    for (String column : partitionColumns) {
      values = values.add(column, DataTypes.StringType, true);
    }
    List<Row> rows = new ArrayList<>();
    for (Map<String, String> partition : distinct) {
      rows.add(RowFactory.create(partitionColumns.stream().map(partition::get).toArray()));
    }
    List<Column> columns = new ArrayList<>();
    for (StructField field : metadata.schema().fields()) {
      Column value =
          partitionColumns.contains(field.name()) ? col("`" + field.name() + "`") : lit(null);
      columns.add(value.cast(field.dataType()).as(field.name()));
    }
    List<Row> results =
        spark
            .createDataFrame(rows, values)
            .select(columns.toArray(Column[]::new))
            .select(condition)
            .collectAsList();
    Map<Map<String, String>, Boolean> classified = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      Row result = results.get(i);
      classified.put(distinct.get(i), result.isNullAt(0) ? null : result.getBoolean(0));
    }
    return classified;
  }

  private static Map<String, String> partitionValues(AddFile file) {
    return JavaConverters.mapAsJavaMap(file.partitionValues());
  }

  /** The metrics Delta records for a {@code replaceWhere} write. */
  private static scala.collection.immutable.Map<String, SQLMetric> metrics(
      List<FileAction> added,
      List<FileAction> copied,
      List<AddFile> removed,
      long newRows,
      long copiedRows) {
    List<FileAction> written = new ArrayList<>(added);
    written.addAll(copied);
    long removedRows =
        removed.stream()
            .mapToLong(file -> (Long) file.numLogicalRecords().getOrElse(() -> 0L))
            .sum();
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("numFiles", (long) written.size());
    values.put(
        "numOutputBytes",
        written.stream()
            .filter(AddFile.class::isInstance)
            .mapToLong(file -> ((AddFile) file).size())
            .sum());
    values.put("numOutputRows", newRows + copiedRows);
    values.put("numCopiedRows", copiedRows);
    values.put("numRemovedFiles", (long) removed.size());
    values.put("numRemovedBytes", removed.stream().mapToLong(AddFile::size).sum());
    values.put("numDeletedRows", removedRows - copiedRows);
    values.put("numAddedChangeFiles", 0L);
    scala.collection.immutable.Map<String, SQLMetric> metrics =
        scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, Long> value : values.entrySet()) {
      SQLMetric metric = new SQLMetric("sum", 0L);
      metric.set(value.getValue());
      metrics = metrics.updated(value.getKey(), metric);
    }
    return metrics;
  }
}
