package org.zonelake.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One named argument a job accepts, Glue style ({@code --name value}).
 *
 * @param name the name without the leading dashes, as Glue passes it
 * @param required whether the job refuses to start without it
 * @param defaultValue the value used when an optional argument is absent (empty when none)
 * @param description one line for the usage message and the README table
 */
public record JobArgument(
    String name, boolean required, Optional<String> defaultValue, String description) {

  /** Validates the fields. */
  public JobArgument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("required argument '" + name + "' cannot have a default");
    }
  }

  /** A required argument. */
  public static JobArgument required(String name, String description) {
    return new JobArgument(name, true, Optional.empty(), description);
  }

  /** An optional argument with no default. */
  public static JobArgument optional(String name, String description) {
    return new JobArgument(name, false, Optional.empty(), description);
  }

  /** An optional argument with a default value. */
  public static JobArgument optional(String name, String defaultValue, String description) {
    return new JobArgument(name, false, Optional.of(defaultValue), description);
  }
}
