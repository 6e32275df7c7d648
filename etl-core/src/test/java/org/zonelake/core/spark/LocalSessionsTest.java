package org.zonelake.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.fs.NoForkLocalFileSystem;
import org.zonelake.core.testing.TestSpark;

class LocalSessionsTest {

  private final SparkSession spark = TestSpark.session();

  private static List<String> fromSource(Configuration conf, String source) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> property : conf) {
      String[] sources = conf.getPropertySources(property.getKey());
      if (sources != null && Arrays.asList(sources).contains(source)) {
        keys.add(property.getKey());
      }
    }
    return keys;
  }

  @Test
  void afterAWriteTheSessionsHadoopSettingsHoldNoYarnDefaultsButHadoopsAndMapReducesOwn(
      @TempDir Path dir) {
    spark.range(3).write().format("delta").save(dir.resolve("t").toString());

    Configuration tasks = spark.sessionState().newHadoopConf();
    assertThat(fromSource(tasks, "yarn-default.xml")).isEmpty();
    assertThat(fromSource(tasks, "core-default.xml")).hasSizeGreaterThan(300);
    assertThat(fromSource(tasks, "mapred-default.xml")).hasSizeGreaterThan(150);
    assertThat(tasks.get("fs.file.impl")).isEqualTo(NoForkLocalFileSystem.class.getName());
    assertThat(tasks.get("io.file.buffer.size")).isEqualTo("65536");
    assertThat(tasks.get("mapreduce.job.maps")).isEqualTo("2");
    assertThat(tasks.getPropertySources("mapreduce.job.maps"))
        .containsExactly("mapred-default.xml");
    assertThat(spark.read().format("delta").load(dir.resolve("t").toString()).count()).isEqualTo(3);
  }
}
