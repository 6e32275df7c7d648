package org.zonelake.deploy;

import java.util.List;
import software.constructs.Construct;

/**
 * The stacks of one lake, in deployment order: storage, monitoring, processing, analytics,
 * ingest. Later stacks find earlier ones' resources by name and by the prefixed exports of the
 * KMS keys, so the order matters.
 *
 * @param storage buckets, data key, catalog, crawler
 * @param monitoring alert topic, alarms, dashboard
 * @param processing Glue jobs, ledger, state machine, schedules
 * @param analytics Athena workgroup, saved queries, analyst policy
 * @param ingest the ingest API
 */
public record LakeStacks(
    StorageStack storage,
    MonitoringStack monitoring,
    ProcessingStack processing,
    AnalyticsStack analytics,
    IngestStack ingest) {

  /** Defines every stack of the lake in {@code app}. */
  public static LakeStacks define(Construct app, LakeSettings settings) {
    StorageStack storage = new StorageStack(app, "ZoneLakeStorage", settings);
    MonitoringStack monitoring = new MonitoringStack(app, "ZoneLakeMonitoring", settings);
    monitoring.addDependency(storage);
    ProcessingStack processing = new ProcessingStack(app, "ZoneLakeProcessing", settings);
    processing.addDependency(storage);
    processing.addDependency(monitoring);
    AnalyticsStack analytics = new AnalyticsStack(app, "ZoneLakeAnalytics", settings);
    analytics.addDependency(storage);
    IngestStack ingest = new IngestStack(app, "ZoneLakeIngest", settings);
    ingest.addDependency(storage);
    return new LakeStacks(storage, monitoring, processing, analytics, ingest);
  }

  /** The stacks in the order they must be deployed. */
  public List<LakeStack> inDeployOrder() {
    return List.of(storage, monitoring, processing, analytics, ingest);
  }
}
