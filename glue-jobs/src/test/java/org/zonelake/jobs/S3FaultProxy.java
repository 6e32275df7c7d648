package org.zonelake.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of an S3-compatible store that fails chosen requests the way S3 does when
 * it is overloaded or unwell: {@code 503 SlowDown}, {@code 500 InternalError}, a connection reset,
 * or an answer that comes late. Every request is classified by its S3 operation (a GET of an
 * object, HEAD, PUT, LIST, DELETE, multipart upload steps, copy); {@link Rule}s choose which of
 * them fail and how. A failed request never reaches the store, so a retry finds it as it was.
 *
 * <p>The proxy forwards the bytes unchanged (S3A's signatures stay valid: the store sees the same
 * host header the client signed) and counts, per operation, the requests it saw and the faults it
 * injected.
 */
final class S3FaultProxy implements AutoCloseable {

  /** The S3 operation of a request. */
  enum Operation {
    GET,
    HEAD,
    PUT,
    LIST,
    DELETE,
    MULTIPART,
    COPY,
    OTHER
  }

  /** What a failed request gets. */
  enum Fault {
    /** {@code 503 SlowDown}: S3's answer to too high a request rate. */
    SLOW_DOWN,
    /** {@code 500 InternalError}. */
    INTERNAL_ERROR,
    /** The connection is reset before any answer. */
    CONNECTION_RESET,
    /** The request is forwarded after a delay of {@link #SLOW_MILLIS}. */
    SLOW_RESPONSE;

    static final long SLOW_MILLIS = 500;
  }

  /** One request as the proxy classified it: its operation and {@code bucket/key}. */
  record Request(Operation operation, String object) {}

  /**
   * Which requests fail: those of {@code operation} whose object matches {@code object}, every
   * {@code every}-th of them (1: all), each with the next of {@code faults} in turn.
   */
  record Rule(Operation operation, Predicate<String> object, int every, List<Fault> faults) {

    /** Every {@code every}-th request of {@code operation}, the faults in turn. */
    static Rule every(Operation operation, int every, List<Fault> faults) {
      return new Rule(operation, object -> true, every, faults);
    }

    /** Every request of {@code operation} on an object whose {@code bucket/key} matches. */
    static Rule always(Operation operation, String objectPattern, Fault fault) {
      return new Rule(
          operation,
          java.util.regex.Pattern.compile(objectPattern).asPredicate(),
          1,
          List.of(fault));
    }
  }

  /**
   * The S3A retry settings the README recommends (section "S3 answering with errors"): a few quick
   * retries in the AWS SDK under S3A's own bounded, exponential ones.
   */
  static final Map<String, String> RECOMMENDED_RETRIES =
      Map.of(
          "fs.s3a.attempts.maximum", "3",
          "fs.s3a.retry.limit", "4",
          "fs.s3a.retry.interval", "500ms",
          "fs.s3a.retry.throttle.limit", "6",
          "fs.s3a.retry.throttle.interval", "500ms");

  /**
   * {@link #RECOMMENDED_RETRIES} with 100 ms between S3A's retries: the proxy's faults come by
   * count of requests, not by time, so longer waits would only make the tests longer.
   */
  static final Map<String, String> RECOMMENDED_LIMITS_SHORT_WAITS = shortWaits();

  private static Map<String, String> shortWaits() {
    Map<String, String> settings = new java.util.HashMap<>(RECOMMENDED_RETRIES);
    settings.put("fs.s3a.retry.interval", "100ms");
    settings.put("fs.s3a.retry.throttle.interval", "100ms");
    return Map.copyOf(settings);
  }

  private final ServerSocket server;
  private final URI upstream;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "s3-fault-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private volatile List<Rule> rules = List.of();
  private final Map<Rule, AtomicLong> matched = new HashMap<>();
  private final Map<Operation, AtomicLong> requests = new EnumMap<>(Operation.class);
  private final Map<Operation, Map<Fault, AtomicLong>> injected = new EnumMap<>(Operation.class);
  private final List<Request> failed = new ArrayList<>();

