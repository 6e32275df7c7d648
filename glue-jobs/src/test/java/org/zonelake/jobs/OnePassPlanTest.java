package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats;
import org.apache.spark.sql.execution.debug.package$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.batch.KeyedBatch;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.transform.Envelope;
import org.zonelake.model.ExpectedShippedContracts;
import org.zonelake.quality.QualityPlan;
import org.zonelake.quality.Rulesets;
import org.zonelake.quality.ShippedContracts;
import scala.Tuple3;
import scala.collection.JavaConverters;

/**
 * The plans of one batch: the raw records are parsed once, before the one shuffle; the jobs that
 * write quarantine and processed rows read the shuffle's output and parse nothing again; the
 * batch's plan is as shallow as its steps (19 projections for a JSON-lines source); a replay's
 * queries read its checked rows instead of planning the checks again; and the code Spark generates
 * for each shipped source's parse and checks is code the JVM compiles.
 */
class OnePassPlanTest {

  private static final String ORDERS_FILE =
      SampleLake.TESTDATA
          .resolve("raw/orders/year=2026/month=11/day=20/orders-0001.jsonl")
          .toString();

  private final SparkSession spark = TestSpark.session();

  private static DatasetContract shippedOrders() {
    return ShippedContracts.load().stream()
        .filter(c -> c.source().equals("orders"))
        .findFirst()
        .orElseThrow();
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theJsonIsParsedOnceAndOnlyBeforeTheShuffle() {
    DatasetContract orders = shippedOrders();
    QualityPlan quality = QualityPlan.of(Rulesets.load(orders), Instant.EPOCH, Map.of());
    Dataset<Row> classified =
        RawToProcessedBatch.classify(
            RawReader.read(spark, orders, List.of(ORDERS_FILE)), orders, quality);

    KeyedBatch batch = KeyedBatch.shuffle(classified, 2);
    String shuffle =
        classified
            .repartition(2, col("_key_hi"), col("_key_lo"))
            .queryExecution()
            .executedPlan()
            .toString();
    String valid = batch.rows().where(col("_checked")).queryExecution().executedPlan().toString();
    String rejected =
        batch.rows().where("size(_reasons) > 0").queryExecution().executedPlan().toString();

    // Columns added together are one projection each step (AddedColumns), not one per column:
    // Spark analyses the whole plan again for every projection added on top of it.
    assertThat(occurrences(classified.queryExecution().analyzed().toString(), "Project ["))
        .isEqualTo(19);
    assertThat(occurrences(shuffle, "JsonFromBytes")).isEqualTo(1);
    assertThat(occurrences(shuffle, "Exchange hashpartitioning(_key_hi")).isEqualTo(1);
    assertThat(valid).doesNotContain("JsonFromBytes").doesNotContain("Exchange");
    assertThat(rejected).doesNotContain("JsonFromBytes").doesNotContain("Exchange");
  }

  @Test
  void aNestedValuesJsonIsParsedOncePerRecordHoweverManyChecksLookAtIt() {
    DatasetContract readings =
        ShippedContracts.load().stream()
            .filter(c -> c.source().equals("sensor_readings"))
            .findFirst()
            .orElseThrow();
    QualityPlan quality = QualityPlan.of(Rulesets.load(readings), Instant.EPOCH, Map.of());
    Dataset<Row> classified =
        RawToProcessedBatch.classify(
            RawReader.read(spark, readings, sampleFiles("sensor_readings")), readings, quality);
    StringBuilder code = new StringBuilder();
    generatedCode(classified).forEach(stage -> code.append(stage._2()));
    // Each element is read into a map of texts once, the file into elements once; the location
    // (a struct of two doubles) is parsed once as its type, and once more with its doubles as
    // text (only where one is infinite or zero), however many checks and outputs use it: each
    // call left in a branch of a CASE WHEN would parse it again.
    assertThat(occurrences(code.toString(), "JsonFromBytes.map(")).isEqualTo(1);
    assertThat(occurrences(code.toString(), "JsonFromBytes.struct(")).isEqualTo(2);
  }

  @Test
  void aReplayPlansTheChecksOnceAndItsQueriesReadThemAsRows(@TempDir Path dir) {
    DatasetContract orders = shippedOrders();
    QualityPlan quality = QualityPlan.of(Rulesets.load(orders), Instant.EPOCH, Map.of());
    String quarantine = dir.resolve("quarantine").toString();
    RawToProcessedBatch.classify(
            RawReader.read(spark, orders, List.of(ORDERS_FILE)), orders, quality)
        .transform(Envelope.withRunColumns("orders", "run-1", Instant.EPOCH)::apply)
        .transform(Envelope.quarantineRows()::apply)
        .write()
        .format("delta")
        .save(quarantine);

    Dataset<Row> evaluated =
        new ReplayEvaluation(spark, orders, quality)
            .evaluate(
                ReplayEvaluation.selected(spark, quarantine, 0, ReplaySelection.all("orders")),
                Optional.empty());

    // The summary, the changed files and the stored copy each query the evaluated rows: the
    // checks are behind an RDD of their rows, not expressions every query optimises again.
    String plan = evaluated.queryExecution().optimizedPlan().toString();
    assertThat(plan).doesNotContain("JsonFromBytes").contains("LogicalRDD");
    // The contract is unchanged: every quarantined row fails its checks again.
    ReplayResult.Line total = ReplayEvaluation.summarize(evaluated).total();
    assertThat(List.of(total.selected(), total.written(), total.duplicates(), total.failed()))
        .containsExactly(3L, 0L, 0L, 3L);
  }

  /**
   * HotSpot does not compile a method of more than 8,000 bytes of bytecode; Spark's whole-stage
   * code generation allows up to 65,535. A parse step whose generated method grows beyond the JVM's
   * limit runs interpreted, several times slower per record, and nothing else says so.
   */
  @Test
  void everyShippedSourcesParseAndChecksCompileToMethodsTheJvmCompiles() {
    List<String> tooLarge = new ArrayList<>();
    List<String> compiled = new ArrayList<>();
    for (DatasetContract contract : ShippedContracts.load()) {
      List<String> files = sampleFiles(contract.source());
      QualityPlan quality = QualityPlan.of(Rulesets.load(contract), Instant.EPOCH, Map.of());
      Dataset<Row> classified =
          RawToProcessedBatch.classify(RawReader.read(spark, contract, files), contract, quality);
      for (Tuple3<String, String, ByteCodeStats> stage : generatedCode(classified)) {
        compiled.add(contract.source());
        int size = stage._3().maxMethodCodeSize();
        if (size > 8_000) {
          tooLarge.add(contract.source() + ": " + size + " bytes");
        }
      }
    }
    assertThat(compiled.stream().distinct().sorted())
        .containsExactlyElementsOf(ExpectedShippedContracts.SOURCES);
    assertThat(tooLarge).isEmpty();
  }

  /**
   * The code whole-stage generation writes for {@code rows}' plan, per stage (its name, its code,
   * the sizes of its methods). The tests' session interprets its few rows; the jobs' sessions
   * generate code.
   */
  private List<Tuple3<String, String, ByteCodeStats>> generatedCode(Dataset<Row> rows) {
    spark.conf().set("spark.sql.codegen.wholeStage", "true");
    spark.conf().set("spark.sql.codegen.factoryMode", "FALLBACK");
    try {
      return JavaConverters.seqAsJavaList(
          package$.MODULE$.codegenStringSeq(rows.queryExecution().executedPlan()));
    } finally {
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    }
  }

  private static List<String> sampleFiles(String source) {
    Path directory = SampleLake.TESTDATA.resolve("raw").resolve(source);
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
