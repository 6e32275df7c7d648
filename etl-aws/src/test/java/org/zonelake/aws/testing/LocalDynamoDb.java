package org.zonelake.aws.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** DynamoDB Local in process (in memory, telemetry off: no network at all), closed after use. */
public final class LocalDynamoDb implements AutoCloseable {

  private final AmazonDynamoDBLocal local;
  private final DynamoDbClient client;

  /** Starts an empty in-memory DynamoDB. */
  public LocalDynamoDb() {
    // create() without the flag would send start-up telemetry to AWS.
    this.local = DynamoDBEmbedded.create(Boolean.TRUE);
    this.client = local.dynamoDbClient();
  }

  /** A client of it. */
  public DynamoDbClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    local.shutdown();
  }
}
