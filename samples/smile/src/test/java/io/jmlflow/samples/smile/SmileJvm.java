package io.jmlflow.samples.smile;

import io.jmlflow.testing.JavaProcess;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;

/** Child JVMs running this module's programs as a user would: their own class path (no test libraries). */
final class SmileJvm {
    private SmileJvm() {
    }

    static Path testClasses() {
        try {
            return Paths.get(SmileJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This module's classes and its runtime dependencies (Smile 3 and what it needs) as the build wrote them down;
     * {@code withApi}: including jmlflow-core, as an application compiled against the annotations ships it, else
     * without jmlflow's jars (the agent jar has the API too).
     */
    static String classPath(boolean withApi) {
        try {
            String runtime = Files.readString(testClasses().resolveSibling("runtime-classpath.txt")).trim();
            StringBuilder cp = new StringBuilder(testClasses() + File.pathSeparator
                    + testClasses().resolveSibling("classes"));
            for (String entry : runtime.split(File.pathSeparator)) {
                if (entry.isBlank() || !withApi && Paths.get(entry).getFileName().toString().startsWith("jmlflow-")) {
                    continue;
                }
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

    /** {@code mainClass} without the agent. */
    static JavaProcess plain(Class<?> mainClass, String... args) {
        return JavaProcess.main(mainClass, args).classpath(classPath(false)).env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    /** {@code mainClass} with {@code -javaagent:mlflow-agent.jar}, logging to {@code trackingUri}. */
    static JavaProcess traced(Class<?> mainClass, String trackingUri, String... args) {
        return plain(mainClass, args).jvmArg("-javaagent:" + agentJar()).env("MLFLOW_TRACKING_URI", trackingUri);
    }

    /** Runs to completion; fails the test with the child's output when it did not exit 0. */
    static JavaProcess.Result ok(JavaProcess p) {
        JavaProcess.Result r = p.run(240);
        if (r.exitCode() != 0) throw new AssertionError("child JVM failed: " + r.describe());
        return r;
    }

    /** stderr without jmlflow's own lines, i.e. what the program itself wrote. */
    static String programStderr(JavaProcess.Result r) {
        return r.stderr().lines().filter(l -> !l.startsWith("[mlflow]")).collect(Collectors.joining("\n"));
    }
}
