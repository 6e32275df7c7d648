package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import org.zonelake.model.ContractDescriptor;
import org.zonelake.model.CuratedTables;
import org.zonelake.model.JoinDeclaration;
import org.zonelake.model.LakeColumns;
import org.zonelake.model.TableNames;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.glue.CfnCrawler;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * Catalog: the Glue database of the lake with a Delta table entry (read natively by Athena) for
 * every processed, quarantine and curated table, and a crawler, with its own security
 * configuration, that discovers the raw zone as one {@code raw_<source>} table per source. The
 * processed and quarantine tables of every contract list their columns: the contract's schema in
 * Glue types, then the envelope columns the jobs add.
 */
public final class CatalogStack extends LakeStack {

  /** How often the raw discovery crawler runs (daily, 03:15 UTC). */
  public static final String CRAWLER_SCHEDULE = "cron(15 3 * * ? *)";

  /** The crawler's grouping: one table per source, compatible schemas combined. */
  public static final String CRAWLER_CONFIGURATION =
      "{\"Version\":1.0,"
          + "\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\","
          + "\"TableLevelConfiguration\":3},"
          + "\"CrawlerOutput\":{\"Partitions\":{\"AddOrUpdateBehavior\":\"InheritFromTable\"}}}";

  /** Creates the stack. */
  public CatalogStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "catalog",
        "ZoneLake catalog: Glue database, Delta table entries, raw discovery crawler.");
    LakeNames names = names();
    IKey dataKey = importDataKey();

    CfnDatabase database =
        CfnDatabase.Builder.create(this, "Database")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseInput(
                CfnDatabase.DatabaseInputProperty.builder()
                    .name(names.database())
                    .description(
                        "ZoneLake: processed_<source>, quarantine_<source> and curated Delta"
                            + " tables; raw_<source> tables from the raw crawler.")
                    .build())
            .build();
    catalogTables(database.getRef(), names, settings);

    CfnSecurityConfiguration security =
        GlueSecurity.create(
            this,
            "CrawlerSecurityConfiguration",
            names.glueSecurityConfiguration("crawler"),
            dataKey);

    rawCrawler(names, dataKey, database, security);

    output("DatabaseName", "The Glue database of the lake.", database.getRef());
  }

  private List<DeltaTable> catalogTables(
      String databaseName, LakeNames names, LakeSettings settings) {
    List<DeltaTable> tables = new ArrayList<>();
    for (ContractDescriptor contract : settings.contracts().contracts()) {
      String source = contract.source();
      tables.add(
          new DeltaTable(
              this,
              "Processed-" + source,
              new DeltaTable.Props(
                  databaseName,
                  TableNames.processed(source),
                  names.tableUri(LakeBucket.PROCESSED, source),
                  "Processed "
                      + source
                      + ": typed, checked and de-duplicated; partitioned by"
                      + " year, month, day of the event time.",
                  LakeColumns.processed(contract))));
      tables.add(
          new DeltaTable(
              this,
              "Quarantine-" + source,
              new DeltaTable.Props(
                  databaseName,
                  TableNames.quarantine(source),
                  names.tableUri(LakeBucket.QUARANTINE, source),
                  "Quarantined "
                      + source
                      + " records as read (a parsed CSV record re-quoted), with the reasons"
                      + " they failed.",
                  LakeColumns.quarantine())));
    }
    for (String curated : settings.curatedTables()) {
      String description =
          CuratedTables.AGGREGATES.contains(curated)
              ? CuratedTables.description(curated)
              : settings.contracts().joins().stream()
                  .filter(j -> j.name().equals(curated))
                  .map(JoinDeclaration::description)
                  .filter(d -> !d.isBlank())
                  .findFirst()
                  .orElse("Joined dataset " + curated + ".");
      tables.add(
          new DeltaTable(
              this,
              "Curated-" + curated,
              new DeltaTable.Props(
                  databaseName,
                  curated,
                  names.tableUri(LakeBucket.CURATED, curated),
                  description,
                  List.of())));
    }
    return tables;
  }

  private void rawCrawler(
      LakeNames names, IKey dataKey, CfnDatabase database, CfnSecurityConfiguration security) {
    String rawTables = names.glueTablesArn("raw_*");
    String crawlerLogs = names.logGroupArn(names.glueCrawlerLogGroups());
    DataAccess raw = new DataAccess(names).readZone(LakeBucket.RAW);
    Role role =
        Role.Builder.create(this, "CrawlerRole")
            .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
            .description("Raw discovery crawler: reads raw/, maintains raw_* catalog tables.")
            .inlinePolicies(
                Ordered.<PolicyDocument>map(
                    "raw-data",
                    raw.document(),
                    "catalog",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                IamActions.allow(
                                    IamActions.of(
                                        IamActions.READ_TABLES,
                                        List.of("glue:CreateTable", "glue:UpdateTable"),
                                        IamActions.READ_PARTITIONS,
                                        List.of(
                                            "glue:CreatePartition",
                                            "glue:BatchCreatePartition",
                                            "glue:UpdatePartition",
                                            "glue:BatchUpdatePartition")),
                                    List.of(
                                        names.glueCatalogArn(),
                                        names.glueDatabaseArn(),
                                        rawTables)),
                                IamActions.allow(IamActions.WRITE_LOGS, List.of(crawlerLogs)),
                                IamActions.allow(
                                    List.of("kms:Decrypt", "kms:GenerateDataKey"),
                                    List.of(dataKey.getKeyArn()))))
                        .build()))
            .build();
    List<String> wildcards = new ArrayList<>(raw.objectArns());
    wildcards.add(rawTables);
    wildcards.add(crawlerLogs);
    Nag.acknowledge(
        role,
        "AwsSolutions-IAM5",
        "The crawler reads every object under raw/ and creates one raw_<source> table per source"
            + " it finds; Glue names its crawler log groups /aws-glue/crawlers*.",
        Nag.resourceFindings(this, wildcards));

    CfnCrawler.Builder.create(this, "RawCrawler")
        .name(names.named("raw-discovery"))
        .description("Discovers raw data: one raw_<source> table per raw/<source>/ prefix.")
        .role(role.getRoleArn())
        .databaseName(database.getRef())
        .tablePrefix("raw_")
        .targets(
            CfnCrawler.TargetsProperty.builder()
                .s3Targets(
                    List.of(
                        CfnCrawler.S3TargetProperty.builder()
                            .path(names.zoneUri(LakeBucket.RAW))
                            .build()))
                .build())
        .schedule(
            CfnCrawler.ScheduleProperty.builder().scheduleExpression(CRAWLER_SCHEDULE).build())
        .schemaChangePolicy(
            CfnCrawler.SchemaChangePolicyProperty.builder()
                .updateBehavior("LOG")
                .deleteBehavior("LOG")
                .build())
        .recrawlPolicy(
            CfnCrawler.RecrawlPolicyProperty.builder()
                .recrawlBehavior("CRAWL_NEW_FOLDERS_ONLY")
                .build())
        .configuration(CRAWLER_CONFIGURATION)
        .crawlerSecurityConfiguration(security.getRef())
        .build();
  }
}
