package io.jmlflow.samples.aspectj;

import io.jmlflow.testing.JavaProcess;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;

/** Child JVMs for this module's programs, started as a user would: their own class path, no test libraries. */
final class ChildJvms {
    private ChildJvms() {
    }

    /** This module's test classes (compiled by javac, so not woven). */
    static Path testClasses() {
        try {
            return Paths.get(ChildJvms.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This module's main classes, woven by ajc. */
    static Path wovenClasses() {
        return testClasses().resolveSibling("classes");
    }

    /** jmlflow-core, jmlflow-aspectj, aspectjrt and their dependencies, as the build wrote them down. */
    static String runtimeClassPath() {
        try {
            return Files.readString(testClasses().resolveSibling("runtime-classpath.txt")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("runtime-classpath.txt not written (run mvn verify)", e);
        }
    }

    /** A JVM running {@code mainClass} from the woven classes, with no -javaagent. */
    static JavaProcess woven(String mainClass, Path store, String... args) {
        return JavaProcess.main(mainClass, args)
                .classpath(wovenClasses() + File.pathSeparator + runtimeClassPath())
                .env("MLFLOW_TRACKING_URI", "file:" + store.toAbsolutePath())
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    /** A jar of the surefire class path, found by its file name's start (e.g. "aspectjweaver-"). */
    static Path testClassPathJar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (p.getFileName().toString().startsWith(prefix) && entry.endsWith(".jar")) return p;
        }
        throw new IllegalStateException("no " + prefix + "*.jar on the test class path");
    }

    /** The shaded jmlflow agent (the samples parent pom passes its path). */
    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("mlflow.agent.jar", "agent-jar-not-set"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar);
        return jar;
    }

    /** stderr without jmlflow's own lines, i.e. what the program itself wrote. */
    static String programStderr(JavaProcess.Result r) {
        return r.stderr().lines().filter(l -> !l.startsWith("[mlflow]")).collect(Collectors.joining("\n"));
    }
}
