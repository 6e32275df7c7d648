package org.zonelake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.contract.RawFormat;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.model.CuratedTables;
import org.zonelake.quality.ShippedContracts;

/**
 * The reference: DuckDB doing the work of both jobs on the same raw files with the same contracts
 * and {@code --threads} threads. Per source: read with the explicit schema, check, hash the
 * canonical record, keep the valid rows once per hash, add partition columns, write partitioned
 * Parquet (processed) and the rejected records (quarantine); then the daily and hourly aggregates,
 * written as Parquet partitioned by source, year and month, and the shipped joined datasets with
 * their per-day match counts. Run in its own JVM by {@link BenchCli}.
 *
 * <p>Arguments: {@code --raw DIR --lake DIR --result FILE --threads N [--memory 6GB]}.
 */
public final class DuckDbEngine {

  private DuckDbEngine() {}

  /** Runs the reference once on a fresh output directory and writes an {@link EngineResult}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchCli.options(args);
    run(
            Path.of(options.get("raw")),
            Path.of(options.get("lake")),
            Integer.parseInt(options.getOrDefault("threads", "2")),
            options.getOrDefault("memory", "6GB"))
        .write(Path.of(options.get("result")));
  }

  /**
   * Runs the reference on the raw zone {@code raw} with the shipped contracts, writing under {@code
   * lake}.
   */
  static EngineResult run(Path raw, Path lake, int threads, String memory)
      throws IOException, SQLException {
    Files.createDirectories(lake.resolve("processed"));
    Files.createDirectories(lake.resolve("quarantine"));
    Files.createDirectories(lake.resolve("curated"));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET memory_limit = " + DuckDbSql.literal(memory));
      sql.execute("SET temp_directory = " + DuckDbSql.literal(lake.resolve("_tmp").toString()));
      sql.execute("SET TimeZone = 'UTC'");
      sql.execute("SET preserve_insertion_order = false");
      double startup = ProcessStats.uptimeSeconds();
      Map<String, EngineResult.SourceCounts> counts = new LinkedHashMap<>();
      List<DatasetContract> contracts = ShippedContracts.load();

      ProcessStats.Stopwatch clock = ProcessStats.start();
      for (DatasetContract contract : contracts) {
        Path dir = raw.resolve(contract.source());
        if (Files.isDirectory(dir)) {
          counts.put(contract.source(), rawToProcessed(sql, contract, dir, lake));
        }
      }
      ProcessStats.Phase rawToProcessed = clock.stop();

      clock = ProcessStats.start();
      List<EngineResult.StageTime> steps = new ArrayList<>();
      Map<String, EngineResult.JoinCounts> joins = new LinkedHashMap<>();
      for (DatasetContract contract : contracts) {
        if (counts.containsKey(contract.source())) {
          timed(steps, "aggregate " + contract.source(), () -> curated(sql, contract, lake));
        }
      }
      for (JoinedDataset dataset : ShippedContracts.loadJoinedDatasets(contracts)) {
        if (counts.containsKey(dataset.leftSource())) {
          timed(steps, dataset.name(), () -> joins.put(dataset.name(), joined(sql, dataset, lake)));
        }
      }
      return EngineResult.measured(
          "duckdb", rawToProcessed, clock.stop(), startup, counts, joins, List.of(), steps);
    }
  }

  /** A curated step of the reference, timed like the Spark engine's steps (wall and CPU). */
  private interface Step {
    void run() throws SQLException, IOException;
  }

  private static void timed(List<EngineResult.StageTime> steps, String name, Step step)
      throws SQLException, IOException {
    ProcessStats.Stopwatch clock = ProcessStats.start();
    step.run();
    ProcessStats.Phase phase = clock.stop();
    steps.add(
        new EngineResult.StageTime(
            "curated: " + name, name, "curated", phase.seconds(), phase.cpuSeconds(), 0));
  }

  private static EngineResult.SourceCounts rawToProcessed(
      Statement sql, DatasetContract contract, Path dir, Path lake) throws SQLException {
    String source = contract.source();
    String classified = "classified_" + source;
    String parsed = DuckDbSql.parse(contract, dir.toString());
    sql.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + classified
            + " AS "
            + DuckDbSql.classify(contract, parsed));
    long rejected = 0;
    if (contract.format() instanceof RawFormat.Csv) {
      rejected =
          single(
              sql,
              "SELECT count(*) FROM (SELECT DISTINCT scan_id, file_id, line FROM "
                  + DuckDbSql.rejectsTable(contract)
                  + ")");
    }
    String columns =
        contract.columnNames().stream().map(DuckDbSql::ident).collect(Collectors.joining(", "));
    String processed = DuckDbSql.literal(lake.resolve("processed").resolve(source).toString());
    long written =
        single(
            sql,
            "COPY (SELECT DISTINCT ON (_record_hash) "
                + columns
                + ", "
                + DuckDbSql.literal(source)
                + " AS _source, _event_time, _record_hash, _quality_score, _unknown AS"
                + " _unknown_fields, TIMESTAMPTZ '2026-12-01 00:00:00+00' AS _processed_at,"
                + " _raw_file, 'bench' AS _run_id, year, month, day FROM "
                + classified
                + " WHERE _valid) TO "
                + processed
                + " (FORMAT PARQUET, PARTITION_BY (year, month, day), OVERWRITE_OR_IGNORE true)");
    String quarantine =
        DuckDbSql.literal(lake.resolve("quarantine").resolve(source + ".parquet").toString());
    single(
        sql,
        "COPY (SELECT "
            + DuckDbSql.literal(source)
            + " AS _source, _raw_record, _reason_codes, _quality_score, _event_time, _raw_file,"
            + " 'bench' AS _run_id FROM "
            + classified
            + " WHERE NOT _valid) TO "
            + quarantine
            + " (FORMAT PARQUET)");
    long read;
    long valid;
    try (ResultSet r =
        sql.executeQuery("SELECT count(*), count(*) FILTER (WHERE _valid) FROM " + classified)) {
      r.next();
      read = r.getLong(1);
      valid = r.getLong(2);
    }
    return new EngineResult.SourceCounts(
        read + rejected, written, valid - written, read - valid + rejected);
  }

  private static void curated(Statement sql, DatasetContract contract, Path lake)
      throws SQLException {
    String source = contract.source();
    String processed = processedFiles(lake, source);
    StringBuilder measures = new StringBuilder();
    for (String m : contract.measures()) {
      String v = "CAST(" + DuckDbSql.ident(m) + " AS DECIMAL(38, 6))";
      measures
          .append(", sum(")
          .append(v)
          .append(") AS ")
          .append(DuckDbSql.ident("sum_" + m))
          .append(", CAST(avg(")
          .append(v)
          .append(") AS DECIMAL(38, 6)) AS ")
          .append(DuckDbSql.ident("avg_" + m))
          .append(", min(")
          .append(v)
          .append(") AS ")
          .append(DuckDbSql.ident("min_" + m))
          .append(", max(")
          .append(v)
          .append(") AS ")
          .append(DuckDbSql.ident("max_" + m));
    }
    String classified = "classified_" + source;
    String daily =
        "WITH p AS (SELECT year, month, day, count(*) AS records, count(DISTINCT _record_hash) AS"
            + " distinct_keys, avg(_quality_score) AS quality_score_avg, min(_quality_score) AS"
            + " quality_score_min, min(_event_time) AS first_event_time, max(_event_time) AS"
            + " last_event_time"
            + measures
            + " FROM read_parquet("
            + processed
            + ", hive_partitioning = true) GROUP BY ALL), q AS (SELECT year(d) AS year, month(d) AS"
            + " month, day(d) AS day, count(*) AS quarantined FROM (SELECT"
            + " coalesce(CAST(_event_time AS DATE), make_date("
            + landingPart(1)
            + ", "
            + landingPart(2)
            + ", "
            + landingPart(3)
            + ")) AS d FROM "
            + classified
            + " WHERE NOT _valid) GROUP BY ALL), v AS (SELECT year, month, day, count(*) AS"
            + " valid_rows FROM "
            + classified
            + " WHERE _valid GROUP BY ALL) SELECT "
            + DuckDbSql.literal(source)
            + " AS source, year, month, day, make_date(year, month, day) AS date,"
            + " coalesce(records, 0) AS records, coalesce(distinct_keys, 0) AS distinct_keys,"
            + " quality_score_avg, quality_score_min, coalesce(quarantined, 0) AS quarantined,"
            + " coalesce(valid_rows, 0) - coalesce(records, 0) AS duplicates, first_event_time,"
            + " last_event_time"
            + contract.measures().stream()
                .map(
                    m ->
                        ", "
                            + DuckDbSql.ident("sum_" + m)
                            + ", "
                            + DuckDbSql.ident("avg_" + m)
                            + ", "
                            + DuckDbSql.ident("min_" + m)
                            + ", "
                            + DuckDbSql.ident("max_" + m))
                .collect(Collectors.joining())
            + " FROM p FULL JOIN q USING (year, month, day) FULL JOIN v USING (year, month, day)";
    copyPartitioned(
        sql, daily, lake.resolve("curated").resolve(CuratedTables.DAILY_SUMMARY), source);
    String hourly =
        "SELECT "
            + DuckDbSql.literal(source)
            + " AS source, year, month, day, hour(_event_time) AS hour, count(*) AS records,"
            + " avg(_quality_score) AS quality_score_avg, quantile_cont(_latency, 0.5) AS"
            + " latency_p50_seconds, quantile_cont(_latency, 0.95) AS latency_p95_seconds FROM"
            + " (SELECT *, epoch(_processed_at) - epoch(_event_time) AS _latency FROM read_parquet("
            + processed
            + ", hive_partitioning = true)) GROUP BY ALL";
    copyPartitioned(
        sql, hourly, lake.resolve("curated").resolve(CuratedTables.HOURLY_METRICS), source);
  }

  /**
   * A joined dataset as the curated job builds it: every processed row of the left source once, the
   * right side's columns from the right row with equal keys (a processed source's most recent row
   * per key, or the reference table read with its schema), {@code _matched}, partitioned by {@code
   * year, month, day}; and its per-day match counts ({@code join_statistics}).
   */
  private static EngineResult.JoinCounts joined(Statement sql, JoinedDataset dataset, Path lake)
      throws SQLException, IOException {
    String right =
        dataset.right() instanceof JoinedDataset.ReferenceTable table
            ? referenceTable(table, lake)
            : latestPerKey(dataset, lake);
    StringBuilder select = new StringBuilder("SELECT ");
    for (String column : dataset.leftColumns()) {
      select.append("l.").append(DuckDbSql.ident(column)).append(", ");
    }
    for (JoinedDataset.RightColumn column : dataset.columns()) {
      select
          .append("r.")
          .append(DuckDbSql.ident(column.column()))
          .append(" AS ")
          .append(DuckDbSql.ident(column.as()))
          .append(", ");
    }
    String firstKey = DuckDbSql.ident(dataset.keys().get(0).right());
    select
        .append("r.")
        .append(firstKey)
        .append(" IS NOT NULL AS _matched, l.year, l.month, l.day FROM read_parquet(")
        .append(processedFiles(lake, dataset.leftSource()))
        .append(", hive_partitioning = true) l LEFT JOIN ")
        .append(right)
        .append(" r ON ")
        .append(
            dataset.keys().stream()
                .map(k -> "l." + DuckDbSql.ident(k.left()) + " = r." + DuckDbSql.ident(k.right()))
                .collect(Collectors.joining(" AND ")));
    String table = "joined_" + dataset.name();
    sql.execute("CREATE OR REPLACE TEMP TABLE " + table + " AS " + select);
    Path curated = lake.resolve("curated");
    Files.createDirectories(curated.resolve(CuratedTables.JOIN_STATISTICS));
    single(
        sql,
        "COPY "
            + table
            + " TO "
            + DuckDbSql.literal(curated.resolve(dataset.name()).toString())
            + " (FORMAT PARQUET, PARTITION_BY (year, month, day), OVERWRITE_OR_IGNORE true)");
    single(
        sql,
        "COPY (SELECT "
            + DuckDbSql.literal(dataset.name())
            + " AS dataset, year, month, day, count(*) AS records, count(*) FILTER (WHERE"
            + " _matched) AS matched, count(*) FILTER (WHERE NOT _matched) AS unmatched, 'bench'"
            + " AS run_id FROM "
            + table
            + " GROUP BY ALL) TO "
            + DuckDbSql.literal(
                curated
                    .resolve(CuratedTables.JOIN_STATISTICS)
                    .resolve(dataset.name() + ".parquet")
                    .toString())
            + " (FORMAT PARQUET)");
    try (ResultSet r =
        sql.executeQuery("SELECT count(*), count(*) FILTER (WHERE NOT _matched) FROM " + table)) {
      r.next();
      return new EngineResult.JoinCounts(r.getLong(1), r.getLong(2));
    }
  }

  /**
   * A processed right side's most recent row per key (greatest event time, then latest processed
   * time, then greatest record hash), rows with a null key dropped, as the curated job chooses it.
   */
  private static String latestPerKey(JoinedDataset dataset, Path lake) {
    String source = ((JoinedDataset.ProcessedSource) dataset.right()).source();
    return "(SELECT * FROM read_parquet("
        + processedFiles(lake, source)
        + ", hive_partitioning = true) WHERE "
        + dataset.keys().stream()
            .map(k -> DuckDbSql.ident(k.right()) + " IS NOT NULL")
            .collect(Collectors.joining(" AND "))
        + " QUALIFY row_number() OVER (PARTITION BY "
        + dataset.keys().stream()
            .map(k -> DuckDbSql.ident(k.right()))
            .collect(Collectors.joining(", "))
        + " ORDER BY _event_time DESC NULLS LAST, _processed_at DESC NULLS LAST,"
        + " _record_hash DESC NULLS LAST) = 1)";
  }

  /** A reference table as a DuckDB relation, read with its declared schema. */
  private static String referenceTable(JoinedDataset.ReferenceTable table, Path lake)
      throws IOException {
    Path file;
    if (table.onClasspath()) {
      String resource = table.location().substring(JoinedDataset.ReferenceTable.CLASSPATH.length());
      file = lake.resolve("_tmp").resolve(Path.of(resource).getFileName().toString());
      Files.createDirectories(file.getParent());
      try (var in = DuckDbEngine.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("reference table " + resource + " is not on the class path");
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } else {
      file = Path.of(table.location());
    }
    String columns =
        Arrays.stream(table.schema().fields())
            .map(
                f ->
                    DuckDbSql.literal(f.name())
                        + ": "
                        + DuckDbSql.literal(DuckDbSql.duckType(f.dataType())))
            .collect(Collectors.joining(", "));
    return table.format() == JoinedDataset.ReferenceFormat.CSV
        ? "read_csv("
            + DuckDbSql.literal(file.toString())
            + ", header = true, delim = "
            + DuckDbSql.literal(table.delimiter())
            + ", columns = {"
            + columns
            + "})"
        : "read_json(" + DuckDbSql.literal(file.toString()) + ", columns = {" + columns + "})";
  }

  private static String processedFiles(Path lake, String source) {
    return DuckDbSql.literal(
        lake.resolve("processed").resolve(source).toString() + "/**/*.parquet");
  }

  private static void copyPartitioned(Statement sql, String query, Path table, String source)
      throws SQLException {
    single(
        sql,
        "COPY ("
            + query
            + ") TO "
            + DuckDbSql.literal(table.toString())
            + " (FORMAT PARQUET, PARTITION_BY (source, year, month), OVERWRITE_OR_IGNORE true,"
            + " FILENAME_PATTERN "
            + DuckDbSql.literal(source + "_{i}")
            + ")");
  }

  /** Runs a query or a COPY and returns the first value, or the rows a COPY wrote. */
  private static long single(Statement sql, String query) throws SQLException {
    if (!sql.execute(query)) {
      return sql.getUpdateCount();
    }
    try (ResultSet r = sql.getResultSet()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** Part {@code group} (1 year, 2 month, 3 day) of a raw file's landing directories, or null. */
  private static String landingPart(int group) {
    return "TRY_CAST(regexp_extract(_raw_file, "
        + DuckDbSql.literal(RawFile.LANDING_DIRECTORIES)
        + ", "
        + group
        + ") AS INT)";
  }
}
