package org.zonelake.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Insertion-ordered maps for construct properties. {@code Map.of} iterates in an order that changes
 * from one JVM to the next, which would reorder keys in the synthesized templates.
 */
final class Ordered {

  private Ordered() {}

  /** A map of alternating keys and values, in the given order. */
  @SuppressWarnings("unchecked")
  static <V> Map<String, V> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      if (map.put(key, (V) keysAndValues[i + 1]) != null) {
        throw new IllegalArgumentException("duplicate key " + key);
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
