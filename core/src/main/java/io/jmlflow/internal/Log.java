package io.jmlflow.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-line messages through SLF4J, credentials masked ({@link Redaction}). When the application has no SLF4J
 * provider (we never ship one), warnings
 * and the run summary go to stderr instead, so that a user is never left without them.
 */
public final class Log {
    private static final String PREFIX = "[mlflow] ";
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static volatile Logger logger;
    private static volatile boolean stderrFallback;
    private static volatile boolean initialized;
    private static volatile boolean silent;
    private static final java.util.List<java.util.function.Consumer<String>> LISTENERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private Log() {
    }

    private static Logger logger() {
        Logger l = logger;
        if (!initialized) {
            synchronized (Log.class) {
                if (!initialized) {
                    // Ask for a provider first: initialising SLF4J with none prints three warning lines of its own.
                    boolean nop = !hasSlf4jProvider();
                    if (!nop) {
                        try {
                            nop = LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
                        } catch (Throwable t) {
                            nop = true;
                        }
                    }
                    stderrFallback = nop;
                    logger = nop ? null : LoggerFactory.getLogger("io.jmlflow");
                    initialized = true;
                }
                l = logger;
            }
        }
        return l;
    }

    private static boolean hasSlf4jProvider() {
        try {
            ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), Log.class.getClassLoader()};
            for (ClassLoader cl : loaders) {
                if (cl == null) continue;
                if (java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class, cl).iterator().hasNext()) {
                    return true;
                }
            }
            return false;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Decides, once, where messages go (before any library touches SLF4J). */
    public static void init() {
        logger();
    }

    /**
     * Before loading a library that logs through SLF4J when its API is present (sqlite-jdbc): with no provider,
     * SLF4J would print three warnings of its own, and there is nothing to log to anyway, so they are kept quiet
     * ({@code slf4j.internal.verbosity=ERROR}, unless set). Only then: an application that initialises SLF4J
     * before any such library is loaded still sees SLF4J's notice as it would without us.
     */
    public static void quietSlf4jForLibraries() {
        if (System.getProperty("slf4j.internal.verbosity") == null && !hasSlf4jProvider()) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /** Silences info and warnings (autolog's {@code silent} option); errors still go out. */
    public static void setSilent(boolean value) {
        silent = value;
    }

    /** Also hands every info and warning line to {@code listener} (for tests and the agent's summary). */
    public static void addListener(java.util.function.Consumer<String> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(java.util.function.Consumer<String> listener) {
        LISTENERS.remove(listener);
    }

    private static void notifyListeners(String line) {
        for (java.util.function.Consumer<String> l : LISTENERS) {
            try {
                l.accept(line);
            } catch (RuntimeException ignored) {
                // a listener must not break logging
            }
        }
    }

    public static void info(String text) {
        String message = Redaction.text(text);
        notifyListeners(message);
        if (silent) return;
        Logger l = logger();
        if (stderrFallback) System.err.println(PREFIX + message);
        else l.info(message);
    }

    public static void warn(String text) {
        String message = Redaction.text(text);
        notifyListeners("WARNING: " + message);
        if (silent) return;
        Logger l = logger();
        if (stderrFallback) System.err.println(PREFIX + "WARNING: " + message);
        else l.warn(message);
    }

    /** For tests: forget which one-time warnings were given. */
    public static void resetOnceForTesting() {
        ONCE.clear();
    }

    /** Warns once per {@code dedupKey} for the life of the JVM. */
    public static void warnOnce(String dedupKey, String message) {
        if (ONCE.add(dedupKey)) warn(message);
    }

    public static void debug(String message, Throwable t) {
        Logger l = logger();
        if (!stderrFallback) l.debug(Redaction.text(message), redacted(t));
    }

    public static void error(String message, Throwable t) {
        Logger l = logger();
        if (stderrFallback) {
            System.err.println(PREFIX + "ERROR: " + Redaction.text(message + (t == null ? "" : " (" + t + ")")));
        } else {
            l.error(Redaction.text(message), redacted(t));
        }
    }

    /** {@code t}, or a stand-in with its stack trace when its message shows a credential. */
    private static Throwable redacted(Throwable t) {
        if (t == null) return null;
        String text = String.valueOf(t);
        String safe = Redaction.text(text);
        if (safe.equals(text)) return t;
        RuntimeException standIn = new RuntimeException(safe);
        standIn.setStackTrace(t.getStackTrace());
        return standIn;
    }
}
