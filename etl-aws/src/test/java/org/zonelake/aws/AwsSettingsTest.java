package org.zonelake.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class AwsSettingsTest {

  @Test
  void localSettingsSendEverythingToTheStandInWithFixedRegionAndKeys() {
    URI endpoint = URI.create("http://127.0.0.1:8000");

    AwsSettings local = AwsSettings.local(endpoint);

    assertThat(local.region()).contains("us-east-1");
    assertThat(local.endpoint()).contains(endpoint);
    assertThat(local.maxAttempts()).isEqualTo(AwsSettings.DEFAULT_MAX_ATTEMPTS);
    AwsCredentials credentials = local.credentials().orElseThrow().resolveCredentials();
    assertThat(credentials.accessKeyId()).isEqualTo("local");
    assertThat(credentials.secretAccessKey()).isEqualTo("local");
    assertThat(local.describeTarget()).isEqualTo("http://127.0.0.1:8000");
  }

  @Test
  void defaultsLeaveRegionEndpointAndCredentialsToTheSdk() {
    AwsSettings defaults = AwsSettings.defaults();

    assertThat(defaults.region()).isEmpty();
    assertThat(defaults.endpoint()).isEmpty();
    assertThat(defaults.credentials()).isEmpty();
    assertThat(defaults.describeTarget()).isEqualTo("the default region");
  }
}
