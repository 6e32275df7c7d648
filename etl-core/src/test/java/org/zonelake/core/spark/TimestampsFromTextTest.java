package org.zonelake.core.spark;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/**
 * {@link TimestampsFromText} gives what Spark's {@code try_to_timestamp} gives, text for text, for
 * the patterns it reads directly (texts of every kind: usual, out of range, other shapes, other
 * case, other offsets, random instants) and for any other pattern, with generated code and
 * interpreted, in UTC and in a zone with summer time; and it does read the usual texts itself.
 */
class TimestampsFromTextTest {

  private final SparkSession spark = TestSpark.session();

  private static final List<String> ODD =
      List.of(
          "",
          " ",
          "2026-11-03",
          "2026-11-03T03:54:21",
          "2026-11-03T03:54:21Z ",
          " 2026-11-03T03:54:21Z",
          "2026-11-03t03:54:21Z",
          "2026-11-03T03:54:21z",
          "2026-11-03T03:54:21.5Z",
          "2026-11-03T03:54:21.12Z",
          "2026-11-03T03:54:21.1234Z",
          "2026-11-03T03:54:21.Z",
          "2026-11-03T03:54:21+01",
          "2026-11-03T03:54:21+0100",
          "2026-11-03T03:54:21+18:00",
          "2026-11-03T03:54:21-18:00",
          "2026-11-03T03:54:21+18:30",
          "2026-11-03T03:54:21-00:00",
          "2026-11-03T03:54:21+00:00",
          "2026-11-03T03:54:21+17:59",
          "2026-11-03T03:54:21-05:30",
          "2026-11-03T03:54:21+01:60",
          "2026-11-03T24:00:00Z",
          "2026-11-03T25:61:00Z",
          "2026-11-03T23:60:00Z",
          "2026-12-31T23:59:60Z",
          "2023-02-29T10:00:00Z",
          "2024-02-29T10:00:00Z",
          "2026-04-31T10:00:00Z",
          "2026-13-01T10:00:00Z",
          "2026-00-10T10:00:00Z",
          "2026-11-00T10:00:00Z",
          "0999-11-03T03:54:21Z",
          "1000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "12026-11-03T03:54:21Z",
          "2026-1-03T03:54:21Z",
          "2026-11-03 03:54:21",
          "2026-11-03 03:54:21Z",
          "2026-11-03  03:54:21",
          "2026-11-03 3:54:21",
          "2026-02-29 00:00:00",
          "2024-02-29 00:00:00",
          "2026-03-29 02:30:00",
          "2026-10-25 02:30:00",
          "2026-11-03 24:00:00",
          "2026/11/03 03:54:21",
          "10/Oct/2000:13:55:36 -0700",
          "10/oct/2000:13:55:36 -0700",
          "10/OCT/2000:13:55:36 -0700",
          "10/Okt/2000:13:55:36 -0700",
          "1/Oct/2000:13:55:36 -0700",
          "31/Apr/2026:13:55:36 +0000",
          "29/Feb/2024:13:55:36 +0000",
          "29/Feb/2026:13:55:36 +0000",
          "10/Oct/2000:13:55:36 +1800",
          "10/Oct/2000:13:55:36 -0000",
          "10/Oct/2000:13:55:36 +01:00",
          "10/Oct/2000:13:55:36",
          "10/Oct/2000:25:55:36 +0100",
          "10/Oct/2000 13:55:36 +0100",
          "héllo wörld 😀 not a time",
          "2026-11-03T03:54:2😀");

