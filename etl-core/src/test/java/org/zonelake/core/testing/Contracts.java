package org.zonelake.core.testing;

import org.zonelake.core.contract.ContractParser;
import org.zonelake.core.contract.DatasetContract;

/** Small inline contracts for transform tests. */
public final class Contracts {

  private Contracts() {}

  /** A JSON-lines source {@code t}: id STRING, amount DECIMAL(10,2), n INT, ts TIMESTAMP. */
  public static DatasetContract jsonLines() {
    return ContractParser.parse(
        "t.json",
        """
        {"source": "t", "format": {"type": "json_lines"},
         "schema": "id STRING, amount DECIMAL(10,2), n INT, ts TIMESTAMP",
         "event_time": {"column": "ts", "formats": ["yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd"]},
         "required": ["id", "ts"]}
        """);
  }

  /** A JSON-lines source {@code source} of {@code schema}, its event time in column {@code ts}. */
  public static DatasetContract jsonLines(String source, String schema, String ts) {
    return ContractParser.parse(
        source + ".json",
        """
        {"source": "%s", "format": {"type": "json_lines"},
         "schema": "%s", "event_time": {"column": "%s"}}
        """
            .formatted(source, schema, ts));
  }
}
