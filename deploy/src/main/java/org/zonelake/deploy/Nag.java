package org.zonelake.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Acknowledges cdk-nag findings on the resource they are about, each with its reason and, for
 * wildcard findings, the exact {@code appliesTo} entries. There is no stack-wide or regex
 * acknowledgement in this app.
 */
final class Nag {

  private Nag() {}

  /** Acknowledges {@code ruleId} on {@code resource} (and, if asked, its child resources). */
  static void acknowledge(
      IConstruct resource, String ruleId, String reason, boolean includeChildren) {
    NagSuppressions.addResourceSuppressions(
        resource,
        List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()),
        includeChildren);
  }

  /**
   * Acknowledges only the listed findings of {@code ruleId} (for example {@code
   * Resource::arn:...:s3:::<bucket>/raw/*}) on {@code resource} and its child resources.
   */
  static void acknowledge(
      IConstruct resource, String ruleId, String reason, List<String> appliesTo) {
    if (appliesTo.isEmpty()) {
      throw new IllegalArgumentException(ruleId + ": appliesTo is empty");
    }
    NagSuppressions.addResourceSuppressions(
        resource,
        List.of(
            NagPackSuppression.builder()
                .id(ruleId)
                .reason(reason)
                .appliesTo(List.<Object>copyOf(appliesTo))
                .build()),
        true);
  }

  /** The finding cdk-nag reports for a wildcard resource: {@code Resource::<flattened arn>}. */
  static String resourceFinding(IConstruct scope, String arn) {
    return "Resource::" + flatten(Stack.of(scope).resolve(arn));
  }

  /** The findings for several wildcard resources. */
  static List<String> resourceFindings(IConstruct scope, List<String> arns) {
    return arns.stream().map(arn -> resourceFinding(scope, arn)).toList();
  }

  /**
   * Renders a resolved CloudFormation value the way cdk-nag names it in findings: {@code Ref X} as
   * {@code <X>}, {@code Fn::GetAtt [R, A]} as {@code <R.A>}, joins concatenated.
   */
  static String flatten(Object node) {
    if (node == null) {
      return "";
    }
    if (node instanceof String s) {
      return s.replace("${", "<").replace("}", ">");
    }
    if (node instanceof Map<?, ?> map) {
      if (map.containsKey("Fn::Join")) {
        List<?> join = (List<?>) map.get("Fn::Join");
        String delimiter = (String) join.get(0);
        return ((List<?>) join.get(1))
            .stream().map(Nag::flatten).collect(Collectors.joining(delimiter));
      }
      if (map.containsKey("Fn::Sub")) {
        return flatten(map.get("Fn::Sub"));
      }
      if (map.containsKey("Fn::GetAtt")) {
        List<?> getAtt = (List<?>) map.get("Fn::GetAtt");
        return "<" + flatten(getAtt.get(0)) + "." + flatten(getAtt.get(1)) + ">";
      }
      if (map.containsKey("Fn::ImportValue")) {
        return flatten(map.get("Fn::ImportValue"));
      }
      if (map.containsKey("Ref")) {
        return "<" + flatten(map.get("Ref")) + ">";
      }
    }
    throw new IllegalArgumentException("cannot name " + node + " the way cdk-nag does");
  }
}
