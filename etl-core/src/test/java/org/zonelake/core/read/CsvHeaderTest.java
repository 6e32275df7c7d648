package org.zonelake.core.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.RawFormat;

class CsvHeaderTest {

  private static final RawFormat.Csv COMMA = new RawFormat.Csv(",", "\"", "\"", false);
  private static final List<String> COLUMNS = List.of("id", "name", "signup_ts");

  @Test
  void theContractsColumnsInOrderMatchWhateverTheCaseByteOrderMarkOrLineEnd() {
    assertThat(CsvHeader.mismatch("id,name,signup_ts", COMMA, COLUMNS, false)).isEmpty();
    assertThat(CsvHeader.mismatch("\uFEFFID,Name,signup_ts\r", COMMA, COLUMNS, false)).isEmpty();
    assertThat(CsvHeader.mismatch("\"id\",\"name\",signup_ts", COMMA, COLUMNS, false)).isEmpty();
    assertThat(
            CsvHeader.mismatch(
                "id;name;signup_ts", new RawFormat.Csv(";", "\"", "\"", false), COLUMNS, false))
        .isEmpty();
  }

  @Test
  void aRenamedColumnIsNamedWithItsPosition() {
    assertThat(CsvHeader.mismatch("id,full_name,signup_ts", COMMA, COLUMNS, false))
        .contains(
            "its CSV header names column 2 'full_name' where the contract has 'name' (header: id,"
                + " full_name, signup_ts)");
    assertThat(CsvHeader.mismatch("id,Name,signup_ts", COMMA, COLUMNS, true))
        .contains(
            "its CSV header names column 2 'Name' where the contract has 'name' (header: id, Name,"
                + " signup_ts)");
  }

  @Test
  void anotherNumberOfColumnsIsNamedWithBothLists() {
    assertThat(CsvHeader.mismatch("id;name", COMMA, COLUMNS, false))
        .contains(
            "its CSV header has 1 column(s) and the contract 3 (header: id;name; contract: id,"
                + " name, signup_ts)");
    assertThat(CsvHeader.mismatch("id,name,signup_ts,", COMMA, COLUMNS, false))
        .contains(
            "its CSV header has 4 column(s) and the contract 3 (header: id, name, signup_ts, ;"
                + " contract: id, name, signup_ts)");
  }
}
