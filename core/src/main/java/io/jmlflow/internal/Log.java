package io.jmlflow.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-line messages through the application's SLF4J, credentials masked ({@link Redaction}). When the application
 * has no SLF4J API or no provider (the agent's jar ships neither: an API of ours on the class path would make other
 * libraries, such as commons-logging 1.3, initialise SLF4J and print its warnings), warnings and the run summary go to
 * stderr instead, so that a user is never left without them.
 */
public final class Log {
    private static final String PREFIX = "[mlflow] ";
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    /** The SLF4J output, or null: stderr. */
    private static volatile Slf4jOutput slf4j;
    private static volatile boolean initialized;
    private static volatile boolean silent;
    private static final java.util.List<java.util.function.Consumer<String>> LISTENERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private Log() {
    }

    /** The SLF4J output, or null when messages go to stderr (decided once). */
    private static Slf4jOutput output() {
        if (!initialized) {
            synchronized (Log.class) {
                if (!initialized) {
                    slf4j = slf4jPresent() ? Slf4jOutput.create() : null;
                    initialized = true;
                }
            }
        }
        return slf4j;
    }

    /** True when this class's loader sees an SLF4J API (the application's; never loaded from here otherwise). */
    private static boolean slf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, Log.class.getClassLoader());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * True when the application logs through SLF4J to a logging framework (a provider is on its class path). Such a
     * framework is never set up from a background thread of ours while the application may be setting it up too:
     * log4j2 set up from two threads at once can fail and print errors of its own. Sets nothing up itself.
     */
    public static boolean applicationHasLoggingFramework() {
        return slf4jPresent() && Slf4jOutput.hasProvider();
    }

    /** Decides, once, where messages go (before any library touches SLF4J). */
    public static void init() {
        output();
    }

    /**
     * Before loading a library that logs through SLF4J when its API is present (sqlite-jdbc): with no provider,
     * SLF4J would print three warnings of its own, and there is nothing to log to anyway, so they are kept quiet
     * ({@code slf4j.internal.verbosity=ERROR}, unless set). Only then: an application that initialises SLF4J
     * before any such library is loaded still sees SLF4J's notice as it would without us.
     */
    public static void quietSlf4jForLibraries() {
        if (System.getProperty("slf4j.internal.verbosity") == null && slf4jPresent() && !Slf4jOutput.hasProvider()) {
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
        Slf4jOutput out = output();
        if (out == null) System.err.println(PREFIX + message);
        else out.info(message);
    }

    public static void warn(String text) {
        String message = Redaction.text(text);
        notifyListeners("WARNING: " + message);
        if (silent) return;
        Slf4jOutput out = output();
        if (out == null) System.err.println(PREFIX + "WARNING: " + message);
        else out.warn(message);
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
        Slf4jOutput out = output();
        if (out != null) out.debug(Redaction.text(message), redacted(t));
    }

    public static void error(String message, Throwable t) {
        Slf4jOutput out = output();
        if (out == null) {
            System.err.println(PREFIX + "ERROR: " + Redaction.text(message + (t == null ? "" : " (" + t + ")")));
        } else {
            out.error(Redaction.text(message), redacted(t));
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
