package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.zonelake.model.ExpectedShippedContracts;

/** Validation of the app settings. */
class LakeSettingsTest {

  @Test
  void defaultsAreTheCommittedTemplatesSettings() {
    LakeSettings settings = LakeSettings.defaults();
    assertThat(settings.prefix()).isEqualTo("zonelake");
    assertThat(settings.region()).isEmpty();
    assertThat(settings.contracts().location()).isEqualTo(LakeSettings.shippedContracts());
    assertThat(settings.sources()).containsExactlyElementsOf(ExpectedShippedContracts.SOURCES);
    assertThat(settings.curatedTables())
        .containsExactlyElementsOf(ExpectedShippedContracts.CURATED_TABLES);
    assertThat(settings.joinedDatasets())
        .containsExactly("orders_with_customers", "sensor_readings_with_devices");
  }

  @Test
  void prefixWithDashesOrUpperCaseIsRejectedWithTheRule() {
    for (String prefix : List.of("my-lake", "Lake", "ab", "1lake", "averyveryverylongprefix")) {
      assertThatThrownBy(() -> withPrefix(prefix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "prefix '"
                  + prefix
                  + "' is invalid: use 3 to 16 lower-case letters or digits, starting with a"
                  + " letter (it names buckets and the Glue database)");
    }
  }

  @Test
  void regionMustLookLikeAnAwsRegion() {
    LakeSettings d = LakeSettings.defaults();
    assertThatThrownBy(
            () ->
                new LakeSettings(
                    "lake",
                    Optional.of("Frankfurt"),
                    d.contracts(),
                    d.qualityThreshold(),
                    d.bytesScannedCutoffPerQuery()))
        .hasMessage("region 'Frankfurt' is not an AWS region name such as eu-west-1");
    assertThat(
            new LakeSettings(
                    "lake",
                    Optional.of("ap-southeast-2"),
                    d.contracts(),
                    d.qualityThreshold(),
                    d.bytesScannedCutoffPerQuery())
                .region())
        .contains("ap-southeast-2");
  }

  @Test
  void thresholdsOutsideTheirRangeAreRejected() {
    LakeSettings d = LakeSettings.defaults();
    assertThatThrownBy(
            () -> new LakeSettings("lake", Optional.empty(), d.contracts(), 95, 10_000_000L))
        .hasMessage("qualityThreshold 95.0 is outside (0, 1]");
    assertThatThrownBy(() -> new LakeSettings("lake", Optional.empty(), d.contracts(), 0.9, 1_000L))
        .hasMessage("bytesScannedCutoffPerQuery 1000 is below 10 MB");
  }

  private static LakeSettings withPrefix(String prefix) {
    LakeSettings d = LakeSettings.defaults();
    return new LakeSettings(
        prefix,
        Optional.empty(),
        d.contracts(),
        d.qualityThreshold(),
        d.bytesScannedCutoffPerQuery());
  }
}
