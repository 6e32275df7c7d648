package org.zonelake.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsEveryKindOfValueKeepingTheOrderOfNames() {
    Object value =
        Json.parse(
            " {\"b\": [1, -2, 0.5, 1e3, true, false, null], \"a\": {}, \"c\": [], \"d\": \"x\"} ");

    assertThat(value).isInstanceOf(Map.class);
    Map<?, ?> object = (Map<?, ?>) value;
    assertThat(List.<Object>copyOf(object.keySet())).containsExactly("b", "a", "c", "d");
    assertThat(object.get("b")).isEqualTo(Arrays.asList(1L, -2L, 0.5, 1000.0, true, false, null));
    assertThat(object.get("a")).isEqualTo(Map.of());
    assertThat(object.get("c")).isEqualTo(List.of());
    assertThat(object.get("d")).isEqualTo("x");
  }

  @Test
  void readsEveryEscapeOfAString() {
    assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00fc\\u0041\""))
        .isEqualTo("q\" b\\ s/ \b\f\n\r\t üA");
  }

  @Test
  void saysWhatItExpectedAndWhere() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a quoted name at character 9 of 9");
    assertThatThrownBy(() -> Json.parse("{\"a\": 1} x"))
        .hasMessage("expected the end of the document at character 10 of 10");
    assertThatThrownBy(() -> Json.parse("[01]")).hasMessage("expected a value at character 2 of 4");
    assertThatThrownBy(() -> Json.parse("\"open"))
        .hasMessage("expected the closing quote of a string at the end of the text");
  }
}
