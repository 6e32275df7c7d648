package org.zonelake.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zonelake.model.ContractDescriptor;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
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
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Ingest API: a regional REST API with {@code POST /ingest/<source>} for each source of the
 * contracts, integrated directly with S3 (no Lambda): the body is stored in the raw bucket as
 * {@code raw/<source>/year=YYYY/month=MM/day=DD/<requestId>.<ext>} in the source's raw format. JSON
 * bodies are first checked against a model generated from the source's contract (declared types,
 * required fields), so a record missing a required field is refused with 400 before it lands.
 * Callers need the API key; the usage plan throttles them; access and execution logs are kept.
 * Browsers may call it from the origins of the {@code CorsAllowedOrigins} parameter (none by
 * default).
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

  /** The request headers a browser may send (CORS preflight answer). */
  public static final String CORS_ALLOWED_HEADERS = "Content-Type,X-Api-Key";

  /** How long a browser may cache a preflight answer, in seconds. */
  public static final int CORS_MAX_AGE_SECONDS = 600;

  /** What the {@code CorsAllowedOrigins} parameter accepts: empty, {@code *}, or origins. */
  public static final String CORS_ORIGINS_PATTERN =
      "^$|^\\*$|^https?://[^,\\s]+(,https?://[^,\\s]+)*$";

  /** The CORS headers a response may carry (set by the response templates when allowed). */
  private static final Map<String, Boolean> CORS_RESPONSE_HEADERS =
      Ordered.map(
          "method.response.header.Access-Control-Allow-Origin", true,
          "method.response.header.Vary", true);

  private final RestApi api;
  private final List<Method> preflights = new ArrayList<>();

  /** Creates the stack. */
  public IngestStack(Construct scope, String id, LakeSettings settings) {
    super(
        scope,
        id,
        settings,
        "ingest",
        "ZoneLake ingest API: POST /ingest/<source> stores records in the raw zone.");
    LakeNames names = names();
    IKey dataKey = importDataKey();
    CfnParameter corsOrigins =
        CfnParameter.Builder.create(this, "CorsAllowedOrigins")
            .type("String")
            .defaultValue("")
            .allowedPattern(CORS_ORIGINS_PATTERN)
            .constraintDescription(
                "empty, * or comma-separated origins such as https://app.example.com")
            .description(
                "Origins whose browser pages may call the ingest API (CORS), comma-separated;"
                    + " * for any; empty (default) for none.")
            .build();
    String cors = IngestMappingTemplate.corsResponse(corsOrigins.getValueAsString());

    LogGroup accessLogs =
        encryptedLogGroup(
            "AccessLogs", names.ingestAccessLogGroup(), RetentionDays.THREE_MONTHS, dataKey);

    this.api =
        RestApi.Builder.create(this, "IngestApi")
            .restApiName(names.ingestApi())
            .description("Writes records of the contracts' sources into the lake's raw zone.")
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
      writeRaw.put(LakeBucket.RAW, LakeBucket.RAW.zonePrefix() + source + "/");
    }
    List<PolicyStatement> statements = new ArrayList<>(writeRaw.statements());
    statements.add(
        IamActions.allow(
            "EncryptNewObjects", List.of("kms:GenerateDataKey"), List.of(dataKey.getKeyArn())));
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
    for (ContractDescriptor contract : settings.contracts().contracts()) {
      String source = contract.source();
      IngestFormat format = IngestFormat.of(contract.format());
      Model model =
          format.validated()
              ? api.addModel(
                  IngestModel.name(contract),
                  ModelOptions.builder()
                      .contentType("application/json")
                      .modelName(IngestModel.name(contract))
                      .description(IngestModel.description(contract))
                      .schema(IngestModel.schema(contract))
                      .build())
              : null;
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
                                          cors
                                              + "\n{\"requestId\": \"$context.requestId\","
                                              + " \"source\": \""
                                              + source
                                              + "\"}"))
                                  .build(),
                              IntegrationResponse.builder()
                                  .statusCode("500")
                                  .selectionPattern("[45]\\d{2}")
                                  .responseTemplates(
                                      Ordered.map(
                                          "application/json",
                                          cors
                                              + "\n{\"message\": \"the records could not be"
                                              + " stored\", \"requestId\":"
                                              + " \"$context.requestId\"}"))
                                  .build()))
                      .build())
              .build();
      Resource resource = ingest.addResource(source);
      Method method =
          resource.addMethod(
              "POST",
              integration,
              MethodOptions.builder()
                  .operationName("Ingest" + source.replace("_", ""))
                  .apiKeyRequired(true)
                  .requestValidator(validator)
                  // No schema language for CSV or log lines: stored as sent.
                  .requestModels(model == null ? null : Ordered.map(format.contentType(), model))
                  .methodResponses(
                      List.of(
                          MethodResponse.builder()
                              .statusCode("200")
                              .responseParameters(CORS_RESPONSE_HEADERS)
                              .responseModels(Ordered.map("application/json", Model.EMPTY_MODEL))
                              .build(),
                          MethodResponse.builder()
                              .statusCode("500")
                              .responseParameters(CORS_RESPONSE_HEADERS)
                              .responseModels(Ordered.map("application/json", Model.ERROR_MODEL))
                              .build()))
                  .build());
      methods.add(method);
      preflight(resource, source, cors);
    }
    acknowledgeNoAuthorizer(
        methods,
        "Producers are machines that authenticate with the API key of the usage plan;"
            + " the API only creates raw objects under a known source prefix.",
        "No end users sign in: producers authenticate with an API key, so there is no Cognito"
            + " user pool to authorize against.");
    acknowledgeNoAuthorizer(
        preflights,
        "CORS preflight (OPTIONS): browsers send it without credentials; it answers with"
            + " CORS headers from a mock integration and reaches no data.",
        "CORS preflight (OPTIONS): browsers send it without credentials or tokens; it answers"
            + " with CORS headers only.");

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
        "Every POST needs an API key, JSON bodies are validated against the contract's schema and"
            + " requests are throttled per key; attach a WAF web ACL to the stage where the API is"
            + " exposed to untrusted networks.",
        false);
    Nag.acknowledge(
        api.getNode().findChild("CloudWatchRole"),
        "AwsSolutions-IAM4",
        "API Gateway's account-level logging role uses the AWS managed policy made for it"
            + " (AmazonAPIGatewayPushToCloudWatchLogs); it only writes API Gateway logs.",
        List.of(
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                + "AmazonAPIGatewayPushToCloudWatchLogs"));

    output(
        "IngestUrl",
        "POST records to <IngestUrl>/<source> with header x-api-key: application/json for JSON"
            + " sources, text/csv or text/plain for CSV and text sources.",
        api.urlForPath("/ingest"));
    output(
        "ApiKeyId",
        "aws apigateway get-api-key --include-value --api-key <ApiKeyId>",
        key.getKeyId());
  }

  /** The REST API. */
  public RestApi api() {
    return api;
  }

  /**
   * Acknowledges on each of {@code methods} that it has no authorizer (AwsSolutions-APIG4) and no
   * Cognito user pool authorizer (AwsSolutions-COG4), each for its reason.
   */
  private static void acknowledgeNoAuthorizer(
      List<Method> methods, String noAuthorizerReason, String noCognitoReason) {
    for (Method method : methods) {
      Nag.acknowledge(method, "AwsSolutions-APIG4", noAuthorizerReason, false);
      Nag.acknowledge(method, "AwsSolutions-COG4", noCognitoReason, false);
    }
  }

  /**
   * {@code OPTIONS} on a source's resource: the CORS preflight answer, from a mock integration,
   * with the allowed methods and headers, and the origin echoed only when it is allowed.
   */
  private void preflight(Resource resource, String source, String cors) {
    Map<String, Boolean> headers = new java.util.LinkedHashMap<>(CORS_RESPONSE_HEADERS);
    headers.put("method.response.header.Access-Control-Allow-Headers", true);
    headers.put("method.response.header.Access-Control-Allow-Methods", true);
    headers.put("method.response.header.Access-Control-Max-Age", true);
    preflights.add(
        resource.addMethod(
            "OPTIONS",
            MockIntegration.Builder.create()
                .requestTemplates(Ordered.map("application/json", "{\"statusCode\": 204}"))
                .integrationResponses(
                    List.of(
                        IntegrationResponse.builder()
                            .statusCode("204")
                            .responseParameters(
                                Ordered.map(
                                    "method.response.header.Access-Control-Allow-Headers",
                                    "'" + CORS_ALLOWED_HEADERS + "'",
                                    "method.response.header.Access-Control-Allow-Methods",
                                    "'OPTIONS,POST'",
                                    "method.response.header.Access-Control-Max-Age",
                                    "'" + CORS_MAX_AGE_SECONDS + "'"))
                            .responseTemplates(Ordered.map("application/json", cors))
                            .build()))
                .build(),
            MethodOptions.builder()
                .operationName("Preflight" + source.replace("_", ""))
                .apiKeyRequired(false)
                .methodResponses(
                    List.of(
                        MethodResponse.builder()
                            .statusCode("204")
                            .responseParameters(headers)
                            .build()))
                .build()));
  }
}
