package org.zonelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the ingest mapping templates with Velocity (the template language API Gateway runs) and
 * checks the object key and body they make for request times in API Gateway's own format.
 */
class IngestMappingTemplateTest {

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private static final VelocityEngine VELOCITY = new VelocityEngine();

  static {
    // API Gateway's templates set hyphenated header names
    // ($context.responseOverride.header.Access-Control-Allow-Origin), as its documentation shows.
    VELOCITY.setProperty("parser.allow_hyphen_in_identifiers", true);
    VELOCITY.init();
  }

  /**
   * A request of each format, where it is stored and what: a JSON lines record on one line, a JSON
   * array as one array, CSV and log lines verbatim.
   */
  static Stream<Arguments> requestOfEachFormat() {
    String csv = "customer_id,name\nc-1,\"Doe, Jane\"\n";
    String log = "10.0.0.1 - - [01/Feb/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\"\n";
    return Stream.of(
        Arguments.of(
            IngestFormat.JSON_LINES,
            "05/Mar/2025:07:08:09 +0000",
            "3f1c-77aa",
            "{\n  \"order_id\": \"o-1\",\n  \"price\": 12.5\n}\n",
            "orders",
            "raw/orders/year=2025/month=03/day=05/3f1c-77aa.json",
            "{\"order_id\":\"o-1\",\"price\":12.5}"),
        Arguments.of(
            IngestFormat.JSON_ARRAY,
            "31/Dec/2025:23:59:59 +0000",
            "r-9",
            "[ {\"sensor_id\": \"s-1\"},\n {\"sensor_id\": \"s-2\"} ]",
            "sensor_readings",
            "raw/sensor_readings/year=2025/month=12/day=31/r-9.json",
            "[{\"sensor_id\":\"s-1\"},{\"sensor_id\":\"s-2\"}]"),
        Arguments.of(
            IngestFormat.CSV,
            "01/Feb/2024:00:00:00 +0000",
            "c",
            csv,
            "customers",
            "raw/customers/year=2024/month=02/day=01/c.csv",
            csv),
        Arguments.of(
            IngestFormat.TEXT,
            "01/Feb/2024:00:00:00 +0000",
            "w",
            log,
            "web_logs",
            "raw/web_logs/year=2024/month=02/day=01/w.log",
            log));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestOfEachFormat")
  void bodyIsStoredInItsFormUnderTheRequestDateAndId(
      IngestFormat format,
      String requestTime,
      String requestId,
      String body,
      String source,
      String key,
      String stored) {
    Rendered rendered = render(format, requestTime, requestId, body);
    assertThat(rendered.key(source)).isEqualTo(key);
    assertThat(rendered.body()).isEqualTo(stored);
  }

  @Test
  void everyDayOfALeapYearLandsInItsOwnPartition() {
    for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() == 2024; day = day.plusDays(1)) {
      ZonedDateTime time = day.atTime(23, 59, 59).atZone(ZoneOffset.UTC);
      Rendered rendered = render(IngestFormat.TEXT, REQUEST_TIME.format(time), "id", "x");
      assertThat(rendered.key("web_logs"))
          .isEqualTo(
              "raw/web_logs/year=2024/month=%02d/day=%02d/id.log"
                  .formatted(day.getMonthValue(), day.getDayOfMonth()));
    }
  }

  @Test
  void corsHeadersAreSetOnlyForAnAllowedOrigin() {
    String allowed = "https://app.example.com,https://admin.example.com";
    assertThat(cors(allowed, "Origin", "https://admin.example.com"))
        .isEqualTo(
            Map.of("Access-Control-Allow-Origin", "https://admin.example.com", "Vary", "Origin"));
    assertThat(cors(allowed, "origin", "https://app.example.com"))
        .containsEntry("Access-Control-Allow-Origin", "https://app.example.com");
    assertThat(cors(allowed, "Origin", "https://evil.example.com")).isEmpty();
    assertThat(cors(allowed, "Origin", "https://app.example.co")).isEmpty();
    assertThat(cors(allowed, "Origin", "https://app.example.com,https://admin.example.com"))
        .isEmpty();
    assertThat(cors(allowed, null, null)).isEmpty();
  }