  private S3FaultProxy(ServerSocket server, URI upstream) {
    this.server = server;
    this.upstream = upstream;
    for (Operation operation : Operation.values()) {
      requests.put(operation, new AtomicLong());
      Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
      for (Fault fault : Fault.values()) {
        faults.put(fault, new AtomicLong());
      }
      injected.put(operation, faults);
    }
  }

  /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code upstream}. */
  static S3FaultProxy start(String upstream) throws IOException {
    S3FaultProxy proxy =
        new S3FaultProxy(
            new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), URI.create(upstream));
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /** The endpoint S3A is pointed at. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Fails the requests {@code rules} choose from now on (none: every request passes). */
  synchronized void failWith(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    failed.clear();
    matched.clear();
    rules.forEach(rule -> matched.put(rule, new AtomicLong()));
  }

  /** Requests seen per operation since the start. */
  Map<Operation, Long> requests() {
    Map<Operation, Long> counts = new EnumMap<>(Operation.class);
    requests.forEach((operation, count) -> counts.put(operation, count.get()));
    return counts;
  }

  /** Faults injected per operation and kind since the start. */
  Map<Operation, Map<Fault, Long>> injected() {
    Map<Operation, Map<Fault, Long>> counts = new EnumMap<>(Operation.class);
    injected.forEach(
        (operation, faults) -> {
          Map<Fault, Long> byFault = new EnumMap<>(Fault.class);
          faults.forEach((fault, count) -> byFault.put(fault, count.get()));
          counts.put(operation, byFault);
        });
    return counts;
  }

  /** Every fault injected, over all operations and kinds. */
  long faultsInjected() {
    return injected.values().stream()
        .flatMap(faults -> faults.values().stream())
        .mapToLong(AtomicLong::get)
        .sum();
  }

  /** The requests that got a fault (not counting late answers) since the last {@link #failWith}. */
  synchronized List<Request> failedRequests() {
    return List.copyOf(failed);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Serves one client connection: request by request, each forwarded or failed. */
  private void serve(Socket client) {
    Socket store = null;
    try (client) {
      // The proxy writes a message in several writes (head, then body; the store's answer as it
      // comes): without TCP_NODELAY each later write waits for the peer's delayed acknowledgement.
      client.setTcpNoDelay(true);
      InputStream fromClient = client.getInputStream();
      OutputStream toClient = client.getOutputStream();
      while (true) {
        Head head = Head.read(fromClient);
        if (head == null) {
          return;
        }
        Request request = head.request();
        requests.get(request.operation()).incrementAndGet();
        Fault fault = faultFor(request);
        if (fault != null && fault != Fault.SLOW_RESPONSE) {
          injected.get(request.operation()).get(fault).incrementAndGet();
          fail(client, head, request, fault);
          return;
        }
        if (fault == Fault.SLOW_RESPONSE) {
          injected.get(request.operation()).get(fault).incrementAndGet();
          Thread.sleep(Fault.SLOW_MILLIS);
        }
        if (store == null) {
          store = new Socket(upstream.getHost(), upstream.getPort());
          store.setTcpNoDelay(true);
          Socket connected = store;
          threads.execute(() -> pump(connected, client));
        }
        OutputStream toStore = store.getOutputStream();
        toStore.write(head.bytes());
        head.copyBody(fromClient, toStore);
        toStore.flush();
      }
    } catch (IOException e) {
      // The client or the store closed the connection.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(store);
    }
  }

  private synchronized Fault faultFor(Request request) {
    for (Rule rule : rules) {
      if (rule.operation() == request.operation() && rule.object().test(request.object())) {
        long n = matched.get(rule).incrementAndGet();
        if (n % rule.every() == 0) {
          Fault fault = rule.faults().get((int) ((n / rule.every() - 1) % rule.faults().size()));
          if (fault != Fault.SLOW_RESPONSE) {
            failed.add(request);
          }
          return fault;
        }
        return null;
      }
    }
    return null;
  }

  private static void fail(Socket client, Head head, Request request, Fault fault)
      throws IOException {
    if (fault == Fault.CONNECTION_RESET) {
      client.setSoLinger(true, 0); // close with RST
      return;
    }
    if (!head.expectsContinue()) {
      head.copyBody(client.getInputStream(), OutputStream.nullOutputStream());
    }
    boolean slowDown = fault == Fault.SLOW_DOWN;
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + (slowDown ? "SlowDown" : "InternalError")
            + "</Code><Message>"
            + (slowDown
                ? "Please reduce your request rate."
                : "We encountered an internal error. Please try again.")
            + "</Message><Resource>/"
            + request.object()
            + "</Resource><RequestId>injected-fault</RequestId></Error>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String status = slowDown ? "503 Slow Down" : "500 Internal Server Error";
    String headers =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/xml\r\nx-amz-request-id: injected-fault\r\n"
            + "Content-Length: "
            + (head.method().equals("HEAD") ? 0 : bytes.length)
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(headers.getBytes(StandardCharsets.US_ASCII));
    if (!head.method().equals("HEAD")) {
      out.write(bytes);
    }
    out.flush();
  }

  /** Copies the store's answers to the client until either side closes. */
  private static void pump(Socket store, Socket client) {
    try {
      store.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
      // Closed.
    } finally {
      closeQuietly(client);
      closeQuietly(store);
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  /** A request's line and headers as received, and what they say about its body. */
  private record Head(byte[] bytes, String method, String target, Map<String, String> headers) {

    /** Reads up to the empty line after the headers; null at the end of the stream. */
    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int matched = 0;
      int b;
      while (matched < 4 && (b = in.read()) >= 0) {
        bytes.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      if (matched < 4) {
        return null;
      }
      String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Head(bytes.toByteArray(), requestLine[0], requestLine[1], headers);
    }

    boolean expectsContinue() {
      return "100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""));
    }

    /** Copies the request's body (by its length, or chunk by chunk) from {@code in} to out. */
    void copyBody(InputStream in, OutputStream out) throws IOException {
      if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
        while (true) {
          String size = line(in, out);
          long length = Long.parseLong(size.split(";")[0].trim(), 16);
          copy(in, out, length);
          line(in, out); // the CRLF after the chunk (or the end of the trailers)
          if (length == 0) {
            return;
          }
        }
      }
      copy(in, out, Long.parseLong(headers.getOrDefault("content-length", "0")));
    }

    private static String line(InputStream in, OutputStream out) throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
        if (b == '\n') {
          break;
        }
        line.append((char) b);
      }
      return line.toString().strip();
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("request body ended early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }

    /** The S3 operation and the {@code bucket/key} of a path-style request. */
    Request request() {
      int question = target.indexOf('?');
      String path = question < 0 ? target : target.substring(0, question);
      String query = question < 0 ? "" : target.substring(question + 1);
      String object = path.startsWith("/") ? path.substring(1) : path;
      boolean bucketOnly = object.indexOf('/') < 0 || object.endsWith("/") && isBucket(object);
      Operation operation =
          switch (method) {
            case "GET" ->
                bucketOnly && !has(query, "location") && !has(query, "uploads")
                    ? Operation.LIST
                    : bucketOnly ? Operation.OTHER : Operation.GET;
            case "HEAD" -> bucketOnly ? Operation.OTHER : Operation.HEAD;
            case "PUT" ->
                has(query, "uploadId")
                    ? Operation.MULTIPART
                    : headers.containsKey("x-amz-copy-source") ? Operation.COPY : Operation.PUT;
            case "POST" ->
                has(query, "uploads") || has(query, "uploadId")
                    ? Operation.MULTIPART
                    : has(query, "delete") ? Operation.DELETE : Operation.OTHER;
            case "DELETE" -> has(query, "uploadId") ? Operation.MULTIPART : Operation.DELETE;
            default -> Operation.OTHER;
          };
      return new Request(operation, java.net.URLDecoder.decode(object, StandardCharsets.UTF_8));
    }

    private static boolean isBucket(String object) {
      return object.indexOf('/') == object.length() - 1;
    }

    private static boolean has(String query, String parameter) {
      for (String part : query.split("&")) {
        if (part.equals(parameter) || part.startsWith(parameter + "=")) {
          return true;
        }
      }
      return false;
    }
  }
}
