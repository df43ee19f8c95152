package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * JDK 25 child JVMs running this module's Smile 6 programs (compiled by javac 25, so this Java 17 test code names
 * them as strings) on their application's class path, traced with the same agent jar as Smile 3 (see {@link AgentJvm}).
 */
final class Smile6Jvm {
    static final String PACKAGE = "io.jmlflow.integrations.smile.e2e.smile6.";

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

    static JavaProcess plain(String program, String... args) {
        return AgentJvm.plain(Smile6Jvm.class, PACKAGE + program, args).javaHome(jdk25());
    }

    static JavaProcess traced(String program, String trackingUri, String... args) {
        return AgentJvm.traced(plain(program, args), trackingUri, null);
    }

    static JavaProcess.Result ok(JavaProcess p) {
        return AgentJvm.ok(p);
    }
}
