package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.model.LakeColumns;

/**
 * The quarantine columns a replay sets ({@link LakeColumns#REPLAY_COLUMNS}): all nullable, so a
 * table of an earlier version gains them by Delta schema evolution (adding nullable columns keeps
 * reader version 1) and its existing rows read them as null, i.e. open.
 */
public final class ReplayColumns {

  /** {@link LakeColumns#REPLAY_OUTCOME}: the row's record was inserted into processed. */
  public static final String WRITTEN = "written";

  /** {@link LakeColumns#REPLAY_OUTCOME}: processed already held the row's record. */
  public static final String DUPLICATE = "duplicate";

  /** {@link LakeColumns#REPLAY_OUTCOME}: the row still fails; it stays open. */
  public static final String FAILED = "failed";

  /** The replay columns with their types, in table order. */
  public static final StructType SCHEMA =
      new StructType()
          .add(LakeColumns.REPLAYED_AT, DataTypes.TimestampType, true)
          .add(LakeColumns.REPLAY_RUN_ID, DataTypes.StringType, true)
          .add(LakeColumns.REPLAY_OUTCOME, DataTypes.StringType, true)
          .add(LakeColumns.REPLAY_PROCESSED_VERSION, DataTypes.LongType, true)
          .add(
              LakeColumns.REPLAY_REASONS,
              DataTypes.createArrayType(DataTypes.StringType, true),
              true)
          .add(
              LakeColumns.REPLAY_REASON_CODES,
              DataTypes.createArrayType(DataTypes.StringType, true),
              true);

  private ReplayColumns() {}

  /** True for a quarantine row no replay recovered: it is open. */
  public static Column isOpen() {
    return col(LakeColumns.REPLAYED_AT).isNull();
  }

  /**
   * The open rows of a quarantine table: those no replay recovered, or all of them in a table of an
   * earlier version, which has no replay columns.
   */
  public static Dataset<Row> openRows(Dataset<Row> quarantine) {
    return List.of(quarantine.columns()).contains(LakeColumns.REPLAYED_AT)
        ? quarantine.where(isOpen())
        : quarantine;
  }

  /** The replay columns {@code schema} lacks (a quarantine table of an earlier version). */
  public static List<StructField> missingFrom(StructType schema) {
    List<String> present = List.of(schema.fieldNames());
    return java.util.Arrays.stream(SCHEMA.fields())
        .filter(f -> !present.contains(f.name()))
        .toList();
  }
}
