package org.zonelake.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module layering of the README, checked on the compiled classes. */
class LayeringTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("org.zonelake");

  @Test
  void etlCoreKnowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zonelake.quality..", "org.zonelake.jobs..")
        .check(classes);
  }

  @Test
  void qualityRulesDoNotKnowTheJobs() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.quality..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.zonelake.jobs..")
        .check(classes);
  }

  @Test
  void transformsDoNotReadWriteOrBuildSessions() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.core.transform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.zonelake.core.read..",
            "org.zonelake.core.write..",
            "org.apache.hadoop..",
            "java.io..",
            "java.nio.file..")
        .orShould()
        .callMethod(org.apache.spark.sql.SparkSession.class, "builder")
        .check(classes);
  }

  @Test
  void onlyDeequEngineTouchesScalaInQualityRules() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.quality..")
        .and()
        .doNotHaveFullyQualifiedName("org.zonelake.quality.DeequEngine")
        .and()
        .haveNameNotMatching("org\\.zonelake\\.quality\\.DeequEngine\\$.*")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("scala..", "com.amazon.deequ..")
        .check(classes);
  }

  @Test
  void onlyTheQualityFacadeAndTheSparkInternalsTouchScala() {
    // org.zonelake.core.spark is etl-core's own door to Spark's Scala API (Delta commits, the
    // internal rows of a query, observed metrics).
    noClasses()
        .that()
        .resideInAnyPackage("org.zonelake.core..", "org.zonelake.jobs..")
        .and()
        .resideOutsideOfPackage("org.zonelake.core.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("scala..")
        .check(classes);
  }
}
