package org.zonelake.jobs.local;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class path file: the jars of a local stand-in (DynamoDB Local, S3Proxy) that the build lists in
 * one file, separated by the path separator, and a class loader over them. The stand-ins run in a
 * class loader of their own, whose parent is the platform class loader, because their libraries
 * would clash with the versions Spark and the Glue runtime bring.
 */
public final class ClassPathFile {

  private ClassPathFile() {}

  /**
   * The class path file named by a system property.
   *
   * @param property the system property holding the file's path
   * @param what what the file lists the jars of, for the message ("DynamoDB Local")
   * @return the file (not checked to exist)
   * @throws IllegalStateException naming {@code property} when it is missing or blank
   */
  public static Path named(String property, String what) {
    String file = System.getProperty(property);
    if (file == null || file.isBlank()) {
      throw new IllegalStateException("Set -D" + property + " to " + what + "'s class path file");
    }
    return Path.of(file);
  }

  /**
   * A new class loader named {@code name} over the jars listed in {@code file}, in order, with the
   * platform class loader as parent; blank entries (a trailing separator, an empty file) are
   * skipped. The caller closes it.
   *
   * @param name the class loader's name ("dynamodb-local")
   * @param file the class path file, such as {@link #named} returns
   * @throws IOException when {@code file} cannot be read
   */
  public static URLClassLoader loader(String name, Path file) throws IOException {
    return new URLClassLoader(
        name, jars(file).toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  private static List<URL> jars(Path file) throws IOException {
    List<URL> jars = new ArrayList<>();
    for (String jar : Files.readString(file).strip().split(File.pathSeparator)) {
      if (!jar.isBlank()) {
        jars.add(Path.of(jar).toUri().toURL());
      }
    }
    return jars;
  }
}
