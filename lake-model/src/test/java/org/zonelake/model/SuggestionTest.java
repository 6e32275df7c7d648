package org.zonelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionTest {

  private static final List<String> COMMANDS =
      List.of("run", "skip-file", "runs", "lineage", "maintain", "replay", "quality", "sql");

  @Test
  void aSwapOfNeighboursIsOneEdit() {
    assertThat(Suggestion.closest("rnu", COMMANDS)).contains("run");
    assertThat(Suggestion.closest("qualtiy", COMMANDS)).contains("quality");
    assertThat(Suggestion.distance("fromat", "format")).isEqualTo(1);
  }

  @Test
  void aMissingOrExtraLetterIsOneEditAndCaseIsIgnored() {
    assertThat(Suggestion.closest("lak", List.of("raw", "lake", "contracts"))).contains("lake");
    assertThat(Suggestion.closest("Replays", COMMANDS)).contains("replay");
  }

  @Test
  void theFirstOfEquallyCloseCandidatesWins() {
    assertThat(Suggestion.closest("rn", COMMANDS)).contains("run");
  }

  @Test
  void nothingIsSuggestedForANameFarFromEveryCandidate() {
    assertThat(Suggestion.closest("status", COMMANDS)).isEmpty();
    assertThat(Suggestion.closest("deploy", COMMANDS)).isEmpty();
    assertThat(Suggestion.distance("deploy", "replay")).isEqualTo(2);
    assertThat(Suggestion.closest("maintian_", COMMANDS)).contains("maintain");
    assertThat(Suggestion.closest("x", List.of("sql"))).isEmpty();
    assertThat(Suggestion.closest("ab", List.of("xy"))).isEmpty();
  }
}
