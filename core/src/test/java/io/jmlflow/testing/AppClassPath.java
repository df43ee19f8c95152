package io.jmlflow.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The class path of an application, for child JVMs run under {@code -javaagent:mlflow-agent.jar}: a module's test
 * classes, its main classes, and the {@code runtime-classpath.txt} its build writes next to them (the library and the
 * sample the programs use, nothing of jmlflow: the agent jar brings that, as it does for a user).
 */
public final class AppClassPath {
    private AppClassPath() {
    }

    /** The class path of the module that holds {@code testClass}. */
    public static String of(Class<?> testClass) {
        Path testClasses = testClasses(testClass);
        Path file = testClasses.resolveSibling("runtime-classpath.txt");
        try {
            StringBuilder cp = new StringBuilder(testClasses.toString()).append(File.pathSeparator)
                    .append(testClasses.resolveSibling("classes"));
            for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) cp.append(File.pathSeparator).append(entry);
            }
            return cp.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(file + " not written (run mvn verify)", e);
        }
    }

    /** The folder {@code testClass} was loaded from. */
    public static Path testClasses(Class<?> testClass) {
        try {
            return Paths.get(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
