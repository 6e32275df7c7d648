package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * IAM actions that more than one role of the lake is granted, each list in the templates' order,
 * and the statements that allow actions.
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

  /** A statement {@code sid} that allows {@code actions} on {@code resources}. */
  static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(resources)
        .build();
  }

  /** A statement without a sid that allows {@code actions} on {@code resources}. */
  static PolicyStatement allow(List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(resources)
        .build();
  }

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
