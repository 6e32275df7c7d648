package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.metrics.RunMetrics;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.jobs.Concurrently;
import org.zonelake.jobs.JobContracts;
import org.zonelake.jobs.ReplayQuarantineConfig;
import org.zonelake.jobs.ReplayQuarantinePlan;
import org.zonelake.jobs.ReplayResult;
import org.zonelake.jobs.ReplaySelection;
import org.zonelake.model.ErrorMessage;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.LakeColumns;
import org.zonelake.quality.DataQuality;
import org.zonelake.quality.QualityRepository;
import org.zonelake.quality.QualityRule;
import org.zonelake.quality.Ruleset;

/**
 * The quality report of a local lake: one self-contained HTML page (inline CSS and SVG, no scripts,
 * nothing fetched) with a summary of every source at the top (last batch, open quarantine by
 * reason, what a replay would recover) and, per source, every rule with its action and pass rate,
 * the failing rows of the rules that did not pass (linked from the rule), the quarantine counts by
 * reason, the quality-score histogram of the processed rows, the flagged anomalies and the trend of
 * the batch metrics over the runs.
 *
 * <p>Pass rate: for a row-level rule the share of evaluated rows that pass it, over every batch;
 * for a batch rule the share of batches that pass it.
 */
final class QualityReport {

  private static final int BINS = 10;

  /** How many of a source's latest runs the trends over runs show. */
  private static final int RUNS = 50;

  private QualityReport() {}

  /** Builds the report's HTML from the lake's tables alone. */
  static String html(SparkSession spark, String lake, Instant generatedAt) {
    return html(spark, lake, generatedAt, ReportInputs.NONE);
  }

  /** Builds the report's HTML from the lake's tables, its run ledger and its contracts. */
  static String html(SparkSession spark, String lake, Instant generatedAt, ReportInputs inputs) {
    LakeLayout layout = LocalLake.layout(lake);
    // The rule results and metrics are small and read by every section: read once, kept until the
    // report is written.
    Dataset<Row> results = kept(LakeTables.latest(spark, layout.qualityResults()));
    Dataset<Row> metrics = kept(LakeTables.latest(spark, layout.qualityMetrics()));
    try {
      return html(spark, lake, generatedAt, inputs, layout, results, metrics);
    } finally {
      Stream.of(results, metrics).filter(Objects::nonNull).forEach(Dataset::unpersist);
    }
  }

