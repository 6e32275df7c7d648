package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zonelake.core.curated.DayKey;

/**
 * What a processed-to-curated run did.
 *
 * @param sources one outcome per source aggregated, in contract order
 * @param joins one outcome per joined dataset, in declaration order
 */
public record CuratedResult(List<Outcome> sources, List<JoinOutcome> joins) {

  /** A run that did nothing. */
  public static final CuratedResult EMPTY = new CuratedResult(List.of(), List.of());

  /** Copies the lists. */
  public CuratedResult {
    sources = List.copyOf(sources);
    joins = List.copyOf(joins);
  }

  /** The sources and joined datasets that failed. */
  public List<String> failed() {
    List<String> failed = new ArrayList<>();
    sources.stream().filter(o -> o.error().isPresent()).forEach(o -> failed.add(o.source()));
    joins.stream().filter(o -> o.error().isPresent()).forEach(o -> failed.add(o.name()));
    return failed;
  }

  /**
   * What a run did for one source.
   *
   * @param source the source
   * @param days the event days recomputed (empty: nothing changed)
   * @param fullRecompute true when every day was recomputed (first run, or an expired log)
   * @param error why the source failed, if it did
   */
  public record Outcome(
      String source, List<DayKey> days, boolean fullRecompute, Optional<String> error) {

    static Outcome upToDate(String source) {
      return new Outcome(source, List.of(), false, Optional.empty());
    }

    static Outcome failed(String source, String error) {
      return new Outcome(source, List.of(), false, Optional.of(error));
    }
  }

  /**
   * What a run did for one joined dataset.
   *
   * @param name the joined dataset
   * @param days the event days recomputed (empty: nothing changed)
   * @param fullRecompute true when every day was recomputed
   * @param reason why every day was recomputed ("first run", "customers changed", ...); empty when
   *     only the left source's changed days were
   * @param records rows of the whole dataset after the run (-1 when it failed or was up to date)
   * @param unmatched rows of the whole dataset without a right-side row (-1 likewise)
   * @param error why the dataset failed, if it did
   */
  public record JoinOutcome(
      String name,
      List<DayKey> days,
      boolean fullRecompute,
      String reason,
      long records,
      long unmatched,
      Optional<String> error) {

    static JoinOutcome upToDate(String name) {
      return new JoinOutcome(name, List.of(), false, "", -1, -1, Optional.empty());
    }

    static JoinOutcome failed(String name, String error) {
      return new JoinOutcome(name, List.of(), false, "", -1, -1, Optional.of(error));
    }

    /** This outcome with the dataset's totals. */
    JoinOutcome withTotals(long records, long unmatched) {
      return new JoinOutcome(name, days, fullRecompute, reason, records, unmatched, error);
    }
  }
}
