package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Ingest API: a regional REST API with {@code POST /ingest/<source>} for each known source,
 * integrated directly with S3 (no Lambda): the validated JSON body is stored in the raw bucket as
 * {@code raw/<source>/year=YYYY/month=MM/day=DD/<requestId>.json}. Callers need the API key; the
 * usage plan throttles them; access and execution logs are kept.
 */
public final class IngestStack extends LakeStack {

  /** The stage name, part of the invoke URL. */
  public static final String STAGE = "v1";

  /** Requests per second the usage plan allows each key (steady state). */
  public static final int RATE_LIMIT = 50;

  /** Burst the usage plan allows each key. */
  public static final int BURST_LIMIT = 100;

  /** Requests per day the usage plan allows each key. */
  public static final int DAILY_QUOTA = 1_000_000;

  /** Most records one request may carry as a JSON array. */
  public static final int MAX_RECORDS_PER_REQUEST = 1000;

  private final RestApi api;

  /** Creates the stack. */
  public IngestStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "ingest",
        "ZoneLake ingest API: POST /ingest/<source> stores JSON in the raw zone.");
    LakeNames names = names();
    IKey dataKey = importDataKey();

    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .logGroupName("/aws/apigateway/" + names.named("ingest-access"))
            .retention(RetentionDays.THREE_MONTHS)
            .encryptionKey(dataKey)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

    this.api =
        RestApi.Builder.create(this, "IngestApi")
            .restApiName(names.named("ingest"))
            .description("Writes JSON records of a known source into the lake's raw zone.")
            .endpointTypes(List.of(EndpointType.REGIONAL))
            .apiKeySourceType(ApiKeySourceType.HEADER)
            .cloudWatchRole(true)
            .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
            .deployOptions(
                StageOptions.builder()
                    .stageName(STAGE)
                    .accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(
                        AccessLogFormat.jsonWithStandardFields(
                            JsonWithStandardFieldProps.builder()
                                .caller(false)
                                .httpMethod(true)
                                .ip(true)
                                .protocol(true)
                                .requestTime(true)
                                .resourcePath(true)
                                .responseLength(true)
                                .status(true)
                                .user(false)
                                .build()))
                    .loggingLevel(MethodLoggingLevel.INFO)
                    .dataTraceEnabled(false)
                    .metricsEnabled(true)
                    .tracingEnabled(true)
                    .throttlingRateLimit(RATE_LIMIT * 2)
                    .throttlingBurstLimit(BURST_LIMIT * 2)
                    .build())
            .build();
    // Own the execution log group so that it has a retention period.
    LogGroup executionLogs =
        LogGroup.Builder.create(this, "ExecutionLogs")
            .logGroupName("API-Gateway-Execution-Logs_" + api.getRestApiId() + "/" + STAGE)
            .retention(RetentionDays.THREE_MONTHS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    api.getDeploymentStage().getNode().addDependency(executionLogs);

    DataAccess writeRaw = new DataAccess(names).withoutListing();
    for (String source : settings.sources()) {
      writeRaw.put(LakeBucket.RAW, "raw/" + source + "/");
    }
    List<PolicyStatement> statements = new ArrayList<>(writeRaw.statements());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("EncryptNewObjects")
            .effect(Effect.ALLOW)
            .actions(List.of("kms:GenerateDataKey"))
            .resources(List.of(dataKey.getKeyArn()))
            .build());
    Role role =
        Role.Builder.create(this, "IngestRole")
            .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
            .description("Ingest API: creates objects under raw/<source>/ and nothing else.")
            .inlinePolicies(
                Ordered.<PolicyDocument>map(
                    "put-raw", PolicyDocument.Builder.create().statements(statements).build()))
            .build();
    Nag.acknowledge(
        role,
        "AwsSolutions-IAM5",
        "The API creates new objects with generated keys under raw/<source>/ of each known"
            + " source; it can neither read, list nor delete.",
        Nag.resourceFindings(this, writeRaw.objectArns()));

    JsonSchema object = JsonSchema.builder().type(JsonSchemaType.OBJECT).minProperties(1).build();
    Model recordModel =
        api.addModel(
            "IngestRecord",
            ModelOptions.builder()
                .contentType("application/json")
                .modelName("IngestRecord")
                .description("One record: a JSON object with at least one property.")
                .schema(
                    JsonSchema.builder()
                        .schema(JsonSchemaVersion.DRAFT4)
                        .title("IngestRecord")
                        .type(JsonSchemaType.OBJECT)
                        .minProperties(1)
                        .build())
                .build());
    Model recordsModel =
        api.addModel(
            "IngestRecords",
            ModelOptions.builder()
                .contentType("application/json")
                .modelName("IngestRecords")
                .description("A non-empty JSON array of records (objects).")
                .schema(
                    JsonSchema.builder()
                        .schema(JsonSchemaVersion.DRAFT4)
                        .title("IngestRecords")
                        .type(JsonSchemaType.ARRAY)
                        .minItems(1)
                        .maxItems(MAX_RECORDS_PER_REQUEST)
                        .items(object)
                        .build())
                .build());
    RequestValidator validator =
        api.addRequestValidator(
            "IngestValidator",
            RequestValidatorOptions.builder()
                .requestValidatorName(names.named("ingest-body"))
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());

    Resource ingest = api.getRoot().addResource("ingest");
    List<Method> methods = new ArrayList<>();
    for (String source : settings.sources()) {
      IngestFormat format = IngestFormat.of(source);
      AwsIntegration integration =
          AwsIntegration.Builder.create()
              .service("s3")
              .integrationHttpMethod("PUT")
              .path(
                  names.bucketName(LakeBucket.RAW)
                      + "/raw/"
                      + source
                      + "/"
                      + IngestMappingTemplate.PATH_PARAMETERS)
              .options(
                  IntegrationOptions.builder()
                      .credentialsRole(role)
                      .passthroughBehavior(PassthroughBehavior.NEVER)
                      .requestParameters(
                          Ordered.map(
                              "integration.request.path.year", "'year'",
                              "integration.request.path.month", "'month'",
                              "integration.request.path.day", "'day'",
                              "integration.request.path.object", "context.requestId",
                              "integration.request.header.Content-Type",
                                  "'" + format.contentType() + "'"))
                      .requestTemplates(
                          Ordered.map(
                              format.contentType(), IngestMappingTemplate.forFormat(format)))
                      .integrationResponses(
                          List.of(
                              IntegrationResponse.builder()
                                  .statusCode("200")
                                  .responseTemplates(
                                      Ordered.map(
                                          "application/json",
                                          "{\"requestId\": \"$context.requestId\", \"source\": \""
                                              + source
                                              + "\"}"))
                                  .build(),
                              IntegrationResponse.builder()
                                  .statusCode("500")
                                  .selectionPattern("[45]\\d{2}")
                                  .responseTemplates(
                                      Ordered.map(
                                          "application/json",
                                          "{\"message\": \"the records could not be stored\","
                                              + " \"requestId\": \"$context.requestId\"}"))
                                  .build()))
                      .build())
              .build();
      Method method =
          ingest
              .addResource(source)
              .addMethod(
                  "POST",
                  integration,
                  MethodOptions.builder()
                      .operationName("Ingest" + source.replace("_", ""))
                      .apiKeyRequired(true)
                      .requestValidator(validator)
                      .requestModels(
                          switch (format) {
                            case JSON_LINES -> Ordered.map(format.contentType(), recordModel);
                            case JSON_ARRAY -> Ordered.map(format.contentType(), recordsModel);
                              // No schema language for CSV or log lines: stored as sent.
                            case CSV, TEXT -> null;
                          })
                      .methodResponses(
                          List.of(
                              MethodResponse.builder()
                                  .statusCode("200")
                                  .responseModels(
                                      Ordered.map("application/json", Model.EMPTY_MODEL))
                                  .build(),
                              MethodResponse.builder()
                                  .statusCode("500")
                                  .responseModels(
                                      Ordered.map("application/json", Model.ERROR_MODEL))
                                  .build()))
                      .build());
      methods.add(method);
    }
    for (Method method : methods) {
      Nag.acknowledge(
          method,
          "AwsSolutions-APIG4",
          "Producers are machines that authenticate with the API key of the usage plan;"
              + " the API only creates raw objects under a known source prefix.",
          false);
      Nag.acknowledge(
          method,
          "AwsSolutions-COG4",
          "No end users sign in: producers authenticate with an API key, so there is no Cognito"
              + " user pool to authorize against.",
          false);
    }

    IApiKey key =
        api.addApiKey(
            "IngestKey",
            ApiKeyOptions.builder()
                .apiKeyName(names.named("ingest"))
                .description("Key for producers of the ingest API.")
                .build());
    UsagePlan plan =
        api.addUsagePlan(
            "IngestPlan",
            UsagePlanProps.builder()
                .name(names.named("ingest"))
                .description("Throttles and caps each producer key.")
                .throttle(
                    ThrottleSettings.builder()
                        .rateLimit(RATE_LIMIT)
                        .burstLimit(BURST_LIMIT)
                        .build())
                .quota(QuotaSettings.builder().limit(DAILY_QUOTA).period(Period.DAY).build())
                .build());
    plan.addApiStage(
        UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build());
    plan.addApiKey(key);

    Nag.acknowledge(
        api.getDeploymentStage(),
        "AwsSolutions-APIG3",
        "Every method needs an API key, validates the body against a JSON schema and is"
            + " throttled per key; attach a WAF web ACL to the stage where the API is exposed to"
            + " untrusted networks.",
        false);
    Nag.acknowledge(
        api.getNode().findChild("CloudWatchRole"),
        "AwsSolutions-IAM4",
        "API Gateway's account-level logging role uses the AWS managed policy made for it"
            + " (AmazonAPIGatewayPushToCloudWatchLogs); it only writes API Gateway logs.",
        List.of(
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                + "AmazonAPIGatewayPushToCloudWatchLogs"));

    CfnOutput.Builder.create(this, "IngestUrl")
        .description("POST JSON to <IngestUrl>/<source> with header x-api-key.")
        .value(api.urlForPath("/ingest"))
        .build();
    CfnOutput.Builder.create(this, "ApiKeyId")
        .description("aws apigateway get-api-key --include-value --api-key <ApiKeyId>")
        .value(key.getKeyId())
        .build();
  }

  /** The REST API. */
  public RestApi api() {
    return api;
  }
}
