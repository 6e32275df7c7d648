package org.zonelake.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * An S3-compatible store in this JVM: S3Proxy over jclouds' in-memory ({@code transient}) blob
 * store, listening on a free port of 127.0.0.1 and checking AWS signatures with fixed test keys.
 */
final class LocalS3 implements AutoCloseable {

  static final String ACCESS_KEY = "zonelake-test-access";
  static final String SECRET_KEY = "zonelake-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private LocalS3(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  /** Starts the store and waits until it accepts requests. */
  static LocalS3 start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS_KEY, SECRET_KEY)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        context.close();
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
    return new LocalS3(context, proxy);
  }

  /** The endpoint S3A talks to. */
  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /**
   * The Hadoop settings that point S3A at this store: what {@code --conf
   * spark.hadoop.<key>=<value>} passes to a job.
   */
  Map<String, String> hadoopSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint());
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put("fs.s3a.access.key", ACCESS_KEY);
    settings.put("fs.s3a.secret.key", SECRET_KEY);
    return settings;
  }

  /** Creates empty buckets. */
  void createBuckets(List<String> buckets) {
    for (String bucket : buckets) {
      context.getBlobStore().createContainerInLocation(null, bucket);
    }
  }

  /** Uploads every file below {@code directory} to {@code bucket} as {@code prefix/<relative>}. */
  void upload(Path directory, String bucket, String prefix) {
    BlobStore store = context.getBlobStore();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
        String key = prefix + "/" + directory.relativize(file).toString().replace('\\', '/');
        store.putBlob(
            bucket,
            store
                .blobBuilder(key)
                .payload(Files.readAllBytes(file))
                .contentLength(Files.size(file))
                .build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys of {@code bucket} below {@code prefix}, at any depth. */
  List<String> keys(String bucket, String prefix) {
    return context
        .getBlobStore()
        .list(bucket, ListContainerOptions.Builder.prefix(prefix).recursive())
        .stream()
        .map(StorageMetadata::getName)
        .sorted()
        .toList();
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
