package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request models of the synthesized ingest API, exactly as deployed, run by a JSON Schema draft
 * 4 validator (the draft API Gateway validates bodies with): what passes is stored, what fails is
 * answered with 400 before anything lands in raw.
 */
class IngestModelTest {

  private static final SynthesizedLake LAKE = SynthesizedLake.get();
  private static final IngestStack STACK = LAKE.stacks.ingest();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ORDER =
      "{\"order_id\":\"o-1\",\"customer_id\":\"c-1\",\"product\":\"pen\",\"category\":\"office\","
          + "\"price\":1.5,\"quantity\":2,\"country\":\"DE\",\"order_ts\":\"2024-01-15T10:00:00Z\"}";

  private static final String READING =
      "{\"device_id\":\"d-01\",\"reading_ts\":\"2026-11-22T07:00:00Z\",\"temperature\":17.5,"
          + "\"humidity\":40,\"battery\":90,\"location\":{\"lat\":52.5,\"lon\":13.4},"
          + "\"tags\":[\"roof\"]}";

  @Test
  void anOrderAsTheReadmeShowsItIsAccepted() throws Exception {
    assertThat(errors("IngestOrders", ORDER)).isEmpty();
  }

  @Test
  void anOrderWithoutOrderIdIsRefused() throws Exception {
    assertThat(orderErrors("\"order_id\":\"o-1\",", ""))
        .containsExactly("$ required: $: required property 'order_id' not found");
  }

  @Test
  void requiredFieldsMayBeNeitherNullNorEmptyOptionalOnesMayBeNull() throws Exception {
    assertThat(orderErrors("\"o-1\"", "\"\""))
        .containsExactly("$.order_id minLength: $.order_id: must be at least 1 characters long");
    assertThat(orderErrors("\"c-1\"", "null"))
        .containsExactly("$.customer_id type: $.customer_id: null found, string expected");
    assertThat(orderErrors("\"pen\"", "null")).isEmpty();
  }

  @Test
  void valuesMustHaveTheDeclaredTypes() throws Exception {
    assertThat(orderErrors("1.5", "\"abc\""))
        .containsExactly("$.price type: $.price: string found, number expected");
    assertThat(orderErrors("\"quantity\":2", "\"quantity\":1.5"))
        .containsExactly("$.quantity type: $.quantity: number found, integer expected");
    assertThat(errors("IngestOrders", "[" + ORDER + "]"))
        .containsExactly("$ type: $: array found, object expected");
  }

  @Test
  void fieldsTheContractDoesNotDeclareAreAcceptedAndKeptByTheJobs() throws Exception {
    assertThat(orderErrors("}", ",\"coupon\":\"BLACKFRIDAY\"}")).isEmpty();
  }

  @Test
  void sensorReadingsComeAsANonEmptyArrayOfCheckedRecords() throws Exception {
    assertThat(errors("IngestSensorReadings", "[" + READING + "," + READING + "]")).isEmpty();
    assertThat(errors("IngestSensorReadings", "[]"))
        .containsExactly("$ minItems: $: must have at least 1 items but found 0");
    assertThat(errors("IngestSensorReadings", READING))
        .containsExactly("$ type: $: object found, array expected");
    assertThat(
            errors(
                "IngestSensorReadings",
                "[" + READING.replace("52.5", "\"north\"").replace("\"roof\"", "1") + "]"))
        .containsExactly(
            "$[0].location.lat type: $[0].location.lat: string found, [number, null] expected",
            "$[0].tags[0] type: $[0].tags[0]: integer found, [string, null] expected");
    assertThat(errors("IngestSensorReadings", "[" + READING.replace("\"d-01\"", "null") + "]"))
        .containsExactly("$[0].device_id type: $[0].device_id: null found, string expected");
  }

  @Test
  void aRequestMayCarryAtMostAThousandReadings() throws Exception {
    String many = "[" + String.join(",", java.util.Collections.nCopies(1001, READING)) + "]";
    // The validator formats the numbers of this message in the JVM's locale (1,000 or 1.000).
    assertThat(errors("IngestSensorReadings", many))
        .singleElement()
        .asString()
        .startsWith("$ maxItems: $: must have at most 1")
        .contains("items but found 1");
  }

  @Test
  void onlyJsonSourcesHaveModels() {
    assertThat(
            LAKE.resources(STACK, "AWS::ApiGateway::Model").values().stream()
                .map(m -> m.at("/Properties/Name").asText()))
        .containsExactly("IngestOrders", "IngestSensorReadings");
  }

  /** The validation messages of the order with {@code target} replaced by {@code replacement}. */
  private static List<String> orderErrors(String target, String replacement) throws Exception {
    return errors("IngestOrders", ORDER.replace(target, replacement));
  }

  /** The validation messages of {@code body} against the named model, "path keyword: message". */
  private static List<String> errors(String model, String body) throws Exception {
    JsonNode schema =
        LAKE.resources(STACK, "AWS::ApiGateway::Model").values().stream()
            .filter(m -> m.at("/Properties/Name").asText().equals(model))
            .map(m -> m.at("/Properties/Schema"))
            .findFirst()
            .orElseThrow();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
        .getSchema(schema)
        .validate(JSON.readTree(body))
        .stream()
        .map(IngestModelTest::describe)
        .sorted()
        .toList();
  }

  private static String describe(ValidationMessage message) {
    return message.getInstanceLocation() + " " + message.getType() + ": " + message.getMessage();
  }
}
