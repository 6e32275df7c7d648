package org.zonelake.deploy;

/**
 * The API Gateway mapping template of {@code POST /ingest/<source>}: it stores the request body as
 * {@code raw/<source>/year=YYYY/month=MM/day=DD/<requestId>.<ext>} in the source's raw format, the
 * date being the request's UTC time. API Gateway has no date functions, so the template cuts the
 * date out of {@code $context.requestTime} ({@code dd/MMM/yyyy:HH:mm:ss +0000}) and overrides the
 * integration's {@code {year}}, {@code {month}}, {@code {day}} and {@code {object}} path
 * parameters.
 */
public final class IngestMappingTemplate {

  /** The integration path below {@code raw/<source>/}, with the parameters the template fills. */
  public static final String PATH_PARAMETERS = "{year}/{month}/{day}/{object}";

  private IngestMappingTemplate() {}

  /** The template (Velocity, as API Gateway runs it) for a source of {@code format}. */
  public static String forFormat(IngestFormat format) {
    return String.join(
        "\n",
        "## raw/<source>/year=YYYY/month=MM/day=DD/<requestId>."
            + format.extension()
            + ", UTC request time",
        "#set($t = $context.requestTime)",
        "#set($months = {\"Jan\": \"01\", \"Feb\": \"02\", \"Mar\": \"03\", \"Apr\": \"04\","
            + " \"May\": \"05\", \"Jun\": \"06\", \"Jul\": \"07\", \"Aug\": \"08\","
            + " \"Sep\": \"09\", \"Oct\": \"10\", \"Nov\": \"11\", \"Dec\": \"12\"})",
        "#set($year = $t.substring(7, 11))",
        "#set($month = $months.get($t.substring(3, 6)))",
        "#set($day = $t.substring(0, 2))",
        "#set($context.requestOverride.path.year = \"year=$year\")",
        "#set($context.requestOverride.path.month = \"month=$month\")",
        "#set($context.requestOverride.path.day = \"day=$day\")",
        "#set($context.requestOverride.path.object = \"${context.requestId}."
            + format.extension()
            + "\")",
        format.bodyExpression());
  }

  /**
   * The lines of a response template that allow a browser on an allowed origin to read the response
   * (CORS): when the request's {@code Origin} is one of {@code allowedOrigins} (a comma-separated
   * list; {@code *} allows any origin; empty allows none), the response carries {@code
   * Access-Control-Allow-Origin: <that origin>} and {@code Vary: Origin}; otherwise no CORS header,
   * so browsers refuse it.
   *
   * @param allowedOrigins the list, or the token of the template parameter holding it
   */
  public static String corsResponse(String allowedOrigins) {
    return String.join(
        "\n",
        "## CORS: echo the Origin when it is allowed",
        "#set($origin = \"$!input.params().header.get('Origin')\")",
        "#if($origin == \"\")#set($origin = \"$!input.params().header.get('origin')\")#end",
        "#set($allowed = \"," + allowedOrigins + ",\")",
        "#if($origin != \"\" && !$origin.contains(\",\")"
            + " && ($allowed.contains(\",*,\") || $allowed.contains(\",$origin,\")))",
        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        "#set($context.responseOverride.header.Vary = \"Origin\")",
        "#end");
  }
}
