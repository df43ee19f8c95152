package io.jmlflow.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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
        List<String> cp = new ArrayList<>();
        cp.add(testClasses.toString());
        cp.add(testClasses.resolveSibling("classes").toString());
        cp.addAll(libraries(testClass));
        return String.join(File.pathSeparator, cp);
    }

    /** Only the entries of {@code runtime-classpath.txt} (the library and the sample) of {@code testClass}'s module. */
    public static List<String> libraries(Class<?> testClass) {
        Path file = testClasses(testClass).resolveSibling("runtime-classpath.txt");
        try {
            List<String> out = new ArrayList<>();
            for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) out.add(entry);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " not written (run mvn verify)", e);
        }
    }

    /**
     * {@link #of} plus the AWS SDK's S3 client and its HTTP client ({@code s3-sdk-classpath.txt}, which a module whose
     * programs write to {@code s3://} locations has its build write), as an application that needs it adds them.
     */
    public static String withS3Sdk(Class<?> testClass) {
        Path file = testClasses(testClass).resolveSibling("s3-sdk-classpath.txt");
        try {
            return of(testClass) + File.pathSeparator + Files.readString(file).trim();
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
