package org.zonelake.core.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.delta.commands.DescribeDeltaDetailCommand;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The few Spark internals the jobs rely on for one-pass processing, behind Java signatures: a
 * query's rows as an RDD of internal rows (so several jobs can share one shuffle's output instead
 * of parsing the input again or caching it), a DataFrame over such an RDD, and the metrics a query
 * observed ({@link Dataset#observe}) while it ran; the session's settings by name; and a way to
 * silence what Scala code prints to its console (Delta's {@code VACUUM} prints a line on standard
 * output).
 *
 * <p>These are Spark's developer APIs ({@code QueryExecution.toRdd}, {@code
 * SparkSession.internalCreateDataFrame}); they are stable across Spark 3.x and are used here so
 * that an upgrade has one place to check — here and {@link JsonFromBytes}, which builds Spark's own
 * JSON parser.
 */
public final class SparkInternals {

  private SparkInternals() {}

  /**
   * A call of {@code target}'s static {@code method} on {@code arguments} and the session's time
   * zone (its last argument) as a Catalyst {@code StaticInvoke}: it takes part in whole-stage code
   * generation, is null when an argument is null, and may return null (a boxed value).
   */
  public static Column staticCallWithTimeZone(
      Class<?> target, DataType type, String method, Column... arguments) {
    Column[] withTimeZone = java.util.Arrays.copyOf(arguments, arguments.length + 1);
    withTimeZone[arguments.length] = functions.lit(SQLConf.get().sessionLocalTimeZone());
    return staticCall(target, type, method, withTimeZone);
  }

  /**
   * A call of {@code target}'s static {@code method} on {@code arguments} as a Catalyst {@code
   * StaticInvoke}: it takes part in whole-stage code generation, is null when an argument is null,
   * and may return null (a boxed value).
   */
  public static Column staticCall(
      Class<?> target, DataType type, String method, Column... arguments) {
    List<Expression> expressions = new ArrayList<>();
    for (Column argument : arguments) {
      expressions.add(argument.expr());
    }
    return new Column(
        new StaticInvoke(
            target,
            type,
            method,
            JavaConverters.asScalaBuffer(expressions).toSeq(),
            JavaConverters.asScalaBuffer(List.<AbstractDataType>of()).toSeq(),
            true,
            true,
            true));
  }

  /**
   * The columns an unresolved expression (as {@code functions.expr} makes it) names, by the first
   * part of each name ({@code location.lat} names {@code location}); lambda variables are not
   * columns.
   */
  public static java.util.List<String> columnsNamed(Column expression) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (org.apache.spark.sql.catalyst.expressions.Expression leaf :
        JavaConverters.seqAsJavaList(expression.expr().collectLeaves())) {
      if (leaf instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute named) {
        names.add(named.nameParts().head());
      }
    }
    return names;
  }

  /**
   * The rows of a query as internal rows, computed once: calling it twice on the same dataset
   * returns the same RDD, and every job that reads it shares the query's shuffle output.
   */
  public static RDD<InternalRow> toRdd(Dataset<Row> rows) {
    // With adaptive execution, planning the RDD runs the query's shuffle stages at once, on this
    // thread and outside any SQL execution, whose tasks would otherwise see Spark's defaults
    // instead of the session's settings (a date only Spark 2's parser reads would fail the batch
    // instead of being quarantined).
    return SQLExecution.withSQLConfPropagated(rows.sparkSession(), rows.queryExecution()::toRdd);
  }

  /** A DataFrame reading an RDD of internal rows that have {@code schema}. */
  public static Dataset<Row> fromRdd(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }

  /**
   * The rows of a query planned once: a DataFrame over its {@link #toRdd RDD}, so that the queries
   * built on it neither optimise its plan again nor push their filters into it.
   */
  public static Dataset<Row> planned(Dataset<Row> rows) {
    return fromRdd(rows.sparkSession(), toRdd(rows), rows.schema());
  }

  /**
   * The metrics the query observed, by observation name, once one of its actions (or a job over its
   * {@link #toRdd RDD}) ran; empty when none ran yet.
   */
  public static Map<String, Row> observedMetrics(Dataset<Row> rows) {
    return new LinkedHashMap<>(
        JavaConverters.mapAsJavaMap(rows.queryExecution().observedMetrics()));
  }

  /**
   * Runs the query of {@code rows} to its end and writes nothing (Spark's {@code noop} sink): what
   * a batch does when its output is already committed, so that what it observes is still counted.
   */
  public static void execute(Dataset<Row> rows) {
    rows.write().format("noop").mode("overwrite").save();
  }

  /** The process's default Spark session, if one runs. */
  public static java.util.Optional<SparkSession> defaultSession() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    return session.isDefined() ? java.util.Optional.of(session.get()) : java.util.Optional.empty();
  }

  /** The session's SQL settings whose names start with {@code prefix}, sorted. */
  public static java.util.List<String> settingsStartingWith(SparkSession spark, String prefix) {
    return JavaConverters.mapAsJavaMap(spark.conf().getAll()).keySet().stream()
        .filter(key -> key.startsWith(prefix))
        .sorted()
        .toList();
  }

  /**
   * Runs {@code work} with Scala's console output (what Scala code prints with {@code println}, on
   * this thread and threads it starts) discarded, and returns its result. Java's {@code System.out}
   * is untouched.
   */
  public static <T> T withoutConsoleOutput(java.util.function.Supplier<T> work) {
    return scala.Console.withOut(java.io.OutputStream.nullOutputStream(), work::get);
  }

  /**
   * Whether a SQL statement only reads: a query ({@code SELECT}, {@code WITH ... SELECT}, {@code
   * VALUES}), or one of {@code DESCRIBE}, Delta's {@code DESCRIBE DETAIL} and {@code DESCRIBE
   * HISTORY}, {@code SHOW TABLES}, {@code SHOW VIEWS}, {@code SHOW COLUMNS}, {@code SHOW
   * TBLPROPERTIES} and {@code EXPLAIN}. Spark runs any other statement as soon as it is given
   * ({@code INSERT}, {@code DELETE}, {@code CREATE}, {@code DROP}, {@code SET}, ...), so this is
   * asked of its parse first.
   *
   * @throws ParseException when the statement does not parse
   */
  public static boolean onlyReads(SparkSession spark, String statement) throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
    return plan instanceof DescribeRelation
        || plan instanceof DescribeColumn
        || plan instanceof ShowTables
        || plan instanceof ShowViews
        || plan instanceof ShowColumns
        || plan instanceof ShowTableProperties
        || plan instanceof DescribeDeltaDetailCommand
        || plan instanceof ExplainCommand
        || !(plan instanceof Command || plan instanceof InsertIntoStatement);
  }
}