  private static Dataset<Row> kept(Dataset<Row> table) {
    return table == null ? null : table.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static String html(
      SparkSession spark,
      String lake,
      Instant generatedAt,
      ReportInputs inputs,
      LakeLayout layout,
      Dataset<Row> results,
      Dataset<Row> metrics) {
    // The sources with rule results, and those with a processed table but no rules.
    TreeSet<String> sources = new TreeSet<>(LakeTables.processedSources(lake));
    if (results != null) {
      results.select("source").distinct().collectAsList().forEach(r -> sources.add(r.getString(0)));
    }
    StringBuilder html = new StringBuilder();
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>ZoneLake quality report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}
        h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;margin:.5em 0 1.5em}
        td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .fail{color:#b00020;font-weight:bold}.warn{color:#a15c00}.ok{color:#1b7f3b}
        .flag{background:#fde7e9}
        </style></head><body>
        """);
    html.append("<h1>Quality report</h1>\n<p>Lake <code>")
        .append(escape(lake))
        .append("</code>, generated ")
        .append(generatedAt)
        .append(". Sources: ")
        .append(sources.isEmpty() ? "none processed yet" : String.join(", ", sources))
        .append(". Rules and replay previews are those of ")
        .append(
            inputs
                .contracts()
                .map(dir -> "the contracts in <code>" + escape(dir) + "</code>")
                .orElse("the shipped contracts"))
        .append(".</p>\n");
    // Each source's summary row and section are built at once, on threads of their own: a source
    // is a few dozen small queries, each planned on the driver, and the sources do not depend on
    // one another. They are put together in the sources' order.
    Map<String, Ruleset> current = currentRules(spark, inputs);
    List<SourcePart> parts =
        Concurrently.map(
            "report",
            List.copyOf(sources),
            source ->
                part(
                    spark,
                    layout,
                    results,
                    metrics,
                    inputs,
                    source,
                    Optional.ofNullable(current.get(source))));
    summary(html, parts);
    parts.forEach(part -> html.append(part.section()));
    html.append("</body></html>\n");
    return html.toString();
  }

  /**
   * The summary at the top: per source its last batch (run, rows evaluated, rules failed,
   * anomalies), processed rows, open and replayed quarantine rows with the open share, the open
   * rows by reason, and what a replay of every open row would recover now (a dry run).
   */
  private static void summary(StringBuilder html, List<SourcePart> parts) {
    if (parts.isEmpty()) {
      return;
    }
    html.append("<h2>Summary</h2>\n<table class=\"summary\"><tr><th>Source</th><th>Last run</th>")
        .append("<th>Rows in last batch</th><th>Rules failed</th><th>Anomalies</th>")
        .append("<th>Processed rows</th><th>Open quarantine</th><th>Open share</th>")
        .append("<th>Replayed</th><th>Open by reason</th><th>A replay would recover</th></tr>\n");
    parts.forEach(part -> html.append(part.summaryRow()));
    html.append("</table>\n<p>Open share: open quarantine rows / (processed rows + open")
        .append(" quarantine rows). A replay preview is a dry run of <code>./lake replay")
        .append(" --source S</code> with the contracts as they are now; it writes nothing.</p>\n");
  }

  /** The summary's row of {@code source}, whose rule results are {@code ofSource} (or null). */
  private static void summaryRow(
      StringBuilder html,
      SparkSession spark,
      LakeLayout layout,
      Dataset<Row> ofSource,
      String source,
      Dataset<Row> processed,
      Dataset<Row> quarantine,
      ReportInputs inputs) {
    // The last batch the rules evaluated; none for a source without rules.
    List<Row> lastBatch =
        ofSource == null
            ? List.of()
            : ofSource
                .orderBy(col("evaluated_at").desc(), col("batch_id").desc())
                .select("run_id", "batch_id", "committed", "rows")
                .takeAsList(1);
    Row last = lastBatch.isEmpty() ? null : lastBatch.get(0);
    long failed = 0;
    long anomalies = 0;
    if (last != null) {
      Dataset<Row> batch =
          ofSource.where(
              col("run_id")
                  .equalTo(last.getString(0))
                  .and(col("batch_id").equalTo(last.getLong(1))));
      failed = batch.where(col("passed").equalTo(false)).count();
      anomalies = batch.where(QualityRepository.failedAgainstHistory()).count();
    }
    long processedRows = processed == null ? 0 : processed.count();
    Dataset<Row> openRows = open(quarantine);
    long open = openRows == null ? 0 : openRows.count();
    long replayed = quarantine == null ? 0 : quarantine.count() - open;
    html.append("<tr data-summary=\"")
        .append(escape(source))
        .append("\"><td>")
        .append(escape(source))
        .append("</td><td>");
    if (last == null) {
      html.append("no rules");
    } else {
      html.append("<code>")
          .append(escape(last.getString(0)))
          .append("</code> ")
          .append(
              last.getBoolean(2)
                  ? "<span class=\"ok\">committed</span>"
                  : "<span" + " class=\"fail\">stopped</span>");
    }
    html.append("</td>");
    cell(html, "rows", last == null || last.isNullAt(3) ? "-" : Long.toString(last.getLong(3)));
    cell(html, "rules-failed", last == null ? "-" : Long.toString(failed));
    cell(html, "anomalies", last == null ? "-" : Long.toString(anomalies));
    cell(html, "processed", Long.toString(processedRows));
    cell(html, "open", Long.toString(open));
    cell(html, "open-share", processedRows + open == 0 ? "-" : percent(open, processedRows + open));
    cell(html, "replayed", Long.toString(replayed));
    html.append("<td data-open-by-reason>");
    reasonCounts(openRows)
        .forEach(
            (reason, n) ->
                html.append("<code>")
                    .append(escape(reason))
                    .append("</code> <span data-reason=\"")
                    .append(escape(reason))
                    .append("\">")
                    .append(n)
                    .append("</span><br>"));
    html.append("</td><td data-would-recover>")
        .append(escape(replayPreview(spark, layout, source, open, inputs)))
        .append("</td></tr>\n");
  }

  /**
   * The rules of each source as its contracts declare them now (those of {@code --contracts}, else
   * the shipped ones), which place each rule's history at its line today and mark the rules no
   * longer declared; empty when they cannot be read: the rules table then shows the lines of their
   * last evaluation, and the replay preview says why.
   */
  private static Map<String, Ruleset> currentRules(SparkSession spark, ReportInputs inputs) {
    Map<String, Ruleset> rules = new HashMap<>();
    try {
      JobContracts declarations = new JobContracts(spark, inputs.contracts());
      for (DatasetContract contract : declarations.contracts()) {
        rules.put(contract.source(), declarations.ruleset(contract));
      }
    } catch (RuntimeException e) {
      // The report shows what it can without them.
      rules.clear();
    }
    return rules;
  }

  /** A source's row of the summary and its section of the report. */
  private record SourcePart(String summaryRow, String section) {}

  private static SourcePart part(
      SparkSession spark,
      LakeLayout layout,
      Dataset<Row> results,
      Dataset<Row> metrics,
      ReportInputs inputs,
      String source,
      Optional<Ruleset> current) {
    // The source's tables and rule results, read once for its summary row and its section.
    Dataset<Row> processed = LakeTables.latest(spark, layout.processedTable(source));
    Dataset<Row> quarantine = LakeTables.latest(spark, layout.quarantineTable(source));
    Dataset<Row> ofSource = results == null ? null : results.where(col("source").equalTo(source));
    StringBuilder row = new StringBuilder();
    summaryRow(row, spark, layout, ofSource, source, processed, quarantine, inputs);
    StringBuilder html = new StringBuilder();
    html.append("<section data-source=\"").append(escape(source)).append("\">\n");
    html.append("<h2>").append(escape(source)).append("</h2>\n");
    if (ofSource == null || ofSource.isEmpty()) {
      html.append("<h3>Rules</h3>\n<p>No quality rule evaluated: the source has no ruleset.</p>\n");
    } else {
      RuleEvidenceSection evidence = new RuleEvidenceSection(source, ofSource);
      rules(html, ofSource, current, evidence);
      evidence.append(html);
      anomalies(html, ofSource);
    }
    quarantine(html, open(quarantine));
    histogram(html, processed);
    runTrends(html, source, inputs);
    if (metrics != null) {
      trends(html, metrics.where(col("source").equalTo(source)));
    }
    html.append("</section>\n");
    return new SourcePart(row.toString(), html.toString());
  }

  private static void cell(StringBuilder html, String name, String value) {
    html.append("<td class=\"n\" data-")
        .append(name)
        .append(">")
        .append(escape(value))
        .append("</td>");
  }

  private static String replayPreview(
      SparkSession spark, LakeLayout layout, String source, long open, ReportInputs inputs) {
    if (open == 0) {
      return "nothing open";
    }
    try {
      ReplayResult result =
          new ReplayQuarantinePlan(
                  spark,
                  new ReplayQuarantineConfig(
                      JobCatalog.REPLAY_QUARANTINE.name(),
                      "report-preview",
                      layout,
                      inputs.contracts(),
                      ReplaySelection.all(source),
                      true))
              .run();
      ReplayResult.Line total = result.summary().total();
      return total.recovered()
          + " of "
          + total.selected()
          + " ("
          + total.written()
          + " new, "
          + total.duplicates()
          + " duplicate(s))";
    } catch (Exception e) {
      // The report shows what it can: a source whose contract is not at hand has no preview (and
      // Spark's checked exceptions are thrown undeclared).
      return "no preview: " + ErrorMessage.detail(e);
    }
  }

  /** The quarantine rows no replay recovered (all of a table of an earlier version), or null. */
  private static Dataset<Row> open(Dataset<Row> quarantine) {
    return quarantine == null ? null : ReplayColumns.openRows(quarantine);
  }

  private static Map<String, Long> reasonCounts(Dataset<Row> quarantine) {
    Map<String, Long> counts = new TreeMap<>();
    if (quarantine == null) {
      return counts;
    }
    for (Row r :
        quarantine
            .select(explode(col(LakeColumns.REASONS)).as("reason"))
            .select(ReasonCodes.reasonKey(col("reason")).as("reason"))
            .groupBy("reason")
            .count()
            .collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  private static void rules(
      StringBuilder html,
      Dataset<Row> results,
      Optional<Ruleset> current,
      RuleEvidenceSection evidence) {
    // One row per rule of a file, wherever edits of the file have moved it: its line is the one
    // it has now, or, for a rule no longer in the file, the one of its last evaluation.
    List<Row> grouped =
        results
            .groupBy("rule", "action", "file", "row_level")
            .agg(
                max_by(col("line"), col("evaluated_at")).as("line"),
                count(lit(1)).as("batches"),
                sum(when(col("passed"), 1).otherwise(0)).as("passed_batches"),
                sum("rows").as("rows"),
                sum("failing_rows").as("failing_rows"),
                max_by(col("observed"), col("evaluated_at")).as("observed"),
                max_by(col("threshold"), col("evaluated_at")).as("threshold"),
                max_by(col("passed"), col("evaluated_at")).as("last_passed"))
            .select(
                "rule",
                "action",
                "file",
                "line",
                "row_level",
                "batches",
                "passed_batches",
                "rows",
                "failing_rows",
                "observed",
                "threshold",
                "last_passed")
            .collectAsList();
    Map<Row, OptionalInt> lineNow = new HashMap<>();
    grouped.forEach(r -> lineNow.put(r, lineNow(current, r.getString(2), r.getString(0))));
    List<Row> rows = new ArrayList<>(grouped);
    rows.sort(
        Comparator.<Row, String>comparing(r -> r.getString(2))
            .thenComparingInt(r -> lineNow.get(r).orElse(r.getInt(3))));
    html.append("<h3>Rules</h3>\n<table class=\"rules\"><tr><th>Rule</th><th>Action</th>")
        .append("<th>Where</th><th>Pass rate</th><th>Batches passed</th>")
        .append("<th>Last observed</th><th>Threshold</th><th>Evidence</th></tr>\n");
    for (Row r : rows) {
      boolean rowLevel = r.getBoolean(4);
      long batches = r.getLong(5);
      long passedBatches = r.getLong(6);
      String rate;
      if (rowLevel) {
        long total = r.isNullAt(7) ? 0 : r.getLong(7);
        long failing = r.isNullAt(8) ? 0 : r.getLong(8);
        rate = total == 0 ? "-" : percent(total - failing, total) + " of rows";
      } else {
        rate = percent(passedBatches, batches) + " of batches";
      }
      String action = r.getString(1);
      String css = r.getBoolean(11) ? "ok" : action.equals("fail") ? "fail" : "warn";
      html.append("<tr data-rule=\"")
          .append(escape(r.getString(0)))
          .append("\"><td><code>")
          .append(escape(r.getString(0)))
          .append("</code></td><td>")
          .append(action)
          .append("</td><td>")
          .append(escape(r.getString(2)))
          .append(" line ")
          .append(lineNow.get(r).orElse(r.getInt(3)))
          .append(
              current.isPresent() && lineNow.get(r).isEmpty()
                  ? " <span class=\"warn\" data-removed>(not in the file now)</span>"
                  : "")
          .append("</td><td class=\"n ")
          .append(css)
          .append("\" data-pass-rate>")
          .append(rate)
          .append("</td><td class=\"n\">")
          .append(passedBatches)
          .append(" / ")
          .append(batches)
          .append("</td><td class=\"n\">")
          .append(escape(r.getString(9)))
          .append("</td><td>")
          .append(escape(r.getString(10)))
          .append("</td><td>")
          .append(evidence.link(r.getString(2), r.getString(0)))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  /** The line of the rule {@code text} in {@code file} now, or none when it is not there. */
  private static OptionalInt lineNow(Optional<Ruleset> current, String file, String text) {
    return current.stream()
        .flatMap(ruleset -> ruleset.rules().stream())
        .filter(rule -> rule.file().equals(file) && rule.text().equals(text))
        .mapToInt(QualityRule::line)
        .findFirst();
  }

  private static void anomalies(StringBuilder html, Dataset<Row> results) {
    List<Row> flagged =
        results
            .where(QualityRepository.failedAgainstHistory())
            .orderBy("evaluated_at")
            .select("run_id", "rule", "action", "observed", "threshold")
            .collectAsList();
    html.append("<h3>Anomalies</h3>\n");
    if (flagged.isEmpty()) {
      html.append("<p class=\"ok\">No batch metric deviated from its history.</p>\n");
      return;
    }
    html.append("<table class=\"anomalies\"><tr><th>Run</th><th>Rule</th><th>Action</th>")
        .append("<th>Observed</th><th>Expected</th></tr>\n");
    for (Row r : flagged) {
      html.append("<tr class=\"flag\" data-anomaly=\"")
          .append(escape(r.getString(1)))
          .append("\"><td>")
          .append(escape(r.getString(0)))
          .append("</td><td><code>")
          .append(escape(r.getString(1)))
          .append("</code></td><td>")
          .append(r.getString(2))
          .append("</td><td class=\"n\">")
          .append(escape(r.getString(3)))
          .append("</td><td>")
          .append(escape(r.getString(4)))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void quarantine(StringBuilder html, Dataset<Row> quarantine) {
    html.append("<h3>Quarantine by reason</h3>\n");
    if (quarantine == null) {
      html.append("<p>No quarantine table.</p>\n");
      return;
    }
    Map<String, Long> counts = reasonCounts(quarantine);
    long rows = quarantine.count();
    html.append("<p>")
        .append(rows)
        .append(" open quarantined record(s) (a replay has not recovered them); a record can have")
        .append(" several reasons.</p>\n")
        .append("<table class=\"quarantine\"><tr><th>Reason</th><th>Records</th></tr>\n");
    counts.forEach(
        (reason, n) ->
            html.append("<tr data-reason=\"")
                .append(escape(reason))
                .append("\"><td><code>")
                .append(escape(reason))
                .append("</code></td><td class=\"n\">")
                .append(n)
                .append("</td></tr>\n"));
    html.append("</table>\n");
  }

  private static void histogram(StringBuilder html, Dataset<Row> processed) {
    html.append("<h3>Quality score of processed records</h3>\n");
    if (processed == null) {
      html.append("<p>No processed table.</p>\n");
      return;
    }
    long[] bins = new long[BINS];
    for (Row r :
        processed
            .select(
                least(floor(col(LakeColumns.QUALITY_SCORE).multiply(BINS)), lit(BINS - 1))
                    .cast("int")
                    .as("bin"))
            .groupBy("bin")
            .count()
            .collectAsList()) {
      if (!r.isNullAt(0)) {
        bins[r.getInt(0)] = r.getLong(1);
      }
    }
    long max = 1;
    for (long b : bins) {
      max = Math.max(max, b);
    }
    int barWidth = 40;
    int height = 120;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"histogram\" width=\"%d\" height=\"%d\" role=\"img\""
                + " aria-label=\"quality score histogram\">",
            BINS * barWidth + 20,
            height + 40));
    for (int i = 0; i < BINS; i++) {
      int h = (int) Math.round((double) bins[i] / max * height);
      int x = 10 + i * barWidth;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect data-bin=\"%d\" data-count=\"%d\" x=\"%d\" y=\"%d\" width=\"%d\""
                  + " height=\"%d\" fill=\"#4a7bd0\"><title>%.1f-%.1f: %d</title></rect>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.1f</text>",
              i,
              bins[i],
              x,
              10 + height - h,
              barWidth - 4,
              h,
              i / (double) BINS,
              (i + 1) / (double) BINS,
              bins[i],
              x + barWidth / 2 - 2,
              8 + height - h,
              bins[i],
              x + barWidth / 2 - 2,
              height + 25,
              i / (double) BINS));
    }
    svg.append("</svg>\n");
    html.append(svg)
        .append("<p>Bars: records per score range (left edge shown; the last bar includes 1.0).")
        .append("</p>\n");
  }

  /**
   * Row count, quarantine share and mean quality score of the source's raw-to-processed runs that
   * read records, oldest first, from the run ledger (the latest {@link #RUNS} runs). Both are over
   * the records a run read, quarantined ones included (the summary's open share is over processed
   * and open quarantine rows, {@code source_statistics}' mean score over processed rows), and the
   * charts say so.
   */
  private static void runTrends(StringBuilder html, String source, ReportInputs inputs) {
    html.append("<h3>Runs over time</h3>\n");
    if (inputs.ledger().isEmpty()) {
      html.append("<p>No run ledger: the trends over runs need it.</p>\n");
      return;
    }
    List<RunRecord> runs =
        new ArrayList<>(
            inputs.ledger().get().latestRuns(source, RUNS).stream()
                .filter(
                    r ->
                        r.job().equals(JobCatalog.RAW_TO_PROCESSED.name())
                            && r.status() == RunStatus.SUCCEEDED
                            && r.counts().linesRead() > 0)
                .toList());
    runs.sort(java.util.Comparator.comparing(RunRecord::startedAt));
    if (runs.isEmpty()) {
      html.append("<p>No run has read records yet.</p>\n");
      return;
    }
    List<double[]> rows = new ArrayList<>();
    List<double[]> share = new ArrayList<>();
    List<double[]> quality = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> qualityIds = new ArrayList<>();
    for (RunRecord run : runs) {
      BatchCounts counts = run.counts();
      rows.add(new double[] {rows.size(), counts.linesRead()});
      share.add(new double[] {share.size(), (double) counts.quarantined() / counts.linesRead()});
      ids.add(run.runId());
      Double score = run.qualityMetrics().get(RunMetrics.AVERAGE_QUALITY_SCORE);
      if (score != null) {
        quality.add(new double[] {quality.size(), score});
        qualityIds.add(run.runId());
      }
    }
    html.append("<div class=\"run-trends\">\n")
        .append(chart("records read", rows, ids, "run(s)"))
        .append(chart("quarantined / records read", share, ids, "run(s)"));
    if (!quality.isEmpty()) {
      html.append(chart("mean quality score of records read", quality, qualityIds, "run(s)"));
    }
    html.append("</div>\n");
  }

  private static void trends(StringBuilder html, Dataset<Row> metrics) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    Map<String, List<String>> runs = new LinkedHashMap<>();
    for (Row r :
        metrics
            .where(col("committed"))
            .orderBy("metric", "evaluated_at", "batch_id")
            .select("metric", "value", "run_id")
            .collectAsList()) {
      List<double[]> points = series.computeIfAbsent(r.getString(0), m -> new ArrayList<>());
      points.add(new double[] {points.size(), r.getDouble(1)});
      runs.computeIfAbsent(r.getString(0), m -> new ArrayList<>()).add(r.getString(2));
    }
    html.append("<h3>Batch metrics over runs</h3>\n");
    if (series.isEmpty()) {
      html.append("<p>No committed batch yet.</p>\n");
      return;
    }
    html.append("<div class=\"trends\">\n");
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      html.append(chart(e.getKey(), e.getValue(), runs.get(e.getKey()), "batch(es)"));
    }
    html.append("</div>\n");
  }

  private static String chart(
      String metric, List<double[]> points, List<String> runs, String unit) {
    int width = 320;
    int height = 110;
    double min = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
    double max = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
    if (max == min) {
      max = min + 1;
    }
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double x = 30 + (points.size() == 1 ? 0 : i * (width - 60.0) / (points.size() - 1));
      double y = 15 + (height - 30) * (1 - (points.get(i)[1] - min) / (max - min));
      line.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      dots.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#4a7bd0\"><title>%s: %s</title>"
                  + "</circle>",
              x,
              y,
              escape(runs.get(i)),
              DataQuality.number(points.get(i)[1])));
    }
    return String.format(
        Locale.ROOT,
        "<figure data-metric=\"%s\" style=\"display:inline-block;margin:0 1em 1em 0\">"
            + "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s over runs\">"
            + "<path d=\"%s\" fill=\"none\" stroke=\"#4a7bd0\" stroke-width=\"2\"/>%s"
            + "<text x=\"2\" y=\"12\" font-size=\"10\">%s</text>"
            + "<text x=\"2\" y=\"%d\" font-size=\"10\">%s</text></svg>"
            + "<figcaption><code>%s</code>, %d %s, last %s</figcaption></figure>\n",
        escape(metric),
        width,
        height,
        escape(metric),
        line,
        dots,
        DataQuality.number(max),
        height - 4,
        DataQuality.number(min),
        escape(metric),
        points.size(),
        unit,
        DataQuality.number(points.get(points.size() - 1)[1]));
  }

  private static String percent(long part, long whole) {
    return percent((double) part / whole);
  }

  /** A share (0 to 1) as a percentage with one decimal: {@code 12.5%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String escape(String text) {
    return text == null
        ? ""
        : text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }
}
