package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The storage stack: buckets and data key. */
class StorageStackTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final StorageStack STACK = LAKE.stacks.storage();
  private static final Template TEMPLATE = LAKE.template(STACK);

  @Test
  void createsOneBucketPerZoneAndPurposeWithDeterministicNames() {
    assertThat(bucketsByName().keySet())
        .containsExactly(
            "zonelake-logs-123456789012-eu-west-1",
            "zonelake-raw-123456789012-eu-west-1",
            "zonelake-processed-123456789012-eu-west-1",
            "zonelake-curated-123456789012-eu-west-1",
            "zonelake-quarantine-123456789012-eu-west-1",
            "zonelake-athena-123456789012-eu-west-1",
            "zonelake-artifacts-123456789012-eu-west-1");
  }

  @Test
  void everyBucketIsVersionedPrivateOwnerEnforcedAndRetained() {
    TEMPLATE.allResourcesProperties(
        "AWS::S3::Bucket",
        Match.objectLike(
            Map.of(
                "VersioningConfiguration",
                Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true),
                "OwnershipControls",
                Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))))));
    TEMPLATE.allResources(
        "AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void dataBucketsUseTheCustomerKeyAndTheLogBucketSseS3() {
    Map<String, String> encryption = new LinkedHashMap<>();
    bucketsByName()
        .forEach(
            (name, bucket) -> {
              JsonNode sse =
                  bucket.at("/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0");
              encryption.put(
                  name,
                  sse.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText()
                      + " "
                      + Cfn.render(sse.at("/ServerSideEncryptionByDefault/KMSMasterKeyID"))
                      + " bucketKey="
                      + sse.path("BucketKeyEnabled").asBoolean(false));
            });
    String dataKey = "aws:kms <" + LAKE.singleId(STACK, "AWS::KMS::Key") + ".Arn> bucketKey=true";
    assertThat(encryption)
        .containsExactly(
            Map.entry(Cfn.bucket(LakeBucket.ACCESS_LOGS), "AES256 null bucketKey=false"),
            Map.entry(Cfn.bucket(LakeBucket.RAW), dataKey),
            Map.entry(Cfn.bucket(LakeBucket.PROCESSED), dataKey),
            Map.entry(Cfn.bucket(LakeBucket.CURATED), dataKey),
            Map.entry(Cfn.bucket(LakeBucket.QUARANTINE), dataKey),
            Map.entry(Cfn.bucket(LakeBucket.ATHENA_RESULTS), dataKey),
            Map.entry(Cfn.bucket(LakeBucket.ARTIFACTS), dataKey));
  }

  @Test
  void everyBucketPolicyDeniesPlainHttpAndTlsBelow12() {
    Map<String, JsonNode> policies = LAKE.resources(STACK, "AWS::S3::BucketPolicy");
    assertThat(policies).hasSize(7);
    for (JsonNode policy : policies.values()) {
      String bucket = Cfn.render(policy.at("/Properties/Bucket"));
      JsonNode statements = policy.at("/Properties/PolicyDocument/Statement");
      assertThat(denies(statements, "Bool", "aws:SecureTransport", "false"))
          .as("TLS-only policy of " + bucket)
          .isTrue();
      assertThat(denies(statements, "NumericLessThan", "s3:TlsVersion", "1.2"))
          .as("TLS 1.2 policy of " + bucket)
          .isTrue();
    }
  }

  @Test
  void everyBucketButTheLogBucketWritesAccessLogsToTheLogBucket() {
    String logBucket = "<" + logicalIdOf(Cfn.bucket(LakeBucket.ACCESS_LOGS)) + ">";
    Map<String, String> logging = new LinkedHashMap<>();
    bucketsByName()
        .forEach(
            (name, bucket) -> {
              JsonNode config = bucket.at("/Properties/LoggingConfiguration");
              logging.put(
                  name,
                  config.isMissingNode()
                      ? "none"
                      : Cfn.render(config.get("DestinationBucketName"))
                          + " "
                          + config.get("LogFilePrefix").asText());
            });
    assertThat(logging)
        .containsExactly(
            Map.entry(Cfn.bucket(LakeBucket.ACCESS_LOGS), "none"),
            Map.entry(Cfn.bucket(LakeBucket.RAW), logBucket + " s3/raw/"),
            Map.entry(Cfn.bucket(LakeBucket.PROCESSED), logBucket + " s3/processed/"),
            Map.entry(Cfn.bucket(LakeBucket.CURATED), logBucket + " s3/curated/"),
            Map.entry(Cfn.bucket(LakeBucket.QUARANTINE), logBucket + " s3/quarantine/"),
            Map.entry(Cfn.bucket(LakeBucket.ATHENA_RESULTS), logBucket + " s3/athena/"),
            Map.entry(Cfn.bucket(LakeBucket.ARTIFACTS), logBucket + " s3/artifacts/"));
  }

  @Test
  void rawMovesToInfrequentAccessAfter90Days() {
    JsonNode rules = lifecycleRules(LakeBucket.RAW);
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).at("/Transitions/0/StorageClass").asText()).isEqualTo("STANDARD_IA");
    assertThat(rules.get(0).at("/Transitions/0/TransitionInDays").asInt()).isEqualTo(90);
    assertThat(rules.get(0).path("ExpirationInDays").isMissingNode()).isTrue();
  }

  @Test
  void athenaResultsExpireAfter30Days() {
    JsonNode rules = lifecycleRules(LakeBucket.ATHENA_RESULTS);
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).get("ExpirationInDays").asInt()).isEqualTo(30);
    assertThat(rules.get(0).get("Status").asText()).isEqualTo("Enabled");
  }

  @Test
  void dataKeyRotatesIsRetainedAndHasAnAlias() {
    TEMPLATE.hasResource(
        "AWS::KMS::Key",
        Map.of(
            "Properties",
            Match.objectLike(Map.of("EnableKeyRotation", true, "PendingWindowInDays", 30)),
            "DeletionPolicy",
            "Retain"));
    assertThat(Cfn.render(LAKE.single(STACK, "AWS::KMS::Alias").at("/Properties/AliasName")))
        .isEqualTo("alias/zonelake-data");
  }

  @Test
  void cloudWatchLogsMayUseTheDataKeyOnlyForTheLakesLogGroups() {
    JsonNode statements = LAKE.single(STACK, "AWS::KMS::Key").at("/Properties/KeyPolicy/Statement");
    JsonNode logs = null;
    for (JsonNode statement : statements) {
      if ("AllowLakeLogGroups".equals(statement.path("Sid").asText())) {
        logs = statement;
      }
    }
    assertThat(logs).isNotNull();
    assertThat(Cfn.render(logs.at("/Principal/Service"))).isEqualTo("logs.eu-west-1.amazonaws.com");
    String arn = "arn:aws:logs:eu-west-1:123456789012:log-group:";
    assertThat(Cfn.strings(logs.at("/Condition/ArnLike/kms:EncryptionContext:aws:logs:arn")))
        .containsExactly(
            arn + "/aws-glue/*",
            arn + "/aws/vendedlogs/states/zonelake-*",
            arn + "/aws/apigateway/zonelake-*");
  }

  @Test
  void exportsTheDataKeyArnUnderThePrefix() {
    JsonNode output = LAKE.json(STACK).at("/Outputs/DataKeyArn");
    assertThat(Cfn.render(output.at("/Export/Name"))).isEqualTo("zonelake-data-key-arn");
    assertThat(Cfn.render(output.get("Value")))
        .isEqualTo("<" + LAKE.singleId(STACK, "AWS::KMS::Key") + ".Arn>");
  }

  @Test
  void templateFitsTheInlineTemplateLimitSoItDeploysBeforeAnyBucketExists() throws Exception {
    long size = Files.size(LAKE.outdir.resolve(STACK.getTemplateFile()));
    assertThat(size).isLessThan(51_200);
    assertThat(Path.of(STACK.getTemplateFile()).toString())
        .isEqualTo("ZoneLakeStorage.template.json");
  }

  private static JsonNode lifecycleRules(LakeBucket bucket) {
    return bucketsByName().get(Cfn.bucket(bucket)).at("/Properties/LifecycleConfiguration/Rules");
  }

  private static Map<String, JsonNode> bucketsByName() {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    LAKE.resources(STACK, "AWS::S3::Bucket")
        .values()
        .forEach(b -> byName.put(Cfn.render(b.at("/Properties/BucketName")), b));
    return byName;
  }

  private static String logicalIdOf(String bucketName) {
    return LAKE.logicalId(STACK, "AWS::S3::Bucket", "BucketName", bucketName);
  }

  private static boolean denies(
      JsonNode statements, String operator, String conditionKey, String value) {
    for (JsonNode statement : statements) {
      if (statement.get("Effect").asText().equals("Deny")
          && statement.get("Action").asText().equals("s3:*")
          && statement.at("/Principal/AWS").asText().equals("*")
          && statement.path("Condition").path(operator).path(conditionKey).asText().equals(value)
          && statement.get("Resource").size() == 2) {
        return true;
      }
    }
    return false;
  }
}
