package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * Analytics: the Athena workgroup (engine v3, enforced settings, results encrypted with the data
 * key, a per-query scan limit), the example analyst queries, and a managed policy that lets an
 * analyst query the lake through that workgroup and nothing else.
 */
public final class AnalyticsStack extends LakeStack {

  /** The Athena engine the Delta tables are read with. */
  public static final String ENGINE_VERSION = "Athena engine version 3";

  private final CfnWorkGroup workgroup;

  /** Creates the stack. */
  public AnalyticsStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "analytics",
        "ZoneLake analytics: Athena workgroup, saved analyst queries, analyst policy.");
    LakeNames names = names();
    IKey dataKey = importDataKey();

    this.workgroup =
        CfnWorkGroup.Builder.create(this, "Workgroup")
            .name(names.workgroup())
            .description("Queries over the lake's Delta tables; settings enforced for every query.")
            .state("ENABLED")
            .recursiveDeleteOption(true)
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .bytesScannedCutoffPerQuery(settings.bytesScannedCutoffPerQuery())
                    .engineVersion(
                        CfnWorkGroup.EngineVersionProperty.builder()
                            .selectedEngineVersion(ENGINE_VERSION)
                            .build())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation(names.s3Uri(LakeBucket.ATHENA_RESULTS, "results/"))
                            .expectedBucketOwner(Aws.ACCOUNT_ID)
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_KMS")
                                    .kmsKey(dataKey.getKeyArn())
                                    .build())
                            .build())
                    .build())
            .build();

    for (AnalystQueries.Query query : AnalystQueries.all(settings.sources())) {
      CfnNamedQuery.Builder.create(this, "Query-" + query.name())
          .name(query.name())
          .description(query.description())
          .database(names.database())
          .workGroup(workgroup.getRef())
          .queryString(query.sql())
          .build();
    }

    analystPolicy(names, dataKey);

    output("WorkgroupName", "Run analyst queries in this workgroup.", workgroup.getRef());
  }

  /** The Athena workgroup. */
  public CfnWorkGroup workgroup() {
    return workgroup;
  }

  private void analystPolicy(LakeNames names, IKey dataKey) {
    String tables = names.glueTablesArn("*");
    DataAccess data =
        new DataAccess(names)
            .readZone(LakeBucket.PROCESSED)
            .readZone(LakeBucket.CURATED)
            .readZone(LakeBucket.QUARANTINE)
            .readZone(LakeBucket.RAW)
            .readWrite(LakeBucket.ATHENA_RESULTS, "results/");
    List<PolicyStatement> statements = new ArrayList<>(data.statements());
    statements.add(
        IamActions.allow(
            "Workgroup",
            List.of(
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
                "athena:GetQueryExecution",
                "athena:GetQueryResults",
                "athena:GetQueryRuntimeStatistics",
                "athena:ListQueryExecutions",
                "athena:GetWorkGroup",
                "athena:GetNamedQuery",
                "athena:ListNamedQueries",
                "athena:BatchGetNamedQuery"),
            List.of(names.workgroupArn())));
    statements.add(
        IamActions.allow(
            "Catalog",
            IamActions.of(IamActions.READ_TABLES, IamActions.READ_PARTITIONS),
            List.of(names.glueCatalogArn(), names.glueDatabaseArn(), tables)));
    statements.add(
        IamActions.allow(
            "DataKey",
            List.of("kms:Decrypt", "kms:GenerateDataKey"),
            List.of(dataKey.getKeyArn())));
    ManagedPolicy policy =
        ManagedPolicy.Builder.create(this, "AnalystPolicy")
            .managedPolicyName(names.named("analyst"))
            .description(
                "Query the lake with Athena in its workgroup: read the zones, write results.")
            .statements(statements)
            .build();
    List<String> wildcards = new ArrayList<>(data.objectArns());
    wildcards.add(tables);
    Nag.acknowledge(
        policy,
        "AwsSolutions-IAM5",
        "Analysts read every table of the lake's own database and the objects under each zone"
            + " prefix, and write query results under results/ only.",
        Nag.resourceFindings(this, wildcards));
  }
}
