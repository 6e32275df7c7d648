package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.contract.ContractParser;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.fs.ListedDirectory;

class RulesetLoadingTest {

  private static Ruleset load(String file, String text) {
    return Rulesets.parse(Fixtures.shop(), Map.of(file, text));
  }

  @Test
  void ruleTypeZoneLakeCannotEvaluateFailsLoadingWithRuleAndLine() {
    String text = "# shop rules\nRules = [\n  RowCount > 0,\n  Entropy \"country\" > 1\n]\n";
    assertThatThrownBy(() -> load("shop.warn.dqdl", text))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 4: rule 'Entropy \"country\" > 1' uses rule type"
                + " Entropy, which ZoneLake cannot evaluate. Fix: use one of [ColumnDataType,"
                + " ColumnExists, ColumnLength, ColumnValues, Completeness, CustomSql,"
                + " DataFreshness, DetectAnomalies, DistinctValuesCount, IsComplete, IsPrimaryKey,"
                + " IsUnique, Mean,"
                + " ReferentialIntegrity, RowCount, StandardDeviation, Sum, Uniqueness], or remove"
                + " the rule.");
  }

  @Test
  void ruleTypeUnknownToDqdlFailsLoadingWithRuleAndLine() {
    assertThatThrownBy(
            () ->
                load("shop.fail.dqdl", "Rules = [\n  Frobnicate \"price\" > 1,\n  RowCount > 0\n]"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.fail.dqdl line 2: rule 'Frobnicate \"price\" > 1' uses rule type"
                + " 'Frobnicate', which DQDL does not have. Fix: use one of "
                + new java.util.TreeSet<>(RuleTypes.supported())
                + ".");
    assertThat(refusal("IsUniq \"order_id\""))
        .startsWith(
            "Ruleset shop.warn.dqdl line 2: rule 'IsUniq \"order_id\"' uses rule type 'IsUniq',"
                + " which DQDL does not have (did you mean IsUnique?). Fix: use one of [");
  }

  /**
   * A rule of a known type that does not parse says so, not that its type is not valid, and where
   * the parser stopped is counted in the rule, not in the parser's own text.
   */
  @Test
  void aRuleOfAKnownTypeThatDoesNotParseSaysWhereAndShowsTheType() {
    assertThat(refusal("ColumnValues \"country\" matchs \"[A-Z]{2}\""))
        .isEqualTo(
            "Ruleset shop.warn.dqdl line 2: rule 'ColumnValues \"country\" matchs \"[A-Z]{2}\"'"
                + " is not valid DQDL (its parameters or condition are not those of rule type"
                + " ColumnValues). Fix: write it as rule type ColumnValues takes it, e.g."
                + " ColumnValues \"price\" > 0; see the README section 'Quality rules'.");
    // Where the parser stopped, also when its message starts with a note of its own.
    assertThat(refusal("ColumnValues \"country\" in [\"FR\",, \"DE\"]"))
        .contains(" at character ")
        .doesNotContain("line 1:");
    // A combination of rules has no type of its own to suggest another for.
    assertThat(refusal("(IsComplete \"country\") and (IsUniq \"order_id\")"))
        .doesNotContain("did you mean")
        .endsWith(
            "Fix: write one complete DQDL rule per line, e.g. ColumnValues \"price\" > 0; see the"
                + " README section 'Quality rules'.");
    assertThat(refusal("ColumnValues \u201ccountry\u201d in [\"FR\"]"))
        .startsWith(
            "Ruleset shop.warn.dqdl line 2: rule 'ColumnValues \u201ccountry\u201d in [\"FR\"]' is"
                + " not valid DQDL (token recognition error at: '\u201c' at character 14 of the"
                + " rule).");
  }

  @Test
  void conditionZoneLakeCannotComputeFailsLoading() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.warn.dqdl",
                    Fixtures.file("RowCount > avg(last(3))", "RowCount > median(last(3))")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 3: rule 'RowCount > median(last(3))' compares with"
                + " 'median(last(3))' (history functions are avg, min, max or sum of last(k), k >="
                + " 1), which ZoneLake cannot compute. Fix: compare with numbers, or with"
                + " avg/min/max/sum of last(k) for run-over-run checks, e.g. 'RowCount >"
                + " avg(last(5)) * 0.5'.");
  }

  @Test
  void columnTheContractDoesNotDeclareFailsLoading() {
    assertThatThrownBy(() -> load("shop.quarantine.dqdl", Fixtures.file("IsComplete \"amount\"")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.quarantine.dqdl line 2: rule 'IsComplete \"amount\"' names column"
                + " 'amount', which the contract of source 'shop' does not declare. Fix: use one"
                + " of [order_id, customer_id, price, quantity, country, ts, _source, _event_time,"
                + " _record_hash, _quality_score, _unknown_fields, _ingested_at, _processed_at,"
                + " _raw_file, _run_id, year, month, day], or declare the column in the"
                + " contract.");
  }

  @Test
  void customSqlOutsideTheSinglePassFormsFailsLoading() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.warn.dqdl",
                    Fixtures.file(
                        "CustomSql \"SELECT country, COUNT(*) FROM primary GROUP BY country\" >"
                            + " 0")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 2: rule 'CustomSql \"SELECT country, COUNT(*) FROM"
                + " primary GROUP BY country\" > 0' has a SQL statement ZoneLake cannot evaluate"
                + " in its single pass. Fix: write 'SELECT <aggregate> FROM primary', or 'SELECT"
                + " COUNT(*) FROM primary WHERE <condition>'.");
  }

  @Test
  void customSqlThatSparkCannotParseFailsLoading() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.warn.dqdl",
                    Fixtures.file(
                        "CustomSql \"SELECT COUNT(*) FROM primary WHERE price >> > 2\" = 0")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Ruleset shop.warn.dqdl line 2: rule 'CustomSql \"SELECT COUNT(*) FROM primary WHERE"
                + " price >> > 2\" = 0' has SQL Spark cannot parse ([PARSE_SYNTAX_ERROR] Syntax"
                + " error at or near '>'");
    // A misspelt keyword, which leaves the statement's shape unknown, is Spark's error too.
    assertThat(refusal("CustomSql \"SELECT COUNT(*) FROM primary WHER price > 2\" = 0"))
        .startsWith(
            "Ruleset shop.warn.dqdl line 2: rule 'CustomSql \"SELECT COUNT(*) FROM primary WHER"
                + " price > 2\" = 0' has SQL Spark cannot parse ([PARSE_SYNTAX_ERROR] Syntax error"
                + " at or near 'price'");
  }

  /**
   * A statement that parses but that Spark cannot evaluate over the rows is refused before a batch
   * is read; one over the contract's and the lake's columns passes.
   */
  @Test
  void customSqlThatSparkCannotEvaluateIsRefusedBeforeAnyBatch() {
    org.apache.spark.sql.SparkSession spark = org.zonelake.core.testing.TestSpark.session();
    Ruleset wrongArguments =
        load(
            "shop.warn.dqdl",
            Fixtures.file(
                "CustomSql \"SELECT COUNT(*) FROM primary WHERE lower(country, 2) = 'x'\" = 0"));
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> wrongArguments.requireAnalysable(spark, Fixtures.shop()),
                    LakeException.class)
                .getMessage())
        .startsWith(
            "Ruleset shop.warn.dqdl line 2: rule 'CustomSql \"SELECT COUNT(*) FROM primary WHERE"
                + " lower(country, 2) = 'x'\" = 0' has SQL Spark cannot evaluate over the rows of"
                + " source 'shop' ([WRONG_NUM_ARGS")
        .endsWith(
            "Fix: correct the statement: it runs over the batch's rows, named primary, which have"
                + " the contract's columns and the lake's (_event_time, year, ...).");
    load(
            "shop.warn.dqdl",
            Fixtures.file(
                "CustomSql \"SELECT COUNT(*) FROM primary WHERE price > 100 AND year >= 2026 AND"
                    + " _unknown_fields IS NULL\" = 0"))
        .requireAnalysable(spark, Fixtures.shop());
  }

  @Test
  void anInvalidRegularExpressionFailsLoadingWithRuleAndLine() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.quarantine.dqdl",
                    Fixtures.file("ColumnValues \"country\" matches \"[A-Z\"")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.quarantine.dqdl line 2: rule 'ColumnValues \"country\" matches \"[A-Z\"'"
                + " has an invalid regular expression: Unclosed character class at index 5 of"
                + " '^[A-Z$'. Fix: correct the pattern: a Java regular expression the whole value"
                + " must match.");
  }

  @Test
  void aRuleDecidedPerBatchInAQuarantineFileFailsLoading() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.quarantine.dqdl",
                    Fixtures.file("ColumnValues \"price\" > 0", "IsUnique \"order_id\"")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.quarantine.dqdl line 3: rule 'IsUnique \"order_id\"' is decided once per"
                + " batch, and a quarantine file holds only rules decided per row. Fix: move it to"
                + " a <name>.warn.dqdl or <name>.fail.dqdl file, or write it as a per-row rule"
                + " (IsComplete, ColumnValues or ColumnLength without a threshold).");
    // The same rule with a threshold is decided on the batch's share of rows: refused too.
    assertThatThrownBy(
            () ->
                load(
                    "shop.quarantine.dqdl",
                    Fixtures.file("ColumnValues \"price\" > 0 with threshold > 0.9")))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("is decided once per batch");
  }

  @Test
  void aCustomSqlNamingAColumnTheContractDoesNotDeclareFailsLoading() {
    assertThatThrownBy(
            () ->
                load(
                    "shop.warn.dqdl",
                    Fixtures.file(
                        "CustomSql \"SELECT COUNT(*) FROM primary WHERE PRICE > 1 AND ammount >"
                            + " 10\" = 0")))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Ruleset shop.warn.dqdl line 2: rule 'CustomSql \"SELECT COUNT(*) FROM primary WHERE"
                + " PRICE > 1 AND ammount > 10\" = 0' names column 'ammount', which the contract of"
                + " source 'shop' does not declare.");
    // Lambda variables are not columns; case is SQL's.
    assertThat(
            load(
                    "shop.warn.dqdl",
                    Fixtures.file(
                        "CustomSql \"SELECT max(aggregate(array(Price), 0D, (a, x) -> a + x)) FROM"
                            + " primary\" > 0"))
                .rules())
        .hasSize(1);
  }

  @Test
  void aReferenceToASourceWithoutAContractIsRefused() {
    Ruleset ruleset =
        load(
            "shop.warn.dqdl",
            Fixtures.file("ReferentialIntegrity \"customer_id\" \"custmers.customer_id\" >= 0.9"));

    DatasetContract customers = customersNamed("customers");
    assertThatThrownBy(
            () -> ruleset.requireReferences(java.util.List.of(Fixtures.shop(), customers)))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 2: rule 'ReferentialIntegrity \"customer_id\""
                + " \"custmers.customer_id\" >= 0.9' checks against source 'custmers', which has no"
                + " contract (did you mean 'customers'?). Fix: name one of [customers, shop] as"
                + " \"<source>.<column>\".");
    ruleset.requireReferences(java.util.List.of(Fixtures.shop(), customersNamed("custmers")));

    // The column too, from the rows of the source it names.
    Ruleset misnamed =
        load(
            "shop.warn.dqdl",
            Fixtures.file("ReferentialIntegrity \"customer_id\" \"customers.cust_id\" >= 0.9"));
    assertThatThrownBy(
            () -> misnamed.requireReferences(java.util.List.of(Fixtures.shop(), customers)))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Ruleset shop.warn.dqdl line 2: rule 'ReferentialIntegrity \"customer_id\""
                + " \"customers.cust_id\" >= 0.9' names column 'cust_id', which the contract of"
                + " source 'customers' does not declare. Fix: use one of [customer_id, signed_up,"
                + " _source,");
  }

  /** A contract of customers, under the source name {@code source}. */
  private static DatasetContract customersNamed(String source) {
    return ContractParser.parse(
        source + ".json",
        """
        {"source": "%s", "format": {"type": "json_lines"},
         "schema": "customer_id STRING, signed_up TIMESTAMP",
         "event_time": {"column": "signed_up", "formats": []}}
        """
            .formatted(source));
  }

  @Test
  void aStatisticOfAColumnThatIsNotNumericFailsLoading() {
    assertThatThrownBy(() -> load("shop.warn.dqdl", Fixtures.file("Mean \"country\" > 1")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 2: rule 'Mean \"country\" > 1' takes the Mean of column"
                + " 'country', which is not numeric. Fix: name a numeric column, or check this one"
                + " with ColumnValues or ColumnLength.");
    assertThat(
            load("shop.warn.dqdl", Fixtures.file("Sum \"price\" > 1", "Mean \"quantity\" > 1"))
                .rules())
        .hasSize(2);
  }

  /**
   * Rules that could never pass, or that Spark could not evaluate, are refused at load: a between
   * with its bounds reversed, a statistic of a text watched for anomalies, a time compared with
   * numbers, a number compared with text that is not one.
   */
  @Test
  void rulesThatCouldNeverPassOrCannotBeEvaluatedAreRefusedAtLoad() {
    assertThat(refusal("Mean \"price\" between 500 and 1"))
        .isEqualTo(
            "Ruleset shop.warn.dqdl line 2: rule 'Mean \"price\" between 500 and 1' can never"
                + " pass: no value lies between 500 and 1 (between excludes both bounds). Fix:"
                + " write the smaller bound first, e.g. 'between 1 and 500'.");
    assertThat(refusal("ColumnValues \"quantity\" between 3 and 3"))
        .contains("can never pass: no value lies between 3 and 3");
    assertThat(refusal("DetectAnomalies \"Mean\" \"country\""))
        .isEqualTo(
            "Ruleset shop.warn.dqdl line 2: rule 'DetectAnomalies \"Mean\" \"country\"' watches"
                + " the Mean of column 'country', which is not numeric. Fix: name a numeric"
                + " column, or watch its Completeness or DistinctValuesCount.");
    assertThat(refusal("ColumnValues \"ts\" > 5"))
        .isEqualTo(
            "Ruleset shop.warn.dqdl line 2: rule 'ColumnValues \"ts\" > 5' compares column 'ts'"
                + " of type TIMESTAMP with numbers. Fix: check how recent its values are with"
                + " DataFreshness, or compare them in a CustomSql rule.");
    assertThat(refusal("ColumnValues \"price\" in [\"cheap\", \"expensive\"]"))
        .isEqualTo(
            "Ruleset shop.warn.dqdl line 2: rule 'ColumnValues \"price\" in [\"cheap\","
                + " \"expensive\"]' compares numeric column 'price' with \"cheap\", which is not a"
                + " number. Fix: compare it with numbers, e.g. in [1, 2].");
    // Numbers in quotes, text compared with numbers, and a number matched as text are evaluated.
    assertThat(
            load(
                    "shop.warn.dqdl",
                    Fixtures.file(
                        "ColumnValues \"quantity\" in [\"1\", \"2\"]",
                        "ColumnValues \"country\" > 5",
                        "ColumnValues \"price\" matches \"[0-9.]+\"",
                        "DetectAnomalies \"Mean\" \"price\"",
                        "Mean \"price\" between 1 and 500"))
                .rules())
        .hasSize(5);
    // Spark reads NaN and the infinities as values of a DOUBLE column, not of a DECIMAL one.
    DatasetContract readings =
        ContractParser.parse(
            "shop.json",
            """
            {"source": "shop", "format": {"type": "json_lines"},
             "schema": "temperature DOUBLE, ts TIMESTAMP", "event_time": {"column": "ts"}}
            """);
    assertThat(
            Rulesets.parse(
                    readings,
                    Map.of(
                        "shop.warn.dqdl",
                        Fixtures.file(
                            "ColumnValues \"temperature\" not in [\"NaN\", \"-Infinity\"]")))
                .rules())
        .hasSize(1);
    assertThat(refusal("ColumnValues \"price\" != \"NaN\""))
        .contains("compares numeric column 'price' with \"NaN\", which is not a number");
  }

  private static String refusal(String rule) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
            () -> load("shop.warn.dqdl", Fixtures.file(rule)), LakeException.class)
        .getMessage();
  }

  @Test
  void aRuleRepeatedInTheSameOrAnotherFileIsRefusedWithBothPlaces() {
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("shop.warn.dqdl", Fixtures.file("RowCount > 0", "IsComplete \"price\""));
    files.put("shop.fail.dqdl", Fixtures.file("IsComplete \"price\""));
    assertThatThrownBy(
            () ->
                Rulesets.parse(
                    Fixtures.shop(),
                    Map.of("shop.warn.dqdl", Fixtures.file("RowCount > 0", "RowCount>0"))))
        .hasMessage(
            "Ruleset shop.warn.dqdl line 3: repeats the rule 'RowCount>0' of shop.warn.dqdl line 2"
                + " (each batch would check it twice, and list its failure twice). Fix: keep one"
                + " of them, in the ruleset of the action it should have.");
    assertThatThrownBy(() -> Rulesets.parse(Fixtures.shop(), files))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.fail.dqdl line 2: repeats the rule 'IsComplete \"price\"' of"
                + " shop.warn.dqdl line 3 (each batch would check it twice, and list its failure"
                + " twice). Fix: keep one of them, in the ruleset of the action it should have.");
  }

  @Test
  void aByteOrderMarkOrBytesThatAreNotUtf8AreRefusedWithTheLine(@TempDir Path dir)
      throws Exception {
    assertThatThrownBy(() -> load("shop.warn.dqdl", "\uFEFF" + Fixtures.file("RowCount > 0")))
        .hasMessage(
            "Ruleset shop.warn.dqdl line 1: starts with a UTF-8 byte-order mark, which the DQDL"
                + " parser does not accept. Fix: save the file as UTF-8 without a byte-order"
                + " mark.");
    Files.write(
        dir.resolve("shop.warn.dqdl"),
        Fixtures.file("ColumnValues \"country\" in [\"caf\u00e9\"]")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(
            () ->
                Rulesets.fromDirectory(
                    ListedDirectory.of(dir.toString(), new Configuration()), Fixtures.shop()))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("File ")
        .hasMessageEndingWith(
            "shop.warn.dqdl line 2 is not UTF-8 text (byte 0xE9). Fix: save the file as UTF-8.");
    // U+FFFD itself is a character a rule may name.
    assertThat(
            load("shop.warn.dqdl", Fixtures.file("ColumnValues \"country\" in [\"\uFFFD\"]"))
                .rules())
        .hasSize(1);
  }

  @Test
  void aShareOfRowsHeldToAThresholdNoShareMeetsIsRefused() {
    assertThat(loadError(Fixtures.file("Completeness \"price\" > 1.5")))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 2: rule 'Completeness \"price\" > 1.5' can never pass:"
                + " it holds a share of rows, from 0 to 1, to > 1.5. Fix: give a threshold a share"
                + " can meet, e.g. '>= 0.95'.");
    assertThat(loadError(Fixtures.file("Uniqueness \"customer_id\" < 0")))
        .contains("can never pass: it holds a share of rows, from 0 to 1, to < 0.");
    assertThat(loadError(Fixtures.file("ColumnValues \"price\" > 0 with threshold > 1")))
        .contains("can never pass: it holds a share of rows, from 0 to 1, to > 1.");
    assertThat(
            load(
                    "shop.fail.dqdl",
                    Fixtures.file(
                        "Completeness \"price\" >= 1.0",
                        "Completeness \"price\" between 0.5 and 1.2",
                        "Uniqueness \"customer_id\" <= 0",
                        "ColumnValues \"price\" > 0 with threshold > 0.99",
                        "Completeness \"price\" > avg(last(5)) * 1.5"))
                .rules())
        .hasSize(5);
  }

  @Test
  void fileNameMustCarryTheAction() {
    assertThatThrownBy(() -> load("shop.dqdl", Fixtures.file("RowCount > 0")))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.dqdl: is not named <name>.<action>.dqdl. Fix: name the file after the"
                + " action of its rules: <name>.warn.dqdl, <name>.quarantine.dqdl or"
                + " <name>.fail.dqdl.");
  }

  @Test
  void ruleSpreadOverTwoLinesIsRejected() {
    assertThatThrownBy(() -> load("shop.fail.dqdl", "Rules = [\n  RowCount\n    > 0\n]\n"))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Ruleset shop.fail.dqdl line 2: rule 'RowCount' is not valid DQDL (");
  }

  @Test
  void aFileNotLaidOutOneRulePerLineBetweenRulesAndItsBracketIsRefusedWithTheLine() {
    assertThat(loadError("Rules = [ RowCount > 0 ]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 1: starts with 'Rules = [ RowCount > 0 ]' instead of"
                + " 'Rules = ['. Fix: begin the rules with a line 'Rules = [' (comments starting"
                + " with # may precede it).");
    assertThat(loadError("# no opening line\n  RowCount > 0\n]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 2: starts with 'RowCount > 0' instead of 'Rules = ['."
                + " Fix: begin the rules with a line 'Rules = [' (comments starting with # may"
                + " precede it).");
    assertThat(loadError("Rules = [\n  RowCount > 0\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl: has no closing ']' line. Fix: write the rules as 'Rules = [',"
                + " one rule per line, ']'.");
    assertThat(loadError("# nothing\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl: holds no 'Rules = [' line. Fix: write the rules as 'Rules"
                + " = [', one rule per line, ']'.");
    assertThat(loadError("Rules = [\n  RowCount > 0\n]\nRowCount < 9\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 4: has 'RowCount < 9' after the closing ']'. Fix: end"
                + " the file with ']'.");
    assertThat(loadError("Rules = [\n]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 1: holds no rule. Fix: add a rule or remove the file.");
  }

  @Test
  void aMissingOrATrailingCommaAndWindowsLineEndsAreRefusedWithTheLine() {
    assertThat(loadError("Rules = [\n  RowCount > 0\n  IsComplete \"price\"\n]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 2: rule 'RowCount > 0' ends without a comma. Fix: end"
                + " every rule but the last with a comma.");
    assertThat(loadError("Rules = [\n  RowCount > 0,\n  IsComplete \"price\",\n]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 3: rule 'IsComplete \"price\"' is the last rule and ends"
                + " with a comma. Fix: remove the comma after the last rule.");
    assertThat(loadError("Rules = [\r\n  RowCount > 0\r\n]\r\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl: has Windows line ends (CR LF), which the DQDL parser does not"
                + " accept. Fix: save the file with Unix line ends (LF only).");
  }

  @Test
  void aWhereClauseIsRefusedWithTheRuleAndItsLine() {
    assertThat(
            loadError(
                "Rules = [\n  RowCount > 0,\n  IsComplete \"price\" where \"quantity > 1\"\n]\n"))
        .isEqualTo(
            "Ruleset shop.fail.dqdl line 3: rule 'IsComplete \"price\" where \"quantity > 1\"'"
                + " has a where clause, which ZoneLake cannot evaluate. Fix: remove the where"
                + " clause, or express the filter in a CustomSql rule.");
  }

  private static String loadError(String text) {
    try {
      load("shop.fail.dqdl", text);
    } catch (LakeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the ruleset to be refused");
  }

  @Test
  void commentsAndTrailingCommentsAreAllowed() {
    Ruleset ruleset =
        load(
            "shop.warn.dqdl",
            "# header\nRules = [\n\n  RowCount > 0, # at least one\n  # a whole-line comment\n"
                + "  ColumnValues \"country\" matches \"[A-Z]{2}#?\"\n]\n");
    assertThat(ruleset.rules())
        .containsExactly(
            new QualityRule("RowCount > 0", RuleAction.WARN, 4, "shop.warn.dqdl", false),
            new QualityRule(
                "ColumnValues \"country\" matches \"[A-Z]{2}#?\"",
                RuleAction.WARN, 6, "shop.warn.dqdl", true));
  }

  /** A contract of source {@code shop} whose {@code "rulesets"} list holds {@code rulesets}. */
  private static DatasetContract shopListing(String rulesets) {
    return ContractParser.parse(
        "shop.json",
        """
        {"source": "shop", "format": {"type": "json_lines"},
         "schema": "order_id STRING, price DECIMAL(10,2), ts TIMESTAMP",
         "event_time": {"column": "ts"},
         "rulesets": [%s]}
        """
            .formatted(rulesets));
  }

  @Test
  void directoryRulesetsFollowTheContractListOrTheConvention(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("shop.fail.dqdl"), Fixtures.file("RowCount > 0"));
    Files.writeString(dir.resolve("shop.warn.dqdl"), Fixtures.file("IsComplete \"country\""));
    Files.writeString(
        dir.resolve("extra.quarantine.dqdl"), Fixtures.file("ColumnValues \"price\" > 0"));

    Ruleset byConvention =
        Rulesets.fromDirectory(
            ListedDirectory.of(dir.toString(), new Configuration()), Fixtures.shop());
    assertThat(byConvention.rules())
        .extracting(QualityRule::file, QualityRule::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shop.warn.dqdl", "IsComplete \"country\""),
            org.assertj.core.groups.Tuple.tuple("shop.fail.dqdl", "RowCount > 0"));

    DatasetContract listed = shopListing("\"extra.quarantine.dqdl\", \"missing.fail.dqdl\"");
    assertThatThrownBy(
            () ->
                Rulesets.fromDirectory(
                    ListedDirectory.of(dir.toString(), new Configuration()), listed))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "The contract of source 'shop' lists ruleset missing.fail.dqdl, which does not exist"
                + " in "
                + dir
                + ". Fix: add the file next to the contract, or remove it from \"rulesets\".");
  }

  /**
   * A ruleset file that no contract of the directory reads is refused, with the file it most likely
   * should have been or the contract that should list it; hidden files are left alone.
   */
  @Test
  void aRulesetFileNoContractReadsIsRefused(@TempDir Path dir) throws Exception {
    Configuration conf = new Configuration();
    DatasetContract shop = Fixtures.shop();
    Files.writeString(dir.resolve("shop.fail.dqdl"), Fixtures.file("RowCount > 0"));
    Files.writeString(dir.resolve(".draft.fail.dqdl"), Fixtures.file("RowCount > 1"));
    Rulesets.requireAllRead(ListedDirectory.of(dir.toString(), conf), java.util.List.of(shop));

    Files.writeString(dir.resolve("shops.warn.dqdl"), Fixtures.file("RowCount > 0"));
    assertThat(unread(dir, shop))
        .isEqualTo(
            "Ruleset file shops.warn.dqdl in "
                + dir
                + " is read by no contract: a contract without \"rulesets\" reads"
                + " <source>.warn.dqdl, <source>.quarantine.dqdl and <source>.fail.dqdl; one with"
                + " \"rulesets\" reads the files it lists; so none of this file's rules would"
                + " run. Fix: rename it shop.warn.dqdl; or move the file out of the directory.");
    Files.delete(dir.resolve("shops.warn.dqdl"));

    // A misspelt action is read as the action it most likely means, never as another one.
    Files.writeString(dir.resolve("shop.warning.dqdl"), Fixtures.file("RowCount > 0"));
    assertThat(unread(dir, shop))
        .endsWith("Fix: rename it shop.warn.dqdl; or move the file out of the directory.");
    Files.move(dir.resolve("shop.warning.dqdl"), dir.resolve("shop.rules.dqdl"));
    assertThat(unread(dir, shop))
        .endsWith(
            "Fix: name it after its source and the action of its rules: shop.warn.dqdl,"
                + " shop.quarantine.dqdl, shop.fail.dqdl, or list it in the contract's"
                + " \"rulesets\"; or move the file out of the directory.");
    Files.delete(dir.resolve("shop.rules.dqdl"));

    DatasetContract listing = shopListing("\"shop.fail.dqdl\"");
    Files.writeString(dir.resolve("shop.extra.warn.dqdl"), Fixtures.file("RowCount > 0"));
    assertThat(unread(dir, listing))
        .endsWith(
            "Fix: add \"shop.extra.warn.dqdl\" to \"rulesets\" in the contract of source 'shop',"
                + " which lists shop.fail.dqdl; or move the file out of the directory.");

    Files.delete(dir.resolve("shop.extra.warn.dqdl"));
    Files.writeString(dir.resolve("inventory.fail.dqdl"), Fixtures.file("RowCount > 0"));
    assertThat(unread(dir, shop))
        .endsWith(
            "Fix: list it in the \"rulesets\" of the contract it belongs to, or name it"
                + " <source>.<action>.dqdl after its source; or move the file out of the"
                + " directory.");
  }

  /** The refusal of a ruleset file of {@code dir} that {@code contract} does not read. */
  private static String unread(Path dir, DatasetContract contract) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
            () ->
                Rulesets.requireAllRead(
                    ListedDirectory.of(dir.toString(), new Configuration()), List.of(contract)),
            LakeException.class)
        .getMessage();
  }
}
