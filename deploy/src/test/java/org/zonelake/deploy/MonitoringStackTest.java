package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zonelake.model.QualityBand;
import org.zonelake.model.QualityMetrics;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The monitoring stack: alert topic, alarms, job-failure rule, dashboard. */
class MonitoringStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final MonitoringStack STACK = LAKE.stacks.monitoring();
  private static final Template TEMPLATE = LAKE.template(STACK);

  @Test
  void alertTopicIsEncryptedWithItsKeyAndTlsOnly() {
    JsonNode topic = LAKE.single(STACK, "AWS::SNS::Topic").get("Properties");
    assertThat(Cfn.render(topic.get("TopicName"))).isEqualTo("zonelake-alerts");
    String keyId = LAKE.resources(STACK, "AWS::KMS::Key").keySet().iterator().next();
    assertThat(Cfn.render(topic.get("KmsMasterKeyId"))).isEqualTo("<" + keyId + ".Arn>");
    TEMPLATE.hasResourceProperties(
        "AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    TEMPLATE.hasResourceProperties(
        "AWS::SNS::TopicPolicy",
        Match.objectLike(
            Map.of(
                "PolicyDocument",
                Match.objectLike(
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Match.objectLike(
                                    Map.of(
                                        "Effect",
                                        "Deny",
                                        "Action",
                                        "sns:Publish",
                                        "Condition",
                                        Map.of(
                                            "Bool",
                                            Map.of("aws:SecureTransport", "false")))))))))));
  }

  @Test
  void alarmsAndJobFailureEventsMayPublishToTheTopic() {
    JsonNode policy = LAKE.single(STACK, "AWS::SNS::TopicPolicy").at("/Properties/PolicyDocument");
    List<String> publishers = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      if (statement.get("Effect").asText().equals("Allow")) {
        publishers.add(
            statement.at("/Principal/Service").asText()
                + " "
                + Cfn.strings(statement.get("Action"))
                + " "
                + Cfn.renderFields(statement.path("Condition").path("StringEquals")));
      }
    }
    assertThat(publishers)
        .containsExactlyInAnyOrder(
            "cloudwatch.amazonaws.com [sns:Publish] {aws:SourceAccount=123456789012}",
            "events.amazonaws.com [sns:Publish] {}");
  }

  @Test
  void alarmsCoverJobFailuresMissingDataLowQualityAndIngestServerErrors() {
    Map<String, String> alarms = new LinkedHashMap<>();
    String topic = "<" + LAKE.resources(STACK, "AWS::SNS::Topic").keySet().iterator().next() + ">";
    for (JsonNode alarm : LAKE.resources(STACK, "AWS::CloudWatch::Alarm").values()) {
      JsonNode p = alarm.get("Properties");
      assertThat(Cfn.strings(p.get("AlarmActions"))).containsExactly(topic);
      List<String> dimensions = new ArrayList<>();
      p.get("Dimensions")
          .forEach(d -> dimensions.add(d.get("Name").asText() + "=" + Cfn.render(d.get("Value"))));
      alarms.put(
          Cfn.render(p.get("AlarmName")),
          String.join(
              " ",
              p.get("Namespace").asText(),
              p.get("MetricName").asText(),
              dimensions.toString(),
              p.get("Statistic").asText(),
              p.get("Period").asText(),
              p.get("ComparisonOperator").asText(),
              p.get("Threshold").asText(),
              p.get("EvaluationPeriods").asText(),
              p.get("TreatMissingData").asText()));
    }
    String failedTasks =
        "Glue glue.driver.aggregate.numFailedTasks [JobName=%s, JobRunId=ALL, Type=count] Sum 300"
            + " GreaterThanOrEqualToThreshold 1 1 notBreaching";
    assertThat(alarms)
        .containsExactly(
            Map.entry(
                "zonelake-glue-job-failures",
                "AWS/Events TriggeredRules [RuleName=<"
                    + ruleId("zonelake-glue-job-failed")
                    + ">] Sum 300 GreaterThanOrEqualToThreshold 1 1 notBreaching"),
            Map.entry(
                "zonelake-raw-to-processed-failed-tasks",
                failedTasks.formatted("zonelake-raw-to-processed")),
            Map.entry(
                "zonelake-processed-to-curated-failed-tasks",
                failedTasks.formatted("zonelake-processed-to-curated")),
            Map.entry(
                "zonelake-maintenance-failed-tasks", failedTasks.formatted("zonelake-maintenance")),
            Map.entry(
                "zonelake-replay-quarantine-failed-tasks",
                failedTasks.formatted("zonelake-replay-quarantine")),
            noData("customers"),
            quality("customers"),
            noData("orders"),
            quality("orders"),
            noData("sensor_readings"),
            quality("sensor_readings"),
            noData("web_logs"),
            quality("web_logs"),
            Map.entry(
                "zonelake-ingest-5xx",
                "AWS/ApiGateway 5XXError [ApiName=zonelake-ingest, Stage=v1] Sum 300"
                    + " GreaterThanOrEqualToThreshold 1 1 notBreaching"));
  }

  @Test
  void failedGlueRunsOfTheLakesJobsGoToTheTopic() {
    JsonNode rule = rule("zonelake-glue-job-failed").get("Properties");
    assertThat(Cfn.render(rule.get("Name"))).isEqualTo("zonelake-glue-job-failed");
    JsonNode pattern = rule.get("EventPattern");
    assertThat(Cfn.strings(pattern.get("source"))).containsExactly("aws.glue");
    assertThat(Cfn.strings(pattern.get("detail-type"))).containsExactly("Glue Job State Change");
    assertThat(Cfn.strings(pattern.at("/detail/jobName")))
        .containsExactly(
            "zonelake-raw-to-processed",
            "zonelake-processed-to-curated",
            "zonelake-maintenance",
            "zonelake-replay-quarantine");
    assertThat(Cfn.strings(pattern.at("/detail/state")))
        .containsExactly("FAILED", "TIMEOUT", "ERROR");
    assertThat(Cfn.render(rule.at("/Targets/0/Arn")))
        .isEqualTo("<" + LAKE.resources(STACK, "AWS::SNS::Topic").keySet().iterator().next() + ">");
  }

  @Test
  void successfulPipelineRunsGoToTheTopicOnlyWhenAskedFor() {
    JsonNode parameter = LAKE.json(STACK).at("/Parameters/NotifyPipelineSuccess");
    assertThat(parameter.get("Default").asText()).isEqualTo("false");
    assertThat(Cfn.strings(parameter.get("AllowedValues"))).containsExactly("false", "true");
    assertThat(LAKE.json(STACK).at("/Conditions/NotifyPipelineSuccessEnabled").toString())
        .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"NotifyPipelineSuccess\"},\"true\"]}");

    JsonNode rule = rule("zonelake-pipeline-succeeded");
    assertThat(rule.get("Condition").asText()).isEqualTo("NotifyPipelineSuccessEnabled");
    JsonNode pattern = rule.at("/Properties/EventPattern");
    assertThat(Cfn.strings(pattern.get("source"))).containsExactly("aws.states");
    assertThat(Cfn.strings(pattern.get("detail-type")))
        .containsExactly("Step Functions Execution Status Change");
    assertThat(Cfn.strings(pattern.at("/detail/status"))).containsExactly("SUCCEEDED");
    assertThat(Cfn.strings(pattern.at("/detail/stateMachineArn")))
        .containsExactly("arn:aws:states:eu-west-1:123456789012:stateMachine:zonelake-pipeline");
    assertThat(Cfn.render(rule.at("/Properties/Targets/0/Arn")))
        .isEqualTo("<" + LAKE.resources(STACK, "AWS::SNS::Topic").keySet().iterator().next() + ">");
    assertThat(rule.at("/Properties/Targets/0/InputTransformer/InputTemplate").asText())
        .isEqualTo(
            "\"ZoneLake pipeline run <detail-name> succeeded at <time> (input <detail-input>).\"");
  }

  @Test
  void dashboardShowsEveryQualityMetricForEverySource() throws Exception {
    JsonNode dashboard = LAKE.single(STACK, "AWS::CloudWatch::Dashboard").get("Properties");
    assertThat(Cfn.render(dashboard.get("DashboardName"))).isEqualTo("zonelake-lake");
    JsonNode body = new ObjectMapper().readTree(Cfn.render(dashboard.get("DashboardBody")));
    Map<String, List<String>> graphs = new LinkedHashMap<>();
    for (JsonNode widget : body.get("widgets")) {
      if (!widget.get("type").asText().equals("metric")) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      for (JsonNode metric : widget.at("/properties/metrics")) {
        List<String> parts = new ArrayList<>();
        metric.forEach(
            part ->
                parts.add(part.isObject() ? part.path("stat").asText("Average") : part.asText()));
        lines.add(String.join(" ", parts));
      }
      graphs.put(widget.at("/properties/title").asText(), lines);
    }
    Map<String, List<String>> expected = new LinkedHashMap<>();
    List<String> sources = LakeSettings.defaults().sources();
    for (String metric : QualityMetrics.PER_SOURCE) {
      String stat = QualityMetrics.statistic(metric);
      expected.put(
          metric + " (" + stat + ")",
          sources.stream()
              .map(s -> "DataLake/Quality " + metric + " Source " + s + " " + stat)
              .toList());
    }
    for (String source : sources) {
      expected.put(
          "QualityDistribution " + source + " (records per band)",
          java.util.Arrays.stream(QualityBand.values())
              .map(
                  b ->
                      "DataLake/Quality QualityDistribution Band "
                          + b.label()
                          + " Source "
                          + source
                          + " Sum")
              .toList());
    }
    expected.put(
        "DaysRecomputed (Sum)",
        List.of(
            "DataLake/Quality DaysRecomputed Source customers Sum",
            "DataLake/Quality DaysRecomputed Source orders Sum",
            "DataLake/Quality DaysRecomputed Source sensor_readings Sum",
            "DataLake/Quality DaysRecomputed Source web_logs Sum",
            "DataLake/Quality DaysRecomputed Source orders_with_customers Sum",
            "DataLake/Quality DaysRecomputed Source sensor_readings_with_devices Sum"));
    expected.put(
        "CuratedRowsWritten (Sum)",
        List.of(
            "DataLake/Quality CuratedRowsWritten Table daily_summary Sum",
            "DataLake/Quality CuratedRowsWritten Table hourly_metrics Sum",
            "DataLake/Quality CuratedRowsWritten Table source_statistics Sum",
            "DataLake/Quality CuratedRowsWritten Table join_statistics Sum",
            "DataLake/Quality CuratedRowsWritten Table orders_with_customers Sum",
            "DataLake/Quality CuratedRowsWritten Table sensor_readings_with_devices Sum"));
    expected.put(
        "Failed Spark tasks per Glue job",
        List.of(
            "Glue glue.driver.aggregate.numFailedTasks JobName zonelake-raw-to-processed JobRunId"
                + " ALL Type count Sum",
            "Glue glue.driver.aggregate.numFailedTasks JobName zonelake-processed-to-curated"
                + " JobRunId ALL Type count Sum",
            "Glue glue.driver.aggregate.numFailedTasks JobName zonelake-maintenance JobRunId ALL"
                + " Type count Sum",
            "Glue glue.driver.aggregate.numFailedTasks JobName zonelake-replay-quarantine"
                + " JobRunId ALL Type count Sum"));
    expected.put(
        "Ingest API requests and errors (Sum)",
        List.of(
            "AWS/ApiGateway Count ApiName zonelake-ingest Stage v1 Sum",
            "AWS/ApiGateway 4XXError ApiName zonelake-ingest Stage v1 Sum",
            "AWS/ApiGateway 5XXError ApiName zonelake-ingest Stage v1 Sum"));
    assertThat(graphs).containsExactlyEntriesOf(expected);
  }

  @Test
  void curatedGraphsAreOneRowOfHourlySumsLabelledByName() throws Exception {
    JsonNode dashboard = LAKE.single(STACK, "AWS::CloudWatch::Dashboard").get("Properties");
    JsonNode body = new ObjectMapper().readTree(Cfn.render(dashboard.get("DashboardBody")));
    List<String> curated = new ArrayList<>();
    for (JsonNode widget : body.get("widgets")) {
      String title = widget.at("/properties/title").asText();
      if (!title.equals("DaysRecomputed (Sum)") && !title.equals("CuratedRowsWritten (Sum)")) {
        continue;
      }
      List<String> labels = new ArrayList<>();
      for (JsonNode metric : widget.at("/properties/metrics")) {
        JsonNode options = metric.get(metric.size() - 1);
        assertThat(options.get("stat").asText()).as(title).isEqualTo("Sum");
        assertThat(options.get("period").asInt()).as(title).isEqualTo(3600);
        labels.add(options.get("label").asText());
      }
      curated.add(
          String.join(
              " ",
              title,
              "x=" + widget.get("x").asInt(),
              "y=" + widget.get("y").asInt(),
              widget.get("width").asInt() + "x" + widget.get("height").asInt(),
              labels.toString()));
    }
    // Below the title (2), two rows of quality graphs (6 each) and the row of the four sources'
    // distributions (6).
    assertThat(curated)
        .containsExactly(
            "DaysRecomputed (Sum) x=0 y=20 12x6 [customers, orders, sensor_readings, web_logs,"
                + " orders_with_customers, sensor_readings_with_devices]",
            "CuratedRowsWritten (Sum) x=12 y=20 12x6 [daily_summary, hourly_metrics,"
                + " source_statistics, join_statistics, orders_with_customers,"
                + " sensor_readings_with_devices]");
  }

  @Test
  void emailSubscriptionExistsOnlyWhenAnAddressIsGiven() {
    JsonNode subscription = LAKE.single(STACK, "AWS::SNS::Subscription");
    assertThat(subscription.get("Condition").asText()).isEqualTo("HasAlertEmail");
    assertThat(subscription.at("/Properties/Protocol").asText()).isEqualTo("email");
    assertThat(LAKE.json(STACK).at("/Parameters/AlertEmail/Default").asText()).isEmpty();
  }

  @Test
  void exportsTheAlertKeyUnderThePrefix() {
    assertThat(Cfn.render(LAKE.json(STACK).at("/Outputs/AlertKeyArn/Export/Name")))
        .isEqualTo("zonelake-alert-key-arn");
  }

  private static String ruleId(String name) {
    return LAKE.logicalId(STACK, "AWS::Events::Rule", "Name", name);
  }

  private static JsonNode rule(String name) {
    return LAKE.json(STACK).at("/Resources/" + ruleId(name));
  }

  private static Map.Entry<String, String> noData(String source) {
    return sourceAlarm(
        source, "no-data", "ProcessedRecords", "Sum 3600 LessThanThreshold 1 2 breaching");
  }

  private static Map.Entry<String, String> quality(String source) {
    return sourceAlarm(
        source,
        "quality-low",
        "ValidationSuccessRate",
        "Average 3600 LessThanThreshold 0.95 1 notBreaching");
  }

  /** The alarm {@code zonelake-<source>-<name>} on the source's quality metric {@code metric}. */
  private static Map.Entry<String, String> sourceAlarm(
      String source, String name, String metric, String condition) {
    return Map.entry(
        "zonelake-" + source + "-" + name,
        "DataLake/Quality " + metric + " [Source=" + source + "] " + condition);
  }
}
