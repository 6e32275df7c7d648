package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A job's defaults are read from its catalog entry, the one place they are written. */
class JobSpecTest {

  @Test
  void anOptionalArgumentsDefaultIsReadFromTheCatalog() {
    assertThat(JobCatalog.RAW_TO_PROCESSED.defaultOf("format")).isEqualTo("delta");
    assertThat(JobCatalog.RAW_TO_PROCESSED.defaultNumber("max_files_per_batch")).isEqualTo(1000);
    assertThat(JobCatalog.MAINTENANCE.defaultNumber("target_file_mb")).isEqualTo(128);
  }

  @Test
  void anArgumentWithoutADefaultIsNamed() {
    assertThatThrownBy(() -> JobCatalog.RAW_TO_PROCESSED.defaultOf("raw_path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Job raw-to-processed declares no default for --raw_path");
    assertThatThrownBy(() -> JobCatalog.MAINTENANCE.defaultOf("max_files_per_batch"))
        .hasMessage("Job maintenance declares no default for --max_files_per_batch");
  }
}