  @Test
  void noOriginIsAllowedByDefaultAndAnyWithAStar() {
    assertThat(cors("", "Origin", "https://app.example.com")).isEmpty();
    assertThat(cors("*", "Origin", "https://anywhere.example.org"))
        .containsEntry("Access-Control-Allow-Origin", "https://anywhere.example.org");
  }

  @Test
  void corsLinesLeaveTheResponseBodyAsItWas() {
    Map<String, Object> headers = new HashMap<>();
    String out =
        evaluate(
            IngestMappingTemplate.corsResponse("https://app.example.com")
                + "\n{\"requestId\": \"$context.requestId\", \"source\": \"orders\"}",
            Map.of("Origin", "https://app.example.com"),
            headers);
    assertThat(out).isEqualTo("{\"requestId\": \"r-1\", \"source\": \"orders\"}");
    assertThat(headers).containsEntry("Access-Control-Allow-Origin", "https://app.example.com");
  }

  /** The headers the CORS lines set for a request with the given Origin header. */
  private static Map<String, Object> cors(String allowed, String header, String origin) {
    Map<String, Object> headers = new HashMap<>();
    Map<String, String> request = new HashMap<>();
    if (header != null) {
      request.put(header, origin);
    }
    evaluate(IngestMappingTemplate.corsResponse(allowed), request, headers);
    return headers;
  }

  private static String evaluate(
      String template, Map<String, String> requestHeaders, Map<String, Object> responseHeaders) {
    Map<String, Object> context = new HashMap<>();
    context.put("requestId", "r-1");
    context.put("responseOverride", new HashMap<>(Map.of("header", responseHeaders)));
    return evaluate("cors", template, context, new Input("", requestHeaders));
  }

  /**
   * The output of {@code template} with {@code context} as {@code $context} and {@code input} as
   * {@code $input}; {@code name} names the template in Velocity's messages.
   */
  private static String evaluate(
      String name, String template, Map<String, Object> context, Input input) {
    VelocityContext velocity = new VelocityContext();
    velocity.put("context", context);
    velocity.put("input", input);
    StringWriter out = new StringWriter();
    VELOCITY.evaluate(velocity, out, name, template);
    return out.toString();
  }

  /**
   * The {@code $input} of a mapping template: the raw body, {@code json('$')}, which API Gateway
   * answers with the body parsed and written back as compact JSON, and {@code params()}, the
   * request's parameters ({@code header} holds the request headers).
   */
  public static final class Input {
    private final String body;
    private final Map<String, Object> params;

    Input(String body) {
      this(body, Map.of());
    }

    Input(String body, Map<String, String> headers) {
      this.body = body;
      this.params = Map.of("header", headers, "querystring", Map.of(), "path", Map.of());
    }

    /** The request's parameters by kind: header, querystring, path. */
    public Map<String, Object> params() {
      return params;
    }

    /** The raw request body. */
    public String getBody() {
      return body;
    }

    /** The JSON at {@code path}; only the whole body ({@code $}) is used by the templates. */
    public String json(String path) {
      if (!path.equals("$")) {
        throw new IllegalArgumentException("unsupported path " + path);
      }
      try {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.writeValueAsString(mapper.readTree(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Rendered(Map<String, Object> path, String body) {
    /** The S3 key the integration path {@code raw/<source>/{year}/...} resolves to. */
    String key(String source) {
      return "raw/"
          + source
          + "/"
          + IngestMappingTemplate.PATH_PARAMETERS
              .replace("{year}", (String) path.get("year"))
              .replace("{month}", (String) path.get("month"))
              .replace("{day}", (String) path.get("day"))
              .replace("{object}", (String) path.get("object"));
    }
  }

  private static Rendered render(
      IngestFormat format, String requestTime, String requestId, String body) {
    Map<String, Object> path = new HashMap<>();
    Map<String, Object> context = new HashMap<>();
    context.put("requestTime", requestTime);
    context.put("requestId", requestId);
    context.put("requestOverride", new HashMap<>(Map.of("path", path)));
    String out =
        evaluate("ingest", IngestMappingTemplate.forFormat(format), context, new Input(body));
    return new Rendered(path, out);
  }
}
