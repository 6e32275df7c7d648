package org.zonelake.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.delta.DeltaLog;
import org.zonelake.jobs.local.ClassPathFile;

/**
 * An S3-compatible store in this JVM: S3Proxy over jclouds' in-memory ({@code transient}) blob
 * store, listening on a free port of 127.0.0.1 and checking AWS signatures with fixed test keys.
 *
 * <p>S3Proxy runs in its own class loader over the jars the s3-local module lists (system property
 * {@value #CLASSPATH_PROPERTY}): its Jetty 11, Servlet 5, Guava and Gson would otherwise replace
 * the versions Spark runs with. It is therefore driven by reflection, through public interfaces.
 */
final class LocalS3 implements AutoCloseable {

  static final String CLASSPATH_PROPERTY = "zonelake.s3proxy.classpath";
  static final String ACCESS_KEY = "zonelake-test-access";
  static final String SECRET_KEY = "zonelake-test-secret";

  private final URLClassLoader loader;
  private final Object context;
  private final Object blobStore;
  private final Object proxy;
  private final List<String> buckets = new ArrayList<>();
  private final List<String> attached = new ArrayList<>();

  private LocalS3(URLClassLoader loader, Object context, Object blobStore, Object proxy) {
    this.loader = loader;
    this.context = context;
    this.blobStore = blobStore;
    this.proxy = proxy;
  }

