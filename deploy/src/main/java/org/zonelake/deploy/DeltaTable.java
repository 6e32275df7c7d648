package org.zonelake.deploy;

import java.util.List;
import java.util.Objects;
import org.zonelake.model.LakeColumns.Column;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.glue.CfnTable;
import software.constructs.Construct;

/**
 * A Glue Data Catalog entry for a Delta table that Athena (engine v3) reads natively: table
 * parameter {@code table_type=DELTA} and the table's root as location. Athena takes the schema and
 * partitions from the Delta log; the columns given here (Glue types) document it for other readers
 * and the console.
 */
public final class DeltaTable extends Construct {

  /**
   * The table.
   *
   * @param database the Glue database name
   * @param tableName the table name
   * @param location the {@code s3://} root of the Delta table
   * @param description what the table holds
   * @param columns the documented schema (may be empty: the Delta log is authoritative)
   */
  public record Props(
      String database,
      String tableName,
      String location,
      String description,
      List<Column> columns) {

    /** Validates and copies. */
    public Props {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(tableName, "tableName");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(description, "description");
      columns = List.copyOf(columns);
    }
  }

  private final CfnTable table;

  /** Creates the catalog entry. */
  public DeltaTable(Construct scope, String id, Props props) {
    super(scope, id);
    CfnTable.StorageDescriptorProperty.Builder storage =
        CfnTable.StorageDescriptorProperty.builder().location(props.location());
    if (!props.columns().isEmpty()) {
      storage.columns(
          props.columns().stream()
              .map(
                  c ->
                      (Object)
                          CfnTable.ColumnProperty.builder()
                              .name(c.name())
                              .type(c.glueType())
                              .comment(c.comment())
                              .build())
              .toList());
    }
    this.table =
        CfnTable.Builder.create(this, "Table")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseName(props.database())
            .tableInput(
                CfnTable.TableInputProperty.builder()
                    .name(props.tableName())
                    .description(props.description())
                    .tableType("EXTERNAL_TABLE")
                    .parameters(
                        Ordered.<String>map(
                            "table_type", "DELTA",
                            "EXTERNAL", "TRUE",
                            "classification", "delta",
                            "spark.sql.sources.provider", "delta"))
                    .storageDescriptor(storage.build())
                    .build())
            .build();
  }

  /** The Glue table resource. */
  public CfnTable table() {
    return table;
  }
}
