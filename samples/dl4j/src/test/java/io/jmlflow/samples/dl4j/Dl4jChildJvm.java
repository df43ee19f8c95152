package io.jmlflow.samples.dl4j;

import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a sample program in a child JVM under {@code -javaagent:mlflow-agent.jar}, as a user would: the class path is
 * the test class path without this repository's own modules (core, integrations), so that everything jmlflow comes
 * from the agent jar.
 */
public final class Dl4jChildJvm {
    private Dl4jChildJvm() {
    }

    /** The shaded agent jar the build produced (system property {@code mlflow.agent.jar}). */
    public static Path agentJar() {
        String p = System.getProperty("mlflow.agent.jar");
        if (p == null) throw new IllegalStateException("system property mlflow.agent.jar is not set");
        Path jar = Paths.get(p).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar + " (run mvn verify)");
        return jar;
    }

    /** The test class path minus this repository's modules other than samples/dl4j. */
    public static String applicationClassPath(String classPath) {
        Path root = PythonMlflow.repoRoot();
        Path samples = root.resolve("samples").resolve("dl4j");
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Paths.get(entry).toAbsolutePath().normalize();
            if (p.startsWith(root) && !p.startsWith(samples)) continue;
            if (p.getFileName().toString().startsWith("jmlflow-")) continue;
            kept.add(p.toString());
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * {@code mainClass} with {@code args} under the agent, {@code agentArgs} after the jar ({@code k=v,...} or null),
     * logging to {@code trackingUri}, in {@code workDir}; fails the test when the program does not exit 0.
     */
    public static JavaProcess.Result run(Path workDir, String trackingUri, String agentArgs, Class<?> mainClass,
                                         String... args) {
        JavaProcess p = JavaProcess.main(mainClass, args)
                .classpath(applicationClassPath(System.getProperty("java.class.path")))
                .jvmArg("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs))
                .jvmArg("-Xmx512m")
                .workDir(workDir)
                .env("MLFLOW_TRACKING_URI", trackingUri)
                // one native thread: these nets are tiny and the build machine is shared
                .env("OMP_NUM_THREADS", "1")
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
        JavaProcess.Result r = p.run(240);
        if (r.exitCode() != 0) throw new AssertionError(mainClass.getSimpleName() + " failed:\n" + r.describe());
        return r;
    }
}
