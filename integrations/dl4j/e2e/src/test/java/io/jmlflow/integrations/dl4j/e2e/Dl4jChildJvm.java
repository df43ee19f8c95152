package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;

import java.nio.file.Path;

/**
 * Runs a program in a child JVM as a user would (see {@link AgentJvm}): the DL4J sample's classes and DL4J on the
 * class path, with one native thread (these nets are tiny and the build machine is shared).
 */
public final class Dl4jChildJvm {
    private Dl4jChildJvm() {
    }

    /** {@code mainClass} with {@code args} without the agent, in {@code workDir}. */
    public static JavaProcess plain(Path workDir, Class<?> mainClass, String... args) {
        return AgentJvm.plain(Dl4jChildJvm.class, mainClass.getName(), args)
                .jvmArg("-Xmx512m")
                .workDir(workDir)
                .env("OMP_NUM_THREADS", "1");
    }

    /**
     * {@code mainClass} with {@code args} under the agent, {@code agentArgs} after the jar ({@code k=v,...} or null),
     * logging to {@code trackingUri}, in {@code workDir}; fails the test when the program does not exit 0.
     */
    public static JavaProcess.Result run(Path workDir, String trackingUri, String agentArgs, Class<?> mainClass,
                                         String... args) {
        return AgentJvm.ok(AgentJvm.traced(plain(workDir, mainClass, args), trackingUri, agentArgs));
    }
}
