package org.zonelake.aws;

import java.io.IOException;
import org.zonelake.core.errors.LakeException;
import org.zonelake.model.ErrorMessage;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The failures of the AWS services: turns what the SDK throws into a {@link LakeException} that
 * names the resource, says why and how to fix it. The SDK has already retried (standard retry
 * strategy) when these are called.
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
      return resourceMissing(resource, fixWhenMissing, error);
    }
    if (error instanceof AwsServiceException service) {
      if (service.isThrottlingException()) {
        return throttled(resource, service);
      }
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String message =
          service.awsErrorDetails() == null
              ? service.getMessage()
              : service.awsErrorDetails().errorMessage();
      return requestRefused(
          resource, service.statusCode(), code == null ? "unknown error" : code, message, service);
    }
    Throwable io = error;
    while (io != null && !(io instanceof IOException)) {
      io = io.getCause();
    }
    if (io != null) {
      return unreachable(resource, io.getClass().getSimpleName(), io.getMessage(), error);
    }
    return clientFailed(resource, error);
  }

  /** No region was found for a client of {@code service}: the SDK could not build it. */
  static LakeException noRegion(String service, Throwable cause) {
    return new LakeException(
        ErrorMessage.what("No AWS region for the " + service + " client")
            .why(
                "the AWS SDK found none where it looks: AWS_REGION, the aws.region system"
                    + " property, the profile (on AWS Glue, the job's own region)")
            .fix(
                "set AWS_REGION or the profile's region (./lake runs and ./lake lineage also take"
                    + " --region R)"),
        cause);
  }

  /** An AWS resource (table, topic) does not exist. */
  static LakeException resourceMissing(AwsResource resource, String fix, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(resource.describe() + " does not exist at " + resource.target()).fix(fix),
        cause);
  }

  /** An AWS service could not be reached at all (no answer after the retries). */
  static LakeException unreachable(
      AwsResource resource, String errorType, String detail, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(resource.describe() + " cannot be reached at " + resource.target())
            .why(
                "no answer after "
                    + attempts(resource.attempts())
                    + " ("
                    + errorType
                    + (detail == null ? "" : ": " + ErrorMessage.firstLine(detail))
                    + ")")
            .fix(
                "check the region and endpoint settings and that this machine can reach the"
                    + " service"),
        cause);
  }

  /** An AWS service kept throttling the requests until the retries ran out. */
  static LakeException throttled(AwsResource resource, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(
                resource.describe() + " at " + resource.target() + " is throttling requests")
            .why("still throttled after " + attempts(resource.attempts()))
            .fix("run again later, or raise the resource's quota or capacity"),
        cause);
  }

  /** An AWS service refused a request (permissions, validation, ...). */
  static LakeException requestRefused(
      AwsResource resource, int status, String code, String message, Throwable cause) {
    return new LakeException(
        ErrorMessage.what(resource.describe() + " at " + resource.target() + " refused the request")
            .why(
                code
                    + " (HTTP "
                    + status
                    + ")"
                    + (message == null ? "" : ": " + ErrorMessage.firstLine(message)))
            .fix("check the job's permissions on the resource and its settings"),
        cause);
  }

  /** The SDK failed before any request was answered (credentials, region, configuration). */
  static LakeException clientFailed(AwsResource resource, Throwable cause) {
    String detail = ErrorMessage.detail(cause);
    // The SDK's credentials error goes on to list every provider it asked and why each failed.
    int chain = detail.indexOf(" AwsCredentialsProviderChain(");
    if (chain > 0) {
      detail =
          detail.substring(0, chain)
              + " (environment variables, system properties, profile, container, instance)";
    }
    return new LakeException(
        ErrorMessage.what("Cannot use " + resource.describe() + " at " + resource.target())
            .why(detail)
            .fix(
                "give the AWS SDK a region and credentials where it looks for them: environment"
                    + " variables (AWS_REGION, AWS_ACCESS_KEY_ID, ...), the profile, or the role"
                    + " the job runs as"),
        cause);
  }

  private static String attempts(int attempts) {
    return attempts == 1 ? "1 attempt" : attempts + " attempts";
  }
}
