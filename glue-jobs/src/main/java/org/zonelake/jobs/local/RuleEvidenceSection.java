package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.quality.DataQuality;

/**
 * The failing rows of a source's rules in the quality report: for each rule whose latest failed
 * evaluation kept evidence, the run and batch, the failing rows and their share, the most frequent
 * offending values, sample failing rows (raw file, record hash, value) and the history behind a
 * dynamic threshold. The rules table links each such rule to its part.
 */
final class RuleEvidenceSection {

  private final String source;
  private final Map<RuleKey, Row> latest = new LinkedHashMap<>();

  /** A rule of a ruleset file: the same text may stand in two files of a source. */
  private record RuleKey(String file, String rule) {}

  /** The latest evidence of each rule of {@code results} (one source's rule results). */
  RuleEvidenceSection(String source, Dataset<Row> results) {
    this.source = source;
    if (!Arrays.asList(results.columns()).contains("samples")) {
      return; // results written before rules kept evidence
    }
    for (Row r :
        results
            .where(
                not(col("passed"))
                    .and(
                        size(col("samples"))
                            .gt(0)
                            .or(size(col("top_values")).gt(0))
                            .or(size(col("history")).gt(0))))
            .groupBy("file", "rule")
            .agg(
                max_by(col("line"), col("evaluated_at")).as("line"),
                max_by(
                        struct(
                            "run_id",
                            "batch_id",
                            "failing_rows",
                            "failing_share",
                            "observed",
                            "threshold",
                            "samples",
                            "top_values",
                            "history"),
                        col("evaluated_at"))
                    .as("e"))
            .orderBy("file", "line")
            .collectAsList()) {
      latest.put(new RuleKey(r.getString(0), r.getString(1)), r.getStruct(3));
    }
  }

  /**
   * The link from the rules table to the part of the rule {@code rule} of {@code file}, empty when
   * the rule kept no evidence.
   */
  String link(String file, String rule) {
    RuleKey key = new RuleKey(file, rule);
    if (!latest.containsKey(key)) {
      return "";
    }
    return "<a href=\"#"
        + anchor(key)
        + "\" data-evidence-link>"
        + (latest.get(key).getList(6).isEmpty() ? "history" : "failing rows")
        + "</a>";
  }

  /** Appends the part of every rule that kept evidence. */
  void append(StringBuilder html) {
    if (latest.isEmpty()) {
      return;
    }
    html.append("<h3>Failing rows</h3>\n");
    latest.forEach((key, e) -> appendRule(html, key, e));
  }

  private void appendRule(StringBuilder html, RuleKey key, Row e) {
    String rule = key.rule();
    html.append("<div class=\"evidence\" id=\"")
        .append(anchor(key))
        .append("\" data-evidence=\"")
        .append(QualityReport.escape(rule))
        .append("\">\n<h4><code>")
        .append(QualityReport.escape(rule))
        .append("</code></h4>\n<p>Run <code>")
        .append(QualityReport.escape(e.getString(0)))
        .append("</code>, batch ")
        .append(e.getLong(1))
        .append(": observed ")
        .append(QualityReport.escape(e.getString(4)))
        .append(", threshold ")
        .append(QualityReport.escape(e.getString(5)));
    if (!e.isNullAt(2)) {
      html.append("; <span data-failing-rows>")
          .append(e.getLong(2))
          .append("</span> failing row(s)");
      if (!e.isNullAt(3)) {
        html.append(" (").append(QualityReport.percent(e.getDouble(3))).append(" of the batch)");
      }
    }
    html.append(".</p>\n");
    List<Row> top = e.getList(7);
    if (!top.isEmpty()) {
      html.append(
          "<table class=\"top-values\"><tr><th>Offending value</th><th>Failing rows</th></tr>\n");
      for (Row v : top) {
        html.append("<tr><td data-value>")
            .append(QualityReport.escape(v.getString(0)))
            .append("</td><td class=\"n\">")
            .append(v.getLong(1))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    List<Row> samples = e.getList(6);
    if (!samples.isEmpty()) {
      html.append(
          "<table class=\"samples\"><tr><th>Raw file</th><th>Record"
              + " hash</th><th>Value</th></tr>\n");
      for (Row s : samples) {
        html.append("<tr><td>")
            .append(QualityReport.escape(s.getString(1)))
            .append("</td><td><code>")
            .append(QualityReport.escape(s.getString(0)))
            .append("</code></td><td data-value>")
            .append(QualityReport.escape(s.getString(2)))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    List<Double> history = e.getList(8);
    if (!history.isEmpty()) {
      html.append("<p data-history>Threshold computed from the earlier batches' values: ");
      for (int i = 0; i < history.size(); i++) {
        html.append(i == 0 ? "" : ", ").append(DataQuality.number(history.get(i)));
      }
      html.append(".</p>\n");
    }
    html.append("</div>\n");
  }

  private String anchor(RuleKey key) {
    return "evidence-"
        + source
        + "-"
        + Integer.toHexString((key.file() + "\n" + key.rule()).hashCode());
  }
}
