package io.jmlflow.agent;

import java.lang.instrument.Instrumentation;
import java.net.URL;

/**
 * Moves the agent jar from the end of the application class loader's search path to just after the application's
 * first jar.
 *
 * <p>{@code -javaagent} appends the agent jar to the class path, so each of the few hundred classes a tracked run loads
 * from it is first looked for, and missed, in every jar of the application. On a 41-jar XGBoost class path that was
 * about 13,000 missed look-ups, enough to make the JIT compile the zip look-up code with C2; moving the jar measured
 * about 55 ms less CPU and 20 ms less wall time per process. Classes and resources the application has itself are
 * still found first in its own first jar (its manifest too) and in every folder before it.
 *
 * <p>Only class paths of {@value #MIN_JARS} jars or more are worth it. Nothing moves where the order could change what
 * the application loads: when another entry of the class path also
 * has our unrelocated packages ({@code io.jmlflow} itself, or sqlite-jdbc's {@code org.sqlite}), the first copy keeps
 * winning as before. Nor when the agent attaches at run time, or this JDK's class loader is not the one expected: the
 * move reads {@code jdk.internal.loader} fields, opened only to the one-off class loader of {@link ClassPathMover}
 * ({@link OneOffLoader}), never to the application's code. Never throws.
 */
final class ClassPathOrder {
    private static final String[] UNRELOCATED = {"io/jmlflow/Mlflow.class", "org/sqlite/JDBC.class"};
    private static final String MOVER = "io.jmlflow.agent.ClassPathMover";
    /**
     * Below this many jars on the class path the move (about 10 ms at start-up, mostly opening the package and
     * defining the mover) saves less than it costs.
     */
    static final int MIN_JARS = 8;

    private ClassPathOrder() {
    }

    /** Returns whether the agent jar was moved. */
    static boolean moveAgentJarForward(Instrumentation instrumentation) {
        try {
            if (jars(System.getProperty("java.class.path", "")) < MIN_JARS) return false; // -javaagent's jar is not in it
            ClassLoader app = ClassLoader.getSystemClassLoader();
            if (ClassPathOrder.class.getClassLoader() != app) return false;
            URL agentJarLocation = ClassPathOrder.class.getProtectionDomain().getCodeSource().getLocation();
            String agentJar = jarBase(agentJarLocation);
            Class<?> mover = OneOffLoader.withJdkAccess(instrumentation, app).defined(MOVER, agentJarLocation);
            Object moved = mover.getMethod("moveAfterFirstJar", ClassLoader.class, String.class, String[].class)
                    .invoke(null, app, agentJar, UNRELOCATED.clone());
            return Boolean.TRUE.equals(moved);
        } catch (Throwable notThisJdk) {
            return false;
        }
    }

    /** How many of {@code classPath}'s entries are jars. */
    static int jars(String classPath) {
        int jars = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar")) jars++;
        }
        return jars;
    }

    /**
     * The base URL of a jar's entries ({@code jar:<url>!/}): how resource URLs from it start, and the URL the class
     * path keeps for it.
     */
    static String jarBase(URL jar) {
        return "jar:" + jar + "!/";
    }
}
