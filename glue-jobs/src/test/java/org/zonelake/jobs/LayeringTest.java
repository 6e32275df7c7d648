package org.zonelake.jobs;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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

  /** Spark and what comes with it on Glue. */
  private static final String[] SPARK_AND_FRIENDS = {
    "org.apache.spark..", "org.apache.hadoop..", "io.delta..", "scala.."
  };

  /** The ports etl-core defines for the AWS implementations, and what they take and throw. */
  private static final String[] PORTS = {
    "org.zonelake.core.ledger..",
    "org.zonelake.core.metrics..",
    "org.zonelake.core.alert..",
    "org.zonelake.core.run..",
    "org.zonelake.core.errors.."
  };

  @Test
  void lakeModelKnowsNoOtherModuleAndNoSpark() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.zonelake.core..",
            "org.zonelake.aws..",
            "org.zonelake.quality..",
            "org.zonelake.jobs..",
            "software.amazon..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(SPARK_AND_FRIENDS)
        .check(classes);
  }

  @Test
  void etlCoreKnowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zonelake.aws..", "org.zonelake.quality..", "org.zonelake.jobs..")
        .check(classes);
  }

  @Test
  void etlCoreIsFreeOfTheAwsSdk() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.core..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon..")
        .check(classes);
  }

  @Test
  void etlAwsIsFreeOfSparkAndUsesOnlyThePortsOfEtlCore() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SPARK_AND_FRIENDS)
        .orShould()
        .dependOnClassesThat(
            resideInAPackage("org.zonelake.core..").and(not(resideInAnyPackage(PORTS))))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zonelake.quality..", "org.zonelake.jobs..")
        .check(classes);
  }

  @Test
  void theJobsReadAndWriteOnlyThroughEtlCore() {
    // Files and tables are reached through etl-core's readers, writers and file helpers; the
    // local runner (org.zonelake.jobs.local) is the one adapter that looks at a lake directly.
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.jobs")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.hadoop.fs..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(org.apache.spark.sql.DataFrameReader.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(org.apache.spark.sql.DataFrameWriter.class.getName())
        .check(classes);
  }

  @Test
  void qualityRulesDoNotKnowTheJobsNorTheAwsServices() {
    noClasses()
        .that()
        .resideInAPackage("org.zonelake.quality..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zonelake.jobs..", "org.zonelake.aws..")
        .check(classes);
  }

  @Test
  void transformsDoNotReadWriteOrBuildSessions() {
    // The curated tables' computations are transforms too.
    noClasses()
        .that()
        .resideInAnyPackage("org.zonelake.core.transform..", "org.zonelake.core.curated..")
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
  void onlyQualityRulesTalkToDeequ() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.zonelake.quality..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.amazon.deequ..")
        .check(classes);
  }

  @Test
  void onlyTheQualityFacadeAndTheSparkInternalsTouchScala() {
    // org.zonelake.core.spark is etl-core's one door to Spark's and Delta's Scala APIs (Option,
    // Seq, developer APIs), as the quality facade is Deequ's.
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

  @Test
  void onlySparkInternalsTurnsAQueryIntoAnRdd() {
    // With adaptive execution, planning a query's RDD runs its shuffle stages at once, outside any
    // SQL execution; SparkInternals.toRdd runs them with the session's settings, which their tasks
    // would otherwise not see (SessionSettingsInTasksTest).
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(org.zonelake.core.spark.SparkInternals.class.getName())
        .should()
        .callMethod(org.apache.spark.sql.execution.QueryExecution.class, "toRdd")
        .orShould()
        .callMethod(org.apache.spark.sql.Dataset.class, "rdd")
        .orShould()
        .callMethod(org.apache.spark.sql.Dataset.class, "javaRDD")
        .orShould()
        .callMethod(org.apache.spark.sql.Dataset.class, "toJavaRDD")
        .check(classes);
  }
}
