package io.jmlflow.integrations.spark.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;

import java.nio.file.Path;

/**
 * Runs a program in a child JVM as a user would (see {@link AgentJvm}): the Spark sample's classes and Spark on the
 * class path, with the {@code --add-opens} flags Spark needs on Java 17 (system property {@code spark.java17.opens},
 * from the root pom) and a heap a local Spark session is happy with.
 */
public final class SparkChildJvm {
    private SparkChildJvm() {
    }

    /** {@code mainClass} with {@code args} without the agent, in {@code workDir}. */
    public static JavaProcess plain(Path workDir, Class<?> mainClass, String... args) {
        return withSparkFlags(AgentJvm.plain(SparkChildJvm.class, mainClass.getName(), args)).jvmArg("-Xmx1g")
                .workDir(workDir);
    }

    /**
     * Runs {@code p} to completion and fails the test with its output unless it exited 0. Bounded by 15 minutes, not
     * {@code AgentJvm.ok}'s 5: a JVM that runs every scenario in one Spark session takes minutes on a busy 2-core
     * machine.
     */
    public static JavaProcess.Result ok(JavaProcess p) {
        JavaProcess.Result r = p.run(900);
        if (r.exitCode() != 0) throw new AssertionError("child JVM failed: " + r.describe());
        return r;
    }

    /** Adds the {@code --add-opens} flags Spark needs on Java 17 to {@code p}. */
    public static JavaProcess withSparkFlags(JavaProcess p) {
        String flags = System.getProperty("spark.java17.opens", "");
        if (flags.isBlank()) throw new IllegalStateException("system property spark.java17.opens is not set (pom.xml)");
        for (String flag : flags.trim().split("\\s+")) p.jvmArg(flag);
        return p;
    }
}
