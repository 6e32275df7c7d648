package org.zonelake.jobs;

import static org.apache.spark.sql.functions.broadcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.batch.DayCounts;
import org.zonelake.core.curated.CuratedJoins;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.core.read.ReferenceReader;
import org.zonelake.core.write.CuratedTableWriter;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.model.LakeColumns;

/**
 * Brings one joined dataset up to date: the days of its left source that gained rows since the
 * versions last consumed, and the days holding left rows with the keys of the right source's new
 * rows, are joined again and replaced; everything is recomputed on the first run, when the
 * declaration or its left source's columns changed, when a reference table was rewritten or is read
 * from another place, or when the log of either processed table no longer covers the last run. The
 * right side is read once (broadcast: it holds one row per key); the joined rows are written once
 * and counted per day on the way, for {@code join_statistics}.
 */
final class JoinRefresh {

  /**
   * What a refresh did.
   *
   * @param scope the days recomputed and the versions consumed
   * @param days the days the joined table now holds rows of among those recomputed
   * @param statistics the {@code join_statistics} rows of those days
   */
  record Refreshed(CuratedScope scope, List<DayKey> days, List<Row> statistics) {}

  /** State key: the fingerprint of the declaration joined. */
  private static final String DECLARATION_VERSION = "declaration";

  /** State key: the version of the left source's processed table joined. */
  private static final String LEFT_VERSION = "left";

  /** State key: the version of the right source's processed table joined. */
  private static final String RIGHT_VERSION = "right";

  /** State key: the fingerprint of the reference table joined. */
  private static final String REFERENCE_VERSION = "reference";

  private final SparkSession spark;
  private final CuratedStep step;
  private final String runId;
  private final CuratedTableWriter writer;

  JoinRefresh(CuratedStep step) {
    this.spark = step.spark();
    this.step = step;
    this.runId = step.config().runId();
    this.writer = step.writer();
  }

  /** The scope of a joined dataset from its state and the logs of its inputs. */
  CuratedScope scope(JoinedDataset join, Optional<Map<String, Long>> previous) {
    String left = processed(join.leftSource());
    Map<String, Long> versions = new LinkedHashMap<>();
    String reason = previous.isEmpty() ? "first run" : "";
    versions.put(DECLARATION_VERSION, join.fingerprint());
    if (reason.isEmpty()
        && !Long.valueOf(join.fingerprint()).equals(previous.get().get(DECLARATION_VERSION))) {
      // The fingerprint covers the left source's columns too, which the joined table carries.
      reason = "declaration or its left source's columns changed";
    }
    Optional<DeltaChanges.Changes> rightAdded = Optional.empty();
    if (join.right() instanceof JoinedDataset.ProcessedSource side) {
      String right = processed(side.source());
      long latest = step.inputs().latest(right);
      versions.put(RIGHT_VERSION, latest);
      long last = previous.map(p -> p.getOrDefault(RIGHT_VERSION, -1L)).orElse(-1L);
      if (reason.isEmpty() && latest != last) {
        Optional<DeltaChanges.Changes> changes = DeltaChanges.between(spark, right, last, latest);
        if (changes.isEmpty() || !changes.get().filesPresent(spark)) {
          reason = side.source() + " changed";
        } else if (!changes.get().added().isEmpty()) {
          rightAdded = changes;
        }
      }
    } else {
      long fingerprint = ReferenceReader.fingerprint(spark, join);
      versions.put(REFERENCE_VERSION, fingerprint);
      if (reason.isEmpty()
          && !Long.valueOf(fingerprint).equals(previous.get().get(REFERENCE_VERSION))) {
        reason = "reference table changed";
      }
    }
    long leftVersion = step.inputs().latest(left);
    versions.put(LEFT_VERSION, leftVersion);
    TreeSet<DayKey> days = new TreeSet<>();
    if (reason.isEmpty()) {
      Optional<DeltaChanges.Changes> changes =
          DeltaChanges.between(
              spark, left, previous.get().getOrDefault(LEFT_VERSION, -1L), leftVersion);
      if (changes.isEmpty()) {
        reason = join.leftSource() + " log expired";
      } else {
        changes.get().added().forEach(f -> days.add(DayKey.ofPartition(f.partitionValues())));
        rightAdded.ifPresent(added -> days.addAll(daysMatching(join, leftVersion, added)));
      }
    }
    return new CuratedScope(!reason.isEmpty(), days, versions, reason);
  }

  /**
   * The left source's days (at {@code leftVersion}) holding rows whose keys the right side's new
   * rows have: only those days' joined rows can change.
   */
  private List<DayKey> daysMatching(
      JoinedDataset join, long leftVersion, DeltaChanges.Changes rightAdded) {
    return CuratedJoins.daysMatching(
            join,
            DeltaTables.readAt(spark, processed(join.leftSource()), leftVersion),
            rightAdded.addedRows(spark))
        .collectAsList()
        .stream()
        .map(DayKey::of)
        .toList();
  }

  /**
   * Joins the scope's days again (both sides read at the versions the scope consumes, so the state
   * names exactly what was joined) and replaces them in the joined table.
   */
  Refreshed refresh(JoinedDataset join, CuratedScope scope, String path) {
    String left = processed(join.leftSource());
    Dataset<Row> leftRows =
        DeltaTables.readAt(spark, left, scope.versions().get(LEFT_VERSION))
            .where(scope.predicate());
    Dataset<Row> rightRows =
        join.right() instanceof JoinedDataset.ProcessedSource side
            ? CuratedJoins.latestPerKey(
                DeltaTables.readAt(
                    spark, processed(side.source()), scope.versions().get(RIGHT_VERSION)),
                join.rightKeys())
            : ReferenceReader.read(spark, join);
    DayCounts.Counted joined =
        DayCounts.count(
            CuratedJoins.join(join, leftRows, broadcast(rightRows)), JoinedDataset.MATCHED);
    try {
      if (scope.full()) {
        writer.overwrite(joined.rows(), path, LakeColumns.PARTITION_COLUMNS);
      } else {
        writer.replace(joined.rows(), path, LakeColumns.PARTITION_COLUMNS, scope.predicate());
      }
    } finally {
      rightRows.unpersist();
    }
    List<DayKey> days = new ArrayList<>();
    List<Row> statistics = new ArrayList<>();
    joined
        .perDay()
        .forEach(
            (day, counts) -> {
              days.add(day);
              statistics.add(
                  CuratedJoins.statistics(join.name(), day, counts[0], counts[1], runId));
            });
    return new Refreshed(scope, days, statistics);
  }

  private String processed(String source) {
    return step.processedTable(source);
  }
}
