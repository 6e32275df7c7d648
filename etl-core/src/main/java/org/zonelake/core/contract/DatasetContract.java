package org.zonelake.core.contract;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.model.EventTime;

/**
 * Everything the lake knows about one source: how its raw files look, the typed schema of a record,
 * which column is the event time, which columns are required, what makes two records the same, and
 * which measures the curated tables aggregate. Built and validated by {@link ContractParser}.
 *
 * @param source the source name: the raw directory {@code raw/<source>/} and the table names
 * @param description free text for people
 * @param format the raw layout
 * @param schemaDdl the schema as written in the contract (Spark DDL)
 * @param schema the parsed schema; column order is the canonical record order
 * @param eventTime the event-time column and its formats
 * @param required columns that must be present and non-empty
 * @param dedupeKey columns identifying a record; empty means the hash of the whole record
 * @param measures numeric columns aggregated in curated tables
 * @param rulesets file names of the source's DQDL rulesets, resolved in the contract's directory;
 *     each is named {@code <name>.<action>.dqdl} with action warn, quarantine or fail. Empty means
 *     the convention {@code <source>.warn.dqdl}, {@code <source>.quarantine.dqdl}, {@code
 *     <source>.fail.dqdl} (those that exist)
 * @param origin where the contract was read from (for messages)
 */
public record DatasetContract(
    String source,
    String description,
    RawFormat format,
    String schemaDdl,
    StructType schema,
    EventTime eventTime,
    List<String> required,
    List<String> dedupeKey,
    List<String> measures,
    List<String> rulesets,
    String origin) {

  /** Copies the lists and checks nothing is null; {@link ContractParser} checks the meaning. */
  public DatasetContract {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(schemaDdl, "schemaDdl");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(origin, "origin");
    required = List.copyOf(required);
    dedupeKey = List.copyOf(dedupeKey);
    measures = List.copyOf(measures);
    rulesets = List.copyOf(rulesets);
  }

  /** The schema's column names in order. */
  public List<String> columnNames() {
    return List.of(schema.fieldNames());
  }

  /** The schema field with this name. */
  public StructField field(String name) {
    return schema.apply(name);
  }

  /** True when records are identified by the hash of the whole canonical record. */
  public boolean dedupesOnRecordHash() {
    return dedupeKey.isEmpty();
  }
}
