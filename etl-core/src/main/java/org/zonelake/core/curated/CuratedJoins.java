package org.zonelake.core.curated;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.model.LakeColumns;

/**
 * The joined curated datasets, as pure functions: the left join itself, the choice of one right row
 * per key from a processed table, and the rows of {@code join_statistics}.
 */
public final class CuratedJoins {

  /** {@code join_statistics}' column: the joined dataset. */
  public static final String DATASET = "dataset";

  /** {@code join_statistics}' column: the dataset's rows of the day. */
  public static final String RECORDS = "records";

  /** {@code join_statistics}' column: those of them that found their right row. */
  public static final String MATCHED = "matched";

  /** {@code join_statistics}' column: those of them that found none. */
  public static final String UNMATCHED = "unmatched";

  /** The rows of {@code join_statistics}: per joined dataset and event day, one row a run. */
  public static final StructType STATISTICS_SCHEMA =
      new StructType()
          .add(DATASET, DataTypes.StringType, false)
          .add(LakeColumns.YEAR, DataTypes.IntegerType, false)
          .add(LakeColumns.MONTH, DataTypes.IntegerType, false)
          .add(LakeColumns.DAY, DataTypes.IntegerType, false)
          .add(RECORDS, DataTypes.LongType, false)
          .add(MATCHED, DataTypes.LongType, false)
          .add(UNMATCHED, DataTypes.LongType, false)
          .add("run_id", DataTypes.StringType, false);

  private static final String RANK = "_rank";

  private CuratedJoins() {}

  /**
   * One row per key of a processed table: the most recent (greatest {@code _event_time}, then
   * latest {@code _processed_at}, then greatest {@code _record_hash}, so the choice is
   * deterministic). Rows with a null key are dropped: they can match nothing.
   *
   * @param processed rows of a processed table (contract columns and envelope columns)
   * @param keys the key columns
   */
  public static Dataset<Row> latestPerKey(Dataset<Row> processed, List<String> keys) {
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    Column notNull = lit(true);
    for (Column key : keyColumns) {
      notNull = notNull.and(key.isNotNull());
    }
    return processed
        .where(notNull)
        .withColumn(
            RANK,
            row_number()
                .over(
                    Window.partitionBy(keyColumns)
                        .orderBy(
                            col(LakeColumns.EVENT_TIME).desc_nulls_last(),
                            col(LakeColumns.PROCESSED_AT).desc_nulls_last(),
                            col(LakeColumns.RECORD_HASH).desc_nulls_last())))
        .where(col(RANK).equalTo(1))
        .drop(RANK);
  }

  /**
   * Left-joins processed rows of the left source with the right side: every left row appears once,
   * with its left columns, the right columns the dataset takes (null when unmatched), {@value
   * JoinedDataset#MATCHED} (true when a right row has equal keys), then {@code year, month, day}.
   *
   * @param dataset the joined dataset
   * @param left processed rows of the left source (any subset of its days)
   * @param right the right side, holding at most one row per key (else left rows repeat)
   */
  public static Dataset<Row> join(JoinedDataset dataset, Dataset<Row> left, Dataset<Row> right) {
    List<Column> rightColumns = new ArrayList<>();
    for (int i = 0; i < dataset.keys().size(); i++) {
      rightColumns.add(column("", dataset.keys().get(i).right()).as(keyAlias(i)));
    }
    for (JoinedDataset.RightColumn column : dataset.columns()) {
      rightColumns.add(column("", column.column()).as(column.as()));
    }
    rightColumns.add(lit(true).as(JoinedDataset.MATCHED));
    Dataset<Row> r = right.select(rightColumns.toArray(Column[]::new)).as("r");
    Dataset<Row> l = left.as("l");

    Column condition = lit(true);
    for (int i = 0; i < dataset.keys().size(); i++) {
      condition =
          condition.and(
              column("l", dataset.keys().get(i).left()).equalTo(column("r", keyAlias(i))));
    }
    List<Column> output = new ArrayList<>();
    for (String column : dataset.leftColumns()) {
      output.add(column("l", column).as(column));
    }
    for (JoinedDataset.RightColumn column : dataset.columns()) {
      output.add(column("r", column.as()).as(column.as()));
    }
    output.add(coalesce(col("r." + JoinedDataset.MATCHED), lit(false)).as(JoinedDataset.MATCHED));
    for (String partition : LakeColumns.PARTITION_COLUMNS) {
      output.add(col("l." + partition).as(partition));
    }
    return l.join(r, condition, "left_outer").select(output.toArray(Column[]::new));
  }

  /**
   * The {@code join_statistics} row of one event day of {@code dataset}, in {@link
   * #STATISTICS_SCHEMA}'s order: its rows, matched and unmatched, and the run that counted them.
   */
  public static Row statistics(
      String dataset, DayKey day, long records, long matched, String runId) {
    return RowFactory.create(
        dataset, day.year(), day.month(), day.day(), records, matched, records - matched, runId);
  }

  /**
   * The event days ({@code year, month, day}, distinct) of the left rows whose keys equal those of
   * a row of {@code right}: the days whose joined rows can change when the right side gains these
   * rows. A right row with a null key matches nothing.
   *
   * @param dataset the joined dataset
   * @param left rows of the left source
   * @param right rows of the right side (at least its key columns)
   */
  public static Dataset<Row> daysMatching(
      JoinedDataset dataset, Dataset<Row> left, Dataset<Row> right) {
    List<Column> keys = new ArrayList<>();
    Column notNull = lit(true);
    Column condition = lit(true);
    for (int i = 0; i < dataset.keys().size(); i++) {
      keys.add(column("", dataset.keys().get(i).right()).as(keyAlias(i)));
      notNull = notNull.and(col(keyAlias(i)).isNotNull());
      condition =
          condition.and(
              column("l", dataset.keys().get(i).left()).equalTo(column("r", keyAlias(i))));
    }
    Dataset<Row> r = right.select(keys.toArray(Column[]::new)).where(notNull).distinct().as("r");
    return left.as("l")
        .join(broadcast(r), condition, "left_semi")
        .select(
            LakeColumns.PARTITION_COLUMNS.stream()
                .map(partition -> col("l." + partition).as(partition))
                .toArray(Column[]::new))
        .distinct();
  }

  /** A column by name, quoted so any name works, optionally of a dataset alias. */
  private static Column column(String alias, String name) {
    String quoted = "`" + name.replace("`", "``") + "`";
    return col(alias.isEmpty() ? quoted : alias + "." + quoted);
  }

  private static String keyAlias(int i) {
    return "_key_" + i;
  }
}
