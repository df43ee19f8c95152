package io.jmlflow.samples.smile6;

import io.jmlflow.testing.JavaProcess;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * JDK 25 child JVMs running this module's Smile 6 programs (compiled by javac 25, so this Java 17 test code names
 * them as strings) with their own class path and, when traced, the same agent jar as the Smile 3 tests.
 */
final class Smile6Jvm {
    static final String PACKAGE = "io.jmlflow.samples.smile6.";

    private Smile6Jvm() {
    }

    /** The JDK 25 the parent pom passes to the tests as {@code jdk25.home}. */
    static String jdk25() {
        String home = System.getProperty("jdk25.home");
        if (home == null || !Files.isExecutable(Paths.get(home, "bin", "java"))) {
            throw new IllegalStateException("no JDK 25 at jdk25.home=" + home + " (scripts/ensure-jdk25.sh installs one)");
        }
        return home;
    }

    static Path testClasses() {
        try {
            return Paths.get(Smile6Jvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The programs and Smile 6 with its dependencies, without jmlflow's jars (the agent jar provides the API). */
    static String classPath() {
        try {
            String runtime = Files.readString(testClasses().resolveSibling("runtime-classpath.txt")).trim();
            StringBuilder cp = new StringBuilder(testClasses().resolveSibling("classes").toString());
            for (String entry : runtime.split(File.pathSeparator)) {
                if (entry.isBlank() || Paths.get(entry).getFileName().toString().startsWith("jmlflow-")) continue;
                cp.append(File.pathSeparator).append(entry);
            }
            return cp.toString();
        } catch (IOException e) {
            throw new IllegalStateException("runtime-classpath.txt not written (run mvn verify)", e);
        }
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("mlflow.agent.jar", "agent-jar-not-set"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar);
        return jar;
    }

    static JavaProcess plain(String program, String... args) {
        return JavaProcess.main(PACKAGE + program, args).javaHome(jdk25()).classpath(classPath())
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    static JavaProcess traced(String program, String trackingUri, String... args) {
        return plain(program, args).jvmArg("-javaagent:" + agentJar()).env("MLFLOW_TRACKING_URI", trackingUri);
    }

    static JavaProcess.Result ok(JavaProcess p) {
        JavaProcess.Result r = p.run(240);
        if (r.exitCode() != 0) throw new AssertionError("child JVM failed: " + r.describe());
        return r;
    }
}
