package org.zonelake.testdata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How one sample source writes its records: the file framing and the text of a valid, a malformed
 * and an invalid record. Valid records are unique by construction (each carries its sequence number
 * in a key field), so the only duplicates are the verbatim copies the generator adds.
 */
abstract class SourceFormat {

  static final String MALFORMED = "malformed";
  static final String MISSING_REQUIRED = "missing_required";
  static final String TYPE_CAST = "type_cast";
  static final String BAD_EVENT_TIME = "bad_event_time";

  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter SPACE_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH);

  static final List<String> COUNTRIES = List.of("DE", "FR", "US", "GB", "NL", "ES", "IT", "PL");
  static final List<String> CITIES =
      List.of("München", "Paris", "Austin", "London", "Utrecht", "Sevilla", "Torino", "Kraków");

  private final String source;
  private final double weight;
  private final String filePrefix;
  private final String fileExtension;
  private final List<String> invalidKinds;

  /**
   * A source described by its name, its share of the records, how its files are named and how its
   * invalid records fail.
   *
   * @param source the source name (the raw directory and the contract)
   * @param weight the share of all generated records this source gets
   * @param filePrefix the start of every file name, before the file's five-digit index
   * @param fileExtension the end of every file name, after the index (with its dot)
   * @param invalidKinds the checks an invalid record of this source can fail
   */
  SourceFormat(
      String source,
      double weight,
      String filePrefix,
      String fileExtension,
      List<String> invalidKinds) {
    this.source = source;
    this.weight = weight;
    this.filePrefix = filePrefix;
    this.fileExtension = fileExtension;
    this.invalidKinds = invalidKinds;
  }

  /** The source name (the raw directory and the contract). */
  final String source() {
    return source;
  }

  /** The share of all generated records this source gets. */
  final double weight() {
    return weight;
  }

  /** The file name of the {@code index}-th file: {@code <prefix>-<index, 5 digits><extension>}. */
  final String fileName(int index) {
    return filePrefix + "-" + pad5(index) + fileExtension;
  }

  /** Written before the first record of a file. */
  String fileStart() {
    return "";
  }

  /** Written between two records. */
  String separator() {
    return "\n";
  }

  /** Written after the last record of a file. */
  String fileEnd() {
    return "\n";
  }

  /** A valid record with key {@code seq} and event time {@code eventTime}. */
  abstract String valid(long seq, Instant eventTime, SplittableRandom random);

  /** A record the source's parser rejects. */
  abstract String malformed(long seq, SplittableRandom random);

  /** The checks an invalid record of this source can fail. */
  final List<String> invalidKinds() {
    return invalidKinds;
  }

  /** A record that parses but fails exactly the check {@code kind}. */
  abstract String invalid(String kind, long seq, Instant eventTime, SplittableRandom random);

  /** A unique event-time offset within a day (milliseconds) for {@code seq}. */
  static long uniqueMillisOfDay(long seq) {
    // 37 is prime to 86,400,000, so seq -> seq * 37 mod 86,400,000 is one-to-one on a day's
    // milliseconds: valid records of one day differ in their event time up to 86.4 million.
    return Math.floorMod(seq * 37, 86_400_000L);
  }

  /** An ISO-8601 text with hour 25 and minute 61: no timestamp parser accepts it. */
  static String impossibleTime(Instant t) {
    return isoSeconds(t).substring(0, 10) + "T25:61:00Z";
  }

  static String isoSeconds(Instant t) {
    return ISO_SECONDS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  static String isoMillis(Instant t) {
    long millis = Math.floorMod(t.toEpochMilli(), 1000L);
    return isoSeconds(t) + "." + pad3(millis) + "Z";
  }

  static String spaceSeconds(Instant t) {
    return SPACE_SECONDS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  static String clf(Instant t, int offsetHours) {
    return CLF.format(local(t, offsetHours)) + " " + offset(offsetHours, "");
  }

  static String withOffset(Instant t, int offsetHours) {
    return ISO_SECONDS.format(local(t, offsetHours)) + offset(offsetHours, ":");
  }

  private static LocalDateTime local(Instant t, int offsetHours) {
    return LocalDateTime.ofInstant(t, ZoneOffset.ofHours(offsetHours));
  }

  /** A whole-hour UTC offset, e.g. {@code +0100} or {@code -05:00} with {@code separator} ":". */
  private static String offset(int hours, String separator) {
    return (hours >= 0 ? "+" : "-") + pad2(Math.abs(hours)) + separator + "00";
  }

  /** {@code cents} as a decimal with two digits, e.g. {@code 1999 -> "19.99"}. */
  static String money(long cents) {
    return (cents / 100) + "." + pad2((int) (cents % 100));
  }

  /** {@code tenths} as a decimal with one digit, e.g. {@code -35 -> "-3.5"}. */
  static String tenths(int tenths) {
    String sign = tenths < 0 ? "-" : "";
    int abs = Math.abs(tenths);
    return sign + (abs / 10) + "." + (abs % 10);
  }

  static String pad2(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  static String pad3(long n) {
    return n < 10 ? "00" + n : n < 100 ? "0" + n : Long.toString(n);
  }

  static <T> T pick(List<T> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }

  /** The four sample sources, in the order the generator writes them. */
  static List<SourceFormat> all() {
    return List.of(new Orders(), new Customers(), new SensorReadings(), new WebLogs());
  }

  /** Orders: one JSON object per line. */
  static final class Orders extends SourceFormat {
    private static final List<String[]> PRODUCTS =
        List.of(
            new String[] {"Espresso machine", "kitchen"},
            new String[] {"Crème brûlée torch", "kitchen"},
            new String[] {"Yoga mat", "sports"},
            new String[] {"Tent", "outdoor"},
            new String[] {"Headphones", "electronics"},
            new String[] {"Kaffeebohnen Größe L", "kitchen"},
            new String[] {"Running shoes", "sports"},
            new String[] {"USB-C cable", "electronics"});

    Orders() {
      super(
          "orders", 0.4, "orders", ".jsonl", List.of(MISSING_REQUIRED, TYPE_CAST, BAD_EVENT_TIME));
    }

    @Override
    String valid(long seq, Instant eventTime, SplittableRandom random) {
      return order(seq, eventTime, random, null, false, null);
    }

    private String order(
        long seq,
        Instant eventTime,
        SplittableRandom random,
        String price,
        boolean withoutCustomer,
        String timestamp) {
      String[] product = pick(PRODUCTS, random);
      int format = random.nextInt(10);
      String ts =
          timestamp != null
              ? timestamp
              : format < 7
                  ? isoSeconds(eventTime) + "Z"
                  : format == 7
                      ? isoMillis(eventTime)
                      : format == 8 ? withOffset(eventTime, 1) : spaceSeconds(eventTime);
      StringBuilder line = new StringBuilder(200);
      line.append("{\"order_id\":\"o-").append(seq).append('"');
      if (!withoutCustomer) {
        line.append(",\"customer_id\":\"c-").append(random.nextInt(100_000)).append('"');
      }
      line.append(",\"product\":\"").append(product[0]).append('"');
      line.append(",\"category\":\"").append(product[1]).append('"');
      line.append(",\"price\":")
          .append(price != null ? price : money(100 + random.nextInt(50_000)));
      line.append(",\"quantity\":").append(1 + random.nextInt(5));
      line.append(",\"country\":\"").append(pick(COUNTRIES, random)).append('"');
      line.append(",\"order_ts\":\"").append(ts).append('"');
      if (random.nextInt(100) == 0) {
        line.append(",\"coupon\":\"WINTER10\"");
      }
      return line.append('}').toString();
    }

    @Override
    String malformed(long seq, SplittableRandom random) {
      return random.nextBoolean()
          ? "{\"order_id\":\"o-"
              + seq
              + "\",\"customer_id\":\"c-1\",\"product\":\"Tent\",\"price\":"
          : "ORDER o-" + seq + " Tent 12.00";
    }

    @Override
    String invalid(String kind, long seq, Instant eventTime, SplittableRandom random) {
      return switch (kind) {
        case MISSING_REQUIRED -> order(seq, eventTime, random, null, true, null);
        case TYPE_CAST ->
            random.nextBoolean()
                ? order(seq, eventTime, random, "\"abc\"", false, null)
                : order(seq, eventTime, random, null, false, null)
                    .replaceFirst("\"quantity\":[0-9]+", "\"quantity\":1.5");
        default -> order(seq, eventTime, random, null, false, impossibleTime(eventTime));
      };
    }
  }

  /** Customers: CSV with a header; quoted commas, doubled quotes and embedded line breaks. */
  static final class Customers extends SourceFormat {
    private static final List<String> NAMES =
        List.of(
            "\"Müller, Anna\"",
            "\"Dupont, Jean\"",
            "Sam Lee",
            "\"O\"\"Brien, Pat\"",
            "Eva Braun-Schulz",
            "\"Nowak, Zofia\"");

    Customers() {
      super("customers", 0.1, "customers", ".csv", List.of(MISSING_REQUIRED, BAD_EVENT_TIME));
    }

    @Override
    String fileStart() {
      return "customer_id,name,email,country,city,address,signup_ts\n";
    }

    @Override
    String valid(long seq, Instant eventTime, SplittableRandom random) {
      return customer(seq, eventTime, random, "user" + seq + "@example.com", null);
    }

    private String customer(
        long seq, Instant eventTime, SplittableRandom random, String email, String timestamp) {
      int city = random.nextInt(CITIES.size());
      String address =
          switch (random.nextInt(4)) {
            case 0 -> "\"Leopoldstraße " + (1 + random.nextInt(200)) + "\n80802 München\"";
            case 1 -> "\"100 Congress Ave, Suite " + (1 + random.nextInt(50)) + "\"";
            default -> (1 + random.nextInt(99)) + " rue de Rivoli";
          };
      String ts =
          timestamp != null
              ? timestamp
              : random.nextBoolean() ? isoSeconds(eventTime) + "Z" : spaceSeconds(eventTime);
      return "c-"
          + seq
          + ","
          + pick(NAMES, random)
          + ","
          + email
          + ","
          + COUNTRIES.get(city)
          + ","
          + CITIES.get(city)
          + ","
          + address
          + ","
          + ts;
    }

    @Override
    String malformed(long seq, SplittableRandom random) {
      return "c-" + seq + ",Bad Row,bad@example.com,US,Austin,too,many,fields,2026-11-20T09:00:00Z";
    }

    @Override
    String invalid(String kind, long seq, Instant eventTime, SplittableRandom random) {
      return kind.equals(MISSING_REQUIRED)
          ? customer(seq, eventTime, random, "", null)
          : customer(
              seq, eventTime, random, "user" + seq + "@example.com", impossibleTime(eventTime));
    }
  }

  /** Sensor readings: one JSON array of objects per file, with a nested object and an array. */
  static final class SensorReadings extends SourceFormat {
    private static final List<String> TAGS =
        List.of("[\"indoor\", \"floor-1\"]", "[\"outdoor\"]", "[]", "[\"indoor\", \"Küche\"]");

    SensorReadings() {
      super(
          "sensor_readings",
          0.2,
          "readings",
          ".json",
          List.of(MISSING_REQUIRED, TYPE_CAST, BAD_EVENT_TIME));
    }

    @Override
    String fileStart() {
      return "[\n";
    }

    @Override
    String separator() {
      return ",\n";
    }

    @Override
    String fileEnd() {
      return "\n]\n";
    }

    @Override
    String valid(long seq, Instant eventTime, SplittableRandom random) {
      return reading(seq, eventTime, random, tenths(random.nextInt(500) - 100), null);
    }

    private String reading(
        long seq, Instant eventTime, SplittableRandom random, String temperature, String ts) {
      // d-00 to d-06: five of the seven are in the shipped device reference table
      // (testdata/reference/devices.csv), so the joined dataset matches most readings.
      return "{\"device_id\": \"d-0"
          + (seq % 7)
          + "\", \"reading_ts\": \""
          + (ts != null ? ts : isoMillis(eventTime))
          + "\", \"temperature\": "
          + temperature
          + ", \"humidity\": "
          // 0.1 to 99.9: the shipped rule 'ColumnValues "humidity" between 0 and 100' excludes
          // its bounds, and a generated valid record must pass the quarantine rules.
          + tenths(1 + random.nextInt(999))
          + ", \"battery\": "
          + random.nextInt(101)
          + ",\n \"location\": {\"lat\": "
          + tenths(400 + random.nextInt(200))
          + ", \"lon\": "
          + tenths(random.nextInt(300))
          + "}, \"tags\": "
          + pick(TAGS, random)
          + "}";
    }

    @Override
    String malformed(long seq, SplittableRandom random) {
      return random.nextBoolean() ? "\"sensor offline\"" : Long.toString(seq);
    }

    @Override
    String invalid(String kind, long seq, Instant eventTime, SplittableRandom random) {
      return switch (kind) {
        case MISSING_REQUIRED -> reading(seq, eventTime, random, "null", null);
        case TYPE_CAST -> reading(seq, eventTime, random, "\"hot\"", null);
        default -> reading(seq, eventTime, random, "21.5", impossibleTime(eventTime));
      };
    }
  }

  /** Web server access logs, one line each, matched by the contract's pattern. */
  static final class WebLogs extends SourceFormat {
    private static final List<String> AGENTS =
        List.of("Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "Safari/17.0", "Mozilla/5.0");
    private static final List<String> PATHS =
        List.of("/products/", "/cart/", "/search?q=caf%C3%A9-");
    private static final int[] STATUS = {200, 200, 200, 201, 304, 404, 500};

    WebLogs() {
      super("web_logs", 0.3, "access", ".log", List.of(TYPE_CAST, BAD_EVENT_TIME));
    }

    @Override
    String valid(long seq, Instant eventTime, SplittableRandom random) {
      return line(seq, eventTime, random, null, null);
    }

    private String line(
        long seq, Instant eventTime, SplittableRandom random, String bytes, String timestamp) {
      String ip =
          random.nextInt(20) == 0
              ? "2001:db8::" + Integer.toHexString(1 + random.nextInt(4000))
              : "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      String method = random.nextInt(5) == 0 ? "POST" : "GET";
      return ip
          + " - - ["
          + (timestamp != null ? timestamp : clf(eventTime, random.nextInt(4) == 0 ? 1 : 0))
          + "] \""
          + method
          + " "
          + pick(PATHS, random)
          + seq
          + " HTTP/1.1\" "
          + STATUS[random.nextInt(STATUS.length)]
          + " "
          + (bytes != null ? bytes : Integer.toString(random.nextInt(100_000)))
          + " \""
          + pick(AGENTS, random)
          + "\"";
    }

    @Override
    String malformed(long seq, SplittableRandom random) {
      return random.nextBoolean() ? "### log rotated ###" : "GET /health " + seq;
    }

    @Override
    String invalid(String kind, long seq, Instant eventTime, SplittableRandom random) {
      return kind.equals(TYPE_CAST)
          ? line(seq, eventTime, random, "abc", null)
          : line(seq, eventTime, random, null, "32/Nov/2026:10:16:05 +0000");
    }
  }

  static String pad5(int n) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, 5 - s.length())) + s;
  }
}
