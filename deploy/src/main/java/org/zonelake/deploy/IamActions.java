package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * IAM actions that more than one role of the lake is granted, each list in the templates' order.
 */
final class IamActions {

  /** Writing a Glue job's or crawler's logs to CloudWatch Logs, encrypted with the lake's key. */
  static final List<String> WRITE_LOGS =
      List.of(
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:AssociateKmsKey");

  /** Looking up the lake's database and its tables in the Glue Data Catalog. */
  static final List<String> READ_TABLES =
      List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables");

  /** Reading the partitions of the catalog's tables. */
  static final List<String> READ_PARTITIONS =
      List.of("glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition");

  private IamActions() {}

  /** The actions of every list, in the given order. */
  @SafeVarargs
  static List<String> of(List<String>... lists) {
    List<String> actions = new ArrayList<>();
    for (List<String> list : lists) {
      actions.addAll(list);
    }
    return List.copyOf(actions);
  }
}