  /** Starts the store and waits until it accepts requests. */
  static LocalS3 start() throws Exception {
    URLClassLoader loader =
        ClassPathFile.loader("s3proxy", ClassPathFile.named(CLASSPATH_PROPERTY, "S3Proxy"));
    return inLoader(
        loader,
        () -> {
          Class<?> contextBuilder = loader.loadClass("org.jclouds.ContextBuilder");
          Class<?> contextType = loader.loadClass("org.jclouds.blobstore.BlobStoreContext");
          Class<?> blobStoreType = loader.loadClass("org.jclouds.blobstore.BlobStore");
          Object builder =
              contextBuilder.getMethod("newBuilder", String.class).invoke(null, "transient");
          contextBuilder
              .getMethod("credentials", String.class, String.class)
              .invoke(builder, ACCESS_KEY, SECRET_KEY);
          Object context =
              contextBuilder.getMethod("build", Class.class).invoke(builder, contextType);
          Object blobStore = contextType.getMethod("getBlobStore").invoke(context);

          Class<?> s3ProxyType = loader.loadClass("org.gaul.s3proxy.S3Proxy");
          Class<?> proxyBuilderType = loader.loadClass("org.gaul.s3proxy.S3Proxy$Builder");
          Class<?> authenticationType = loader.loadClass("org.gaul.s3proxy.AuthenticationType");
          Object proxyBuilder = s3ProxyType.getMethod("builder").invoke(null);
          proxyBuilderType.getMethod("blobStore", blobStoreType).invoke(proxyBuilder, blobStore);
          proxyBuilderType
              .getMethod("endpoint", URI.class)
              .invoke(proxyBuilder, URI.create("http://127.0.0.1:0"));
          proxyBuilderType
              .getMethod("awsAuthentication", authenticationType, String.class, String.class)
              .invoke(
                  proxyBuilder,
                  enumValue(authenticationType, "AWS_V2_OR_V4"),
                  ACCESS_KEY,
                  SECRET_KEY);
          Object proxy = proxyBuilderType.getMethod("build").invoke(proxyBuilder);
          s3ProxyType.getMethod("start").invoke(proxy);
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (!"STARTED".equals(s3ProxyType.getMethod("getState").invoke(proxy))) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("S3Proxy did not start");
            }
            Thread.sleep(20);
          }
          return new LocalS3(loader, context, blobStore, proxy);
        });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class<? extends Enum>) type, name);
  }

  /** Runs {@code call} with the store's class loader as context class loader, as jclouds needs. */
  private static <T> T inLoader(ClassLoader loader, Callable<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private <T> T store(Callable<T> call) {
    try {
      return inLoader(loader, call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy call failed", e);
    }
  }

  private Method method(String type, String name, Class<?>... parameters) throws Exception {
    return loader.loadClass(type).getMethod(name, parameters);
  }

  /** The endpoint S3A talks to. */
  String endpoint() {
    return store(
        () -> "http://127.0.0.1:" + method("org.gaul.s3proxy.S3Proxy", "getPort").invoke(proxy));
  }

  /**
   * The Hadoop settings that point S3A at this store: what {@code --conf
   * spark.hadoop.<key>=<value>} passes to a job.
   */
  Map<String, String> hadoopSettings() {
    return hadoopSettings(endpoint());
  }

  /** The same settings, with S3A reaching the store through {@code endpoint} (a proxy). */
  Map<String, String> hadoopSettings(String endpoint) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put("fs.s3a.access.key", ACCESS_KEY);
    settings.put("fs.s3a.secret.key", SECRET_KEY);
    return settings;
  }

  /** Points {@code hadoop}'s {@code s3a://} file systems at this store. */
  void attach(Configuration hadoop) {
    hadoopSettings().forEach(hadoop::set);
  }

  /**
   * Points {@code hadoop}'s {@code s3a://} file systems at this store through the proxy at {@code
   * endpoint}, with {@code more} settings (such as retries) beside them.
   */
  void attach(Configuration hadoop, String endpoint, Map<String, String> more) {
    hadoopSettings(endpoint).forEach(hadoop::set);
    more.forEach(hadoop::set);
    attached.addAll(more.keySet());
  }

  /**
   * Starts a fault proxy in front of this store and points {@code hadoop}'s {@code s3a://} file
   * systems at it, with {@link S3FaultProxy#RECOMMENDED_LIMITS_SHORT_WAITS}; the proxy passes every
   * request until told otherwise.
   */
  S3FaultProxy attachThroughProxy(Configuration hadoop) throws IOException {
    S3FaultProxy proxy = S3FaultProxy.start(endpoint());
    attach(hadoop, proxy.endpoint(), S3FaultProxy.RECOMMENDED_LIMITS_SHORT_WAITS);
    return proxy;
  }

  /**
   * Removes this store's settings from {@code hadoop} and closes the {@code s3a://} file systems
   * Hadoop cached for its buckets: a later store on another port, with buckets of the same names,
   * would otherwise be reached through clients still pointing at this one. Delta's cache of table
   * logs is cleared for the same reason.
   */
  void detach(Configuration hadoop) throws IOException {
    DeltaLog.clearCache();
    for (String bucket : buckets) {
      FileSystem.get(URI.create("s3a://" + bucket + "/"), hadoop).close();
    }
    hadoopSettings().keySet().forEach(hadoop::unset);
    attached.forEach(hadoop::unset);
  }

  /** The buckets of a deployed lake: one per zone, and the artifacts bucket of the contracts. */
  static final List<String> LAKE_BUCKETS =
      List.of(
          "raw-bucket",
          "processed-bucket",
          "quarantine-bucket",
          "curated-bucket",
          "artifacts-bucket");

  /** Creates empty buckets. */
  void createBuckets(List<String> buckets) {
    this.buckets.addAll(buckets);
    store(
        () -> {
          Method create =
              method(
                  "org.jclouds.blobstore.BlobStore",
                  "createContainerInLocation",
                  loader.loadClass("org.jclouds.domain.Location"),
                  String.class);
          for (String bucket : buckets) {
            create.invoke(blobStore, null, bucket);
          }
          return null;
        });
  }

  /** Uploads every file below {@code directory} to {@code bucket} as {@code prefix/<relative>}. */
  void upload(Path directory, String bucket, String prefix) {
    List<Path> files;
    try (Stream<Path> paths = Files.walk(directory)) {
      files = paths.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store(
        () -> {
          String blobBuilderType = "org.jclouds.blobstore.domain.BlobBuilder";
          String payloadBuilderType = blobBuilderType + "$PayloadBlobBuilder";
          Class<?> blobType = loader.loadClass("org.jclouds.blobstore.domain.Blob");
          Method blobBuilder =
              method("org.jclouds.blobstore.BlobStore", "blobBuilder", String.class);
          Method payload = method(blobBuilderType, "payload", byte[].class);
          Method contentLength = method(payloadBuilderType, "contentLength", long.class);
          Method build = method(blobBuilderType, "build");
          Method putBlob =
              method("org.jclouds.blobstore.BlobStore", "putBlob", String.class, blobType);
          for (Path file : files) {
            String key = prefix + "/" + directory.relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            Object builder = blobBuilder.invoke(blobStore, key);
            builder = payload.invoke(builder, (Object) bytes);
            builder = contentLength.invoke(builder, (long) bytes.length);
            putBlob.invoke(blobStore, bucket, build.invoke(builder));
          }
          return null;
        });
  }

  /** The keys of {@code bucket} below {@code prefix}, at any depth, sorted. */
  List<String> keys(String bucket, String prefix) {
    return store(
        () -> {
          Class<?> optionsType =
              loader.loadClass("org.jclouds.blobstore.options.ListContainerOptions");
          Object options =
              method(
                      "org.jclouds.blobstore.options.ListContainerOptions$Builder",
                      "prefix",
                      String.class)
                  .invoke(null, prefix);
          options = optionsType.getMethod("recursive").invoke(options);
          Method afterMarker = optionsType.getMethod("afterMarker", String.class);
          Method list =
              method("org.jclouds.blobstore.BlobStore", "list", String.class, optionsType);
          Method nextMarker = method("org.jclouds.blobstore.domain.PageSet", "getNextMarker");
          Method name = method("org.jclouds.blobstore.domain.StorageMetadata", "getName");
          Method type = method("org.jclouds.blobstore.domain.StorageMetadata", "getType");
          List<String> keys = new ArrayList<>();
          while (true) {
            Object page = list.invoke(blobStore, bucket, options);
            for (Object metadata : (Iterable<?>) page) {
              if ("BLOB".equals(String.valueOf(type.invoke(metadata)))) {
                keys.add((String) name.invoke(metadata));
              }
            }
            Object marker = nextMarker.invoke(page);
            if (marker == null) {
              break;
            }
            options = afterMarker.invoke(options, marker);
          }
          keys.sort(String::compareTo);
          return keys;
        });
  }

  /**
   * Ends what {@link #attachThroughProxy} began: detaches this store from {@code hadoop}, then
   * stops {@code proxy} and this store.
   */
  void close(Configuration hadoop, S3FaultProxy proxy) throws Exception {
    detach(hadoop);
    proxy.close();
    close();
  }

  @Override
  public void close() throws Exception {
    try {
      inLoader(
          loader,
          () -> {
            try {
              method("org.gaul.s3proxy.S3Proxy", "stop").invoke(proxy);
            } finally {
              method("java.io.Closeable", "close").invoke(context);
            }
            return null;
          });
    } finally {
      loader.close();
    }
  }
}
