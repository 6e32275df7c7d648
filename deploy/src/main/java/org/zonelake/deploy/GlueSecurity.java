package org.zonelake.deploy;

import java.util.List;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * A Glue security configuration that encrypts everything Glue writes with the lake's data key: S3
 * output (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS).
 */
public final class GlueSecurity {

  private GlueSecurity() {}

  /** Creates the security configuration named {@code name}. */
  public static CfnSecurityConfiguration create(
      Construct scope, String id, String name, IKey dataKey) {
    return CfnSecurityConfiguration.Builder.create(scope, id)
        .name(name)
        .encryptionConfiguration(
            CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
                .s3Encryptions(
                    List.of(
                        CfnSecurityConfiguration.S3EncryptionProperty.builder()
                            .s3EncryptionMode("SSE-KMS")
                            .kmsKeyArn(dataKey.getKeyArn())
                            .build()))
                .cloudWatchEncryption(
                    CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                        .cloudWatchEncryptionMode("SSE-KMS")
                        .kmsKeyArn(dataKey.getKeyArn())
                        .build())
                .jobBookmarksEncryption(
                    CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                        .jobBookmarksEncryptionMode("CSE-KMS")
                        .kmsKeyArn(dataKey.getKeyArn())
                        .build())
                .build())
        .build();
  }
}
