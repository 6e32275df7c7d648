package org.zonelake.core.aws;

import java.io.IOException;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws into a {@link LakeException} that names the resource. The SDK has
 * already retried (standard retry strategy) when these are called.
 */
public final class AwsFailures {

  private AwsFailures() {}

  /**
   * The failure of a request to {@code resource}.
   *
   * @param resource the table, namespace or topic the request was for
   * @param error what the SDK threw
   * @param missing whether the service said the resource does not exist
   * @param fixWhenMissing how to fix a missing resource
   */
  public static LakeException translate(
      AwsResource resource, SdkException error, boolean missing, String fixWhenMissing) {
    if (missing) {
      return LakeErrors.awsResourceMissing(resource, fixWhenMissing, error);
    }
    if (error instanceof AwsServiceException service) {
      if (service.isThrottlingException()) {
        return LakeErrors.awsThrottled(resource, service);
      }
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String message =
          service.awsErrorDetails() == null
              ? service.getMessage()
              : service.awsErrorDetails().errorMessage();
      return LakeErrors.awsRequestRefused(
          resource, service.statusCode(), code == null ? "unknown error" : code, message, service);
    }
    Throwable io = error;
    while (io != null && !(io instanceof IOException)) {
      io = io.getCause();
    }
    if (io != null) {
      return LakeErrors.awsUnreachable(
          resource, io.getClass().getSimpleName(), io.getMessage(), error);
    }
    return LakeErrors.awsClientFailed(resource, error);
  }
}
