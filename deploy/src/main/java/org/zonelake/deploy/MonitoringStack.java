package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import org.zonelake.model.QualityBand;
import org.zonelake.model.QualityMetrics;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.GraphWidgetView;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Monitoring and alerts: the KMS-encrypted alert topic (with an optional e-mail subscription), an
 * EventBridge rule and alarm for failed Glue job runs, alarms on failed Spark tasks, on a source
 * that delivered no processed records for two hours, on a validation success rate below the
 * threshold and on server errors of the ingest API, an opt-in notification of every successful
 * pipeline run, and a dashboard of the quality metrics (with each source's quality distribution),
 * of the curated runs and of the ingest API.
 */
public final class MonitoringStack extends LakeStack {

  /** The Glue job states that count as a failed run. */
  public static final List<String> FAILED_STATES = List.of("FAILED", "TIMEOUT", "ERROR");

  /** The API Gateway metrics' namespace. */
  public static final String API_METRICS_NAMESPACE = "AWS/ApiGateway";

  private final Topic topic;
  private final List<Alarm> alarms = new ArrayList<>();

  /** Creates the stack. */
  public MonitoringStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "monitoring",
        "ZoneLake monitoring: alert topic, job failure and data quality alarms, dashboard.");
    LakeNames names = names();

    Key alertKey =
        retainedKey("AlertKey", names.named("alerts"), "Encrypts the lake's alert topic.");
    // CloudWatch alarms publish to the encrypted topic as the CloudWatch service.
    alertKey.grant(
        new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey");
    this.topic =
        Topic.Builder.create(this, "AlertTopic")
            .topicName(names.alertTopic())
            .displayName("ZoneLake alerts")
            .masterKey(alertKey)
            .enforceSsl(true)
            .build();
    // The topic policy replaces SNS's default one, so alarms need an explicit grant.
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AllowLakeAlarms")
            .effect(Effect.ALLOW)
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(
                Ordered.map("StringEquals", Ordered.map("aws:SourceAccount", Aws.ACCOUNT_ID)))
            .build());

    CfnParameter email =
        CfnParameter.Builder.create(this, "AlertEmail")
            .type("String")
            .defaultValue("")
            .description("E-mail address subscribed to the alert topic (empty: no subscription).")
            .build();
    CfnCondition hasEmail =
        CfnCondition.Builder.create(this, "HasAlertEmail")
            .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), "")))
            .build();
    CfnSubscription subscription =
        CfnSubscription.Builder.create(this, "AlertEmailSubscription")
            .topicArn(topic.getTopicArn())
            .protocol("email")
            .endpoint(email.getValueAsString())
            .build();
    subscription.getCfnOptions().setCondition(hasEmail);

    List<String> jobNames = new ArrayList<>();
    for (LakeJob job : LakeJob.values()) {
      jobNames.add(names.jobName(job));
    }
    Rule jobFailed =
        Rule.Builder.create(this, "GlueJobFailedRule")
            .ruleName(names.named("glue-job-failed"))
            .description("A run of a lake Glue job failed, timed out or errored.")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.glue"))
                    .detailType(List.of("Glue Job State Change"))
                    .detail(Ordered.map("jobName", jobNames, "state", FAILED_STATES))
                    .build())
            .targets(
                toTopic(
                    "Glue job "
                        + EventField.fromPath("$.detail.jobName")
                        + " run "
                        + EventField.fromPath("$.detail.jobRunId")
                        + " ended "
                        + EventField.fromPath("$.detail.state")
                        + ": "
                        + EventField.fromPath("$.detail.message")))
            .build();
    alarm(
        "GlueJobFailures",
        names.named("glue-job-failures"),
        "A lake Glue job run failed, timed out or errored (Glue job state change events).",
        Metric.Builder.create()
            .namespace("AWS/Events")
            .metricName("TriggeredRules")
            .dimensionsMap(Ordered.map("RuleName", jobFailed.getRuleName()))
            .statistic("Sum")
            .period(Duration.minutes(5))
            .build(),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        1,
        TreatMissingData.NOT_BREACHING);
    for (LakeJob job : LakeJob.values()) {
      alarm(
          camel(job.jobName()) + "FailedTasks",
          names.named(job.jobName() + "-failed-tasks"),
          "Spark tasks of " + job.jobName() + " failed (glue.driver.aggregate.numFailedTasks).",
          failedTasks(names.jobName(job)),
          1,
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          1,
          TreatMissingData.NOT_BREACHING);
    }
    for (String source : settings.sources()) {
      alarm(
          camel(source) + "NoData",
          names.named(source + "-no-data"),
          "No processed " + source + " records for 2 hours.",
          qualityMetric(QualityMetrics.PROCESSED_RECORDS, source, Duration.hours(1)),
          1,
          ComparisonOperator.LESS_THAN_THRESHOLD,
          2,
          TreatMissingData.BREACHING);
      alarm(
          camel(source) + "QualityLow",
          names.named(source + "-quality-low"),
          "Validation success rate of "
              + source
              + " below "
              + settings.qualityThreshold()
              + " (ratio of records passing their rules).",
          qualityMetric(QualityMetrics.VALIDATION_SUCCESS_RATE, source, Duration.hours(1)),
          settings.qualityThreshold(),
          ComparisonOperator.LESS_THAN_THRESHOLD,
          1,
          TreatMissingData.NOT_BREACHING);
    }

    alarm(
        "IngestServerErrors",
        names.named("ingest-5xx"),
        "The ingest API answered with server errors (5XX): records could not be stored in raw.",
        apiMetric(names, "5XXError"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        1,
        TreatMissingData.NOT_BREACHING);

    pipelineSuccessNotification(names);

    dashboard(names, settings);

    exportedOutput(
        "AlertKeyArn",
        "The alert topic's key; imported by the processing stack.",
        alertKey.getKeyArn(),
        names.alertKeyExport());
    output("AlertTopicArn", "Subscribe here to receive the lake's alerts.", topic.getTopicArn());
  }

  /** The alert topic. */
  public Topic topic() {
    return topic;
  }

  /** The alarms, in creation order. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  private void alarm(
      String id,
      String name,
      String description,
      IMetric metric,
      double threshold,
      ComparisonOperator comparison,
      int evaluationPeriods,
      TreatMissingData missing) {
    Alarm alarm =
        Alarm.Builder.create(this, id + "Alarm")
            .alarmName(name)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .evaluationPeriods(evaluationPeriods)
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(new SnsAction(topic));
    alarms.add(alarm);
  }

  /**
   * An EventBridge rule that publishes every successful run of the pipeline state machine to the
   * alert topic; it exists only when the {@code NotifyPipelineSuccess} parameter is {@code true}.
   */
  private void pipelineSuccessNotification(LakeNames names) {
    CfnParameter notify =
        CfnParameter.Builder.create(this, "NotifyPipelineSuccess")
            .type("String")
            .defaultValue("false")
            .allowedValues(List.of("false", "true"))
            .description(
                "true: also publish every successful pipeline run to the alert topic (failures"
                    + " always are).")
            .build();
    CfnCondition enabled =
        CfnCondition.Builder.create(this, "NotifyPipelineSuccessEnabled")
            .expression(Fn.conditionEquals(notify.getValueAsString(), "true"))
            .build();
    Rule succeeded =
        Rule.Builder.create(this, "PipelineSucceededRule")
            .ruleName(names.named("pipeline-succeeded"))
            .description("A run of the lake's pipeline succeeded (opt-in notification).")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.states"))
                    .detailType(List.of("Step Functions Execution Status Change"))
                    .detail(
                        Ordered.map(
                            "status",
                            List.of("SUCCEEDED"),
                            "stateMachineArn",
                            List.of(names.pipelineArn())))
                    .build())
            .targets(
                toTopic(
                    "ZoneLake pipeline run "
                        + EventField.fromPath("$.detail.name")
                        + " succeeded at "
                        + EventField.fromPath("$.time")
                        + " (input "
                        + EventField.fromPath("$.detail.input")
                        + ")."))
            .build();
    ((CfnRule) succeeded.getNode().getDefaultChild()).getCfnOptions().setCondition(enabled);
  }

  /** The rule target that sends {@code message}, its event fields filled in, to the alert topic. */
  private List<IRuleTarget> toTopic(String message) {
    return List.of(
        new SnsTopic(
            topic, SnsTopicProps.builder().message(RuleTargetInput.fromText(message)).build()));
  }

  private static Metric apiMetric(LakeNames names, String metricName) {
    return Metric.Builder.create()
        .namespace(API_METRICS_NAMESPACE)
        .metricName(metricName)
        .dimensionsMap(Ordered.map("ApiName", names.ingestApi(), "Stage", IngestStack.STAGE))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  private static Metric qualityBand(String source, QualityBand band) {
    return Metric.Builder.create()
        .namespace(QualityMetrics.NAMESPACE)
        .metricName(QualityMetrics.QUALITY_DISTRIBUTION)
        .dimensionsMap(
            Ordered.map(
                QualityMetrics.SOURCE_DIMENSION,
                source,
                QualityMetrics.BAND_DIMENSION,
                band.label()))
        .statistic(QualityMetrics.statistic(QualityMetrics.QUALITY_DISTRIBUTION))
        .period(Duration.hours(1))
        .label(band.label())
        .build();
  }

  /** A graph of a curated run metric with one line per value of its one dimension. */
  private static GraphWidget curatedGraph(
      String metricName, String dimension, List<String> values) {
    List<IMetric> lines = new ArrayList<>();
    for (String value : values) {
      lines.add(
          Metric.Builder.create()
              .namespace(QualityMetrics.NAMESPACE)
              .metricName(metricName)
              .dimensionsMap(Ordered.map(dimension, value))
              .statistic(QualityMetrics.statistic(metricName))
              .period(Duration.hours(1))
              .label(value)
              .build());
    }
    return GraphWidget.Builder.create()
        .title(metricName + " (" + QualityMetrics.statistic(metricName) + ")")
        .left(lines)
        .width(12)
        .height(6)
        .build();
  }

  private static Metric failedTasks(String jobName) {
    return Metric.Builder.create()
        .namespace("Glue")
        .metricName("glue.driver.aggregate.numFailedTasks")
        .dimensionsMap(Ordered.map("JobName", jobName, "JobRunId", "ALL", "Type", "count"))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  private static Metric qualityMetric(String metricName, String source, Duration period) {
    return Metric.Builder.create()
        .namespace(QualityMetrics.NAMESPACE)
        .metricName(metricName)
        .dimensionsMap(Ordered.map(QualityMetrics.SOURCE_DIMENSION, source))
        .statistic(QualityMetrics.statistic(metricName))
        .period(period)
        .build();
  }

  private void dashboard(LakeNames names, LakeSettings settings) {
    List<List<? extends IWidget>> rows = new ArrayList<>();
    rows.add(
        List.of(
            TextWidget.Builder.create()
                .markdown(
                    "# ZoneLake\nQuality metrics per source (namespace `"
                        + QualityMetrics.NAMESPACE
                        + "`), records per quality-score band, curated runs (days recomputed,"
                        + " rows written per table), Glue job health, the ingest API and alarm"
                        + " states.")
                .width(24)
                .height(2)
                .build()));
    List<IWidget> graphs = new ArrayList<>();
    for (String metricName : QualityMetrics.PER_SOURCE) {
      List<IMetric> lines = new ArrayList<>();
      for (String source : settings.sources()) {
        lines.add(
            qualityMetric(metricName, source, Duration.minutes(5))
                .with(MetricOptions.builder().label(source).build()));
      }
      graphs.add(
          GraphWidget.Builder.create()
              .title(metricName + " (" + QualityMetrics.statistic(metricName) + ")")
              .left(lines)
              .width(8)
              .height(6)
              .build());
    }
    rows.add(graphs.subList(0, 3));
    rows.add(graphs.subList(3, 6));
    List<IWidget> distributions = new ArrayList<>();
    for (String source : settings.sources()) {
      List<IMetric> bands = new ArrayList<>();
      for (QualityBand band : QualityBand.values()) {
        bands.add(qualityBand(source, band));
      }
      distributions.add(
          GraphWidget.Builder.create()
              .title(QualityMetrics.QUALITY_DISTRIBUTION + " " + source + " (records per band)")
              .left(bands)
              .stacked(true)
              .view(GraphWidgetView.TIME_SERIES)
              .width(6)
              .height(6)
              .build());
    }
    for (int i = 0; i < distributions.size(); i += 4) {
      rows.add(distributions.subList(i, Math.min(i + 4, distributions.size())));
    }
    // What processed-to-curated did: days recomputed per source and joined dataset (the names it
    // runs under), rows written per curated table.
    List<String> curatedUnits = new ArrayList<>(settings.sources());
    curatedUnits.addAll(settings.joinedDatasets());
    rows.add(
        List.of(
            curatedGraph(
                QualityMetrics.DAYS_RECOMPUTED, QualityMetrics.SOURCE_DIMENSION, curatedUnits),
            curatedGraph(
                QualityMetrics.CURATED_ROWS_WRITTEN,
                QualityMetrics.TABLE_DIMENSION,
                settings.curatedTables())));
    List<IMetric> failed = new ArrayList<>();
    for (LakeJob job : LakeJob.values()) {
      failed.add(failedTasks(names.jobName(job)));
    }
    rows.add(
        List.of(
            GraphWidget.Builder.create()
                .title("Failed Spark tasks per Glue job")
                .left(failed)
                .width(8)
                .height(6)
                .build(),
            GraphWidget.Builder.create()
                .title("Ingest API requests and errors (Sum)")
                .left(
                    List.of(
                        apiMetric(names, "Count"),
                        apiMetric(names, "4XXError"),
                        apiMetric(names, "5XXError")))
                .width(8)
                .height(6)
                .build(),
            AlarmStatusWidget.Builder.create()
                .title("Alarms")
                .alarms(alarms.stream().map(a -> (IAlarm) a).toList())
                .width(8)
                .height(6)
                .build()));
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName(names.named("lake"))
        .widgets(rows)
        .build();
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("[-_]")) {
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.toString();
  }
}
