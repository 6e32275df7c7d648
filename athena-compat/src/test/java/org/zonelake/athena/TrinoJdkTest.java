package org.zonelake.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the JDK for Trino among fake JDK directories. */
class TrinoJdkTest {

  @TempDir Path jvm;

  private Path jdk(String name, String version) throws IOException {
    Path home = jvm.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createFile(home.resolve("bin/java"));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void takesTheNewestJdkOfTheMinimumVersionOrNewer() throws IOException {
    jdk("java-17-openjdk-amd64", "17.0.15");
    Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
    jdk("temurin-24-jdk-amd64", "24.0.1");

    TrinoJdk.Lookup lookup = TrinoJdk.find(24, Optional.empty(), Map.of(), List.of(jvm));

    assertThat(lookup.home()).contains(newest);
    assertThat(lookup.java()).isEqualTo(newest.resolve("bin/java"));
  }

  @Test
  void explainsWhatIsMissingWhenNoJdkIsNewEnough() throws IOException {
    jdk("java-17-openjdk-amd64", "17.0.15");

    TrinoJdk.Lookup lookup =
        TrinoJdk.find(24, Optional.empty(), Map.of("JAVA_HOME", "/nowhere"), List.of(jvm));

    assertThat(lookup.home()).isEmpty();
    assertThat(lookup.explanation())
        .contains("No JDK of Java 24 or newer found for the Trino server")
        .contains(jvm.resolve("java-17-openjdk-amd64") + " = Java 17")
        .contains("-Dzonelake.trino.java.home=DIR")
        .contains("TRINO_JAVA_HOME=DIR");
  }

  @Test
  void anExplicitChoiceWinsAndMustBeNewEnough() throws IOException {
    Path old = jdk("java-17-openjdk-amd64", "17.0.15");
    Path chosen = jdk("custom-24", "24");
    jdk("temurin-25-jdk-amd64", "25.0.3");

    assertThat(
            TrinoJdk.find(
                    24,
                    Optional.empty(),
                    Map.of("TRINO_JAVA_HOME", chosen.toString()),
                    List.of(jvm))
                .home())
        .contains(chosen);
    assertThatThrownBy(() -> TrinoJdk.find(24, Optional.of(old.toString()), Map.of(), List.of(jvm)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-Dzonelake.trino.java.home=" + old + " is Java 17")
        .hasMessageContaining("needs Java 24 or newer");
  }
}
