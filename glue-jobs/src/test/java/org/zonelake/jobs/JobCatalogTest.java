package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.zonelake.model.JobCatalog;

/** The job catalog of lake-model names the jobs' entry points of this module. */
class JobCatalogTest {

  @Test
  void catalogMainClassesAreTheJobEntryPoints() {
    assertThat(JobCatalog.all())
        .extracting(spec -> spec.name() + " " + spec.mainClass())
        .containsExactly(
            "raw-to-processed " + RawToProcessedJob.class.getName(),
            "processed-to-curated " + ProcessedToCuratedJob.class.getName(),
            "maintenance " + MaintenanceJob.class.getName(),
            "replay-quarantine " + ReplayQuarantineJob.class.getName());
  }
}
