package org.zonelake.aws.testing;

import java.net.URI;
import org.zonelake.aws.AwsSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Client settings for a local stand-in: fixed region and credentials, so nothing is looked up. */
public final class AwsTestSettings {

  private AwsTestSettings() {}

  /** Settings sending every request to {@code endpoint}. */
  public static AwsSettings local(URI endpoint) {
    return AwsSettings.defaults()
        .withRegion("eu-west-1")
        .withEndpoint(endpoint)
        .withCredentials(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }
}
