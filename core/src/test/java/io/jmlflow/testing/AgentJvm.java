package io.jmlflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child JVMs as a user runs them: a program on its application's class path ({@link AppClassPath}), with or without
 * {@code -javaagent:mlflow-agent.jar} (the jar the build produced, system property {@code mlflow.agent.jar}).
 * Traced JVMs run under {@code -Djmlflow.testing.reraise=true}: a failure of autologging's own code fails the
 * program (and the test) instead of becoming a warning.
 */
public final class AgentJvm {
    private AgentJvm() {
    }

    /** The agent jar the build produced. */
    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("mlflow.agent.jar", "mlflow.agent.jar-not-set")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar + " (mvn verify)");
        return jar;
    }

    /** {@code mainClass} without the agent, on the class path of the module that holds {@code module}. */
    public static JavaProcess plain(Class<?> module, String mainClass, String... args) {
        return JavaProcess.main(mainClass, args).classpath(AppClassPath.of(module))
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    /** {@code p} under the agent ({@code agentArgs} after the jar, or null), logging to {@code trackingUri}. */
    public static JavaProcess traced(JavaProcess p, String trackingUri, String agentArgs) {
        return p.jvmArg("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs))
                .jvmArg("-Djmlflow.testing.reraise=true")
                .env("MLFLOW_TRACKING_URI", trackingUri)
                .env("MLFLOW_DISABLE_TELEMETRY", "true");
    }

    /** Runs to completion; fails the test with the child's output when it did not exit 0. */
    public static JavaProcess.Result ok(JavaProcess p) {
        JavaProcess.Result r = p.run(300);
        if (r.exitCode() != 0) throw new AssertionError("child JVM failed: " + r.describe());
        return r;
    }
}
