package org.zonelake.deploy;

import java.util.List;
import software.constructs.Construct;

/**
 * The stacks of one lake, in deployment order: storage, catalog, monitoring, processing, analytics,
 * ingest. Later stacks find earlier ones' resources by name and by the prefixed exports of the KMS
 * keys, so the order matters.
 *
 * @param storage buckets, data key
 * @param catalog Glue database, Delta table entries, raw crawler
 * @param monitoring alert topic, alarms, dashboard
 * @param processing Glue jobs, ledger, state machine, schedules
 * @param analytics Athena workgroup, saved queries, analyst policy
 * @param ingest the ingest API
 */
public record LakeStacks(
    StorageStack storage,
    CatalogStack catalog,
    MonitoringStack monitoring,
    ProcessingStack processing,
    AnalyticsStack analytics,
    IngestStack ingest) {

  /** Defines every stack of the lake in {@code app}. */
  public static LakeStacks define(Construct app, LakeSettings settings) {
    StorageStack storage = new StorageStack(app, "ZoneLakeStorage", settings);
    CatalogStack catalog = new CatalogStack(app, "ZoneLakeCatalog", settings);
    catalog.addStackDependency(storage);
    MonitoringStack monitoring = new MonitoringStack(app, "ZoneLakeMonitoring", settings);
    monitoring.addStackDependency(storage);
    ProcessingStack processing = new ProcessingStack(app, "ZoneLakeProcessing", settings);
    processing.addStackDependency(storage);
    processing.addStackDependency(monitoring);
    AnalyticsStack analytics = new AnalyticsStack(app, "ZoneLakeAnalytics", settings);
    analytics.addStackDependency(catalog);
    IngestStack ingest = new IngestStack(app, "ZoneLakeIngest", settings);
    ingest.addStackDependency(storage);
    return new LakeStacks(storage, catalog, monitoring, processing, analytics, ingest);
  }

  /** The stacks in the order they must be deployed. */
  public List<LakeStack> inDeployOrder() {
    return List.of(storage, catalog, monitoring, processing, analytics, ingest);
  }
}
