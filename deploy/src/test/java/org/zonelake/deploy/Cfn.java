package org.zonelake.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders CloudFormation values of a template the way CloudFormation would for one deployment:
 * {@code Ref} to the prefix parameter and pseudo parameters become example values, joins are
 * joined. References to resources render as {@code <LogicalId>} or {@code <LogicalId.Attr>},
 * imports as {@code import:<name>}. Keeps the assertions readable and exact.
 */
final class Cfn {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";

  /** The values {@code Ref} renders to for the example deployment. */
  static final Map<String, String> REFS =
      Map.of(
          "Prefix",
          LakeSettings.DEFAULT_PREFIX,
          "AWS::AccountId",
          ACCOUNT,
          "AWS::Region",
          REGION,
          "AWS::Partition",
          "aws",
          "AWS::URLSuffix",
          "amazonaws.com");

  private Cfn() {}

  /** The bucket name of the example deployment, for example {@code zonelake-raw-<acct>-<reg>}. */
  static String bucket(LakeBucket bucket) {
    return LakeSettings.DEFAULT_PREFIX + "-" + bucket.suffix() + "-" + ACCOUNT + "-" + REGION;
  }

  /** Renders a value to a string. */
  static String render(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(render(n)));
      return items.toString();
    }
    if (node.has("Ref")) {
      String name = node.get("Ref").asText();
      return REFS.getOrDefault(name, "<" + name + ">");
    }
    if (node.has("Fn::Join")) {
      JsonNode join = node.get("Fn::Join");
      List<String> parts = new ArrayList<>();
      join.get(1).forEach(n -> parts.add(render(n)));
      return String.join(join.get(0).asText(), parts);
    }
    if (node.has("Fn::GetAtt")) {
      JsonNode att = node.get("Fn::GetAtt");
      return "<" + att.get(0).asText() + "." + att.get(1).asText() + ">";
    }
    if (node.has("Fn::ImportValue")) {
      return "import:" + render(node.get("Fn::ImportValue"));
    }
    if (node.has("Fn::Sub")) {
      String text = node.get("Fn::Sub").asText();
      for (Map.Entry<String, String> ref : REFS.entrySet()) {
        text = text.replace("${" + ref.getKey() + "}", ref.getValue());
      }
      return text;
    }
    throw new IllegalArgumentException("cannot render " + node);
  }

  /** Renders every value of an object node, keeping the key order. */
  static Map<String, String> renderFields(JsonNode object) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.put(field.getKey(), render(field.getValue()));
    }
    return out;
  }

  /** A JSON string or array of strings as a list. */
  static List<String> strings(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(n -> out.add(render(n)));
      return out;
    }
    return List.of(render(node));
  }

  /** Joins rendered values for messages. */
  static String describe(List<JsonNode> nodes) {
    return nodes.stream().map(Cfn::render).collect(Collectors.joining(", "));
  }
}