  /** Texts of the three patterns at random instants and offsets, as producers write them. */
  private static List<String> random() {
    Random random = new Random(7);
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    DateTimeFormatter space = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    DateTimeFormatter clf = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      LocalDateTime t =
          LocalDateTime.ofEpochSecond(
              random.nextLong(-2_000_000_000L, 8_000_000_000L), 0, ZoneOffset.UTC);
      int minutes = (random.nextInt(36) - 18) * 60 + (random.nextBoolean() ? 30 : 0);
      String sign = minutes < 0 ? "-" : "+";
      int h = Math.abs(minutes) / 60;
      int m = Math.abs(minutes) % 60;
      String millis = random.nextBoolean() ? "" : String.format(".%03d", random.nextInt(1000));
      String zone =
          random.nextInt(4) == 0 ? "Z" : String.format("%s%02d:%02d", sign, Math.min(h, 17), m);
      texts.add(iso.format(t) + millis + zone);
      texts.add(space.format(t));
      texts.add(clf.format(t) + String.format(" %s%02d%02d", sign, Math.min(h, 17), m));
    }
    return texts;
  }

  @Test
  void everyTextOfEveryPatternParsesAsSparkParsesIt() throws Exception {
    List<String> texts = new ArrayList<>(ODD);
    texts.addAll(random());
    List<String> patterns =
        List.of(
            TimestampsFromText.ISO_OFFSET,
            TimestampsFromText.ISO_SPACE,
            TimestampsFromText.COMMON_LOG,
            "dd.MM.yyyy HH:mm");
    for (String zone : List.of("UTC", "Europe/Berlin")) {
      for (Map<String, String> codegen :
          List.of(
              Map.of(
                  "spark.sql.codegen.wholeStage", "true",
                  "spark.sql.codegen.factoryMode", "FALLBACK"),
              Map.<String, String>of())) {
        Map<String, String> settings = new HashMap<>(codegen);
        settings.put("spark.sql.session.timeZone", zone);
        TestSpark.withSettings(
            settings,
            () -> {
              Dataset<Row> input = spark.createDataset(texts, Encoders.STRING()).toDF("t");
              for (String pattern : patterns) {
                List<Row> rows =
                    input
                        .select(
                            col("t"),
                            call_function("try_to_timestamp", col("t"), lit(pattern)),
                            TimestampsFromText.tryToTimestamp(col("t"), pattern))
                        .collectAsList();
                for (Row row : rows) {
                  assertThat(row.<Timestamp>getAs(2))
                      .as("'%s' as %s in %s %s", row.getString(0), pattern, zone, codegen)
                      .isEqualTo(row.<Timestamp>getAs(1));
                }
              }
              return null;
            });
      }
    }
  }

  @Test
  void theUsualTextsAreReadDirectlyAndOthersLeftToSpark() {
    UTF8String utc = UTF8String.fromString("UTC");
    assertThat(TimestampsFromText.isoOffset(UTF8String.fromString("2026-11-03T03:54:21Z")))
        .isEqualTo(micros("2026-11-03T03:54:21Z"));
    assertThat(TimestampsFromText.isoOffset(UTF8String.fromString("2026-11-03T03:54:21.250+01:30")))
        .isEqualTo(micros("2026-11-03T02:24:21.250Z"));
    assertThat(TimestampsFromText.isoSpace(UTF8String.fromString("2026-11-01 00:00:00"), utc))
        .isEqualTo(micros("2026-11-01T00:00:00Z"));
    assertThat(TimestampsFromText.commonLog(UTF8String.fromString("10/Oct/2000:13:55:36 -0700")))
        .isEqualTo(micros("2000-10-10T20:55:36Z"));
    // A date, then not the literal T: no match, without asking Spark.
    assertThat(TimestampsFromText.isoOffset(UTF8String.fromString("2026-11-01 00:00:00")))
        .isEqualTo(Long.MIN_VALUE + 1);
    // Anything unusual is Spark's to decide.
    for (String text :
        List.of("2026-11-03T03:54:21.5Z", "2026-02-29T00:00:00Z", "0999-11-03T03:54:21Z")) {
      assertThat(TimestampsFromText.isoOffset(UTF8String.fromString(text)))
          .as(text)
          .isEqualTo(Long.MIN_VALUE);
    }
    assertThat(TimestampsFromText.commonLog(UTF8String.fromString("10/oct/2000:13:55:36 -0700")))
        .isEqualTo(Long.MIN_VALUE);
  }

  private static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
