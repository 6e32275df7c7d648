package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zonelake.deploy.LakeSettings;

/**
 * Every table of the sample lake, registered in Trino from its Delta log, reads the same in Trino
 * as in Spark: columns and types, row count, and per column the non-null count and a checksum of
 * every value.
 */
@ExtendWith(TrinoLakeExtension.class)
class LakeTablesReadByTrinoTest {

  @Test
  void theLakeHoldsExactlyTheTablesTheCatalogStackDefines(TrinoLake lake) {
    LakeSettings settings = LakeSettings.defaults();
    List<String> catalog = new ArrayList<>();
    for (String source : settings.sources()) {
      catalog.add("processed_" + source);
      catalog.add("quarantine_" + source);
    }
    catalog.addAll(settings.curatedTables());

    assertThat(lake.tables().stream().map(LakeTable::name).toList())
        .as(
            "tables of the sample lake (left) against the Glue tables of the catalog stack: a"
                + " lake table the catalog lacks is invisible in Athena, a catalog table the lake"
                + " lacks is empty")
        .containsExactlyInAnyOrderElementsOf(catalog);
  }

  @TestFactory
  Stream<DynamicTest> trinoReadsEveryLakeTableAsSparkDoes(TrinoLake lake) {
    AthenaCompatibility compatibility = lake.compatibility();
    return lake.tables().stream()
        .map(
            table ->
                DynamicTest.dynamicTest(
                    table.name(),
                    () -> {
                      AthenaCompatibility.Report report = compatibility.verify(table);
                      assertThat(report.rows()).as(table.name() + " rows").isPositive();
                      System.out.printf(
                          "%-30s %4d rows %3d columns: same in Trino and Spark%n",
                          table.name(), report.rows(), report.columns());
                    }));
  }
}
