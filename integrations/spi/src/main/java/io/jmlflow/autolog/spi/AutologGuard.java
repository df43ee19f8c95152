package io.jmlflow.autolog.spi;

import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.AutologTesting;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The one guard every hook of an integration goes through (MLflow's {@code safe_patch}): whether the integration logs
 * at all (autologging on, the integration enabled, not switched off by an earlier failure), call depth, and what
 * happens when autologging's own code throws: one warning per integration and cause, and the integration switches
 * itself off for the rest of the JVM (a {@link LinkageError} names the library and the version the agent found);
 * under {@code -Djmlflow.testing.reraise=true} the failure is raised instead, so that tests see it. Errors of the
 * library's own call never pass through here: the advice hands them on unchanged.
 *
 * <pre>{@code
 * static final AutologGuard GUARD = AutologGuard.of("dl4j");
 * static final CallDepth FIT = new CallDepth();
 *
 * public static boolean fitEnter(Object model, Object[] args) {      // called by the enter advice
 *     if (!GUARD.enter(FIT)) return false;                            // nested, switched off, disabled
 *     try {
 *         return Dl4jRun.fitStarted(model, args);
 *     } catch (Throwable t) {
 *         GUARD.failed(t);                                            // never throws (unless tests ask)
 *         return false;
 *     }
 * }
 * }</pre>
 */
public final class AutologGuard {
    private static final ConcurrentHashMap<String, AutologGuard> GUARDS = new ConcurrentHashMap<>();

    private final String integration;
    private volatile boolean broken;
    private volatile String library = "the library";

    private AutologGuard(String integration) {
        this.integration = integration;
    }

    /** The guard of the integration named {@code integration} (one per name in the JVM). */
    public static AutologGuard of(String integration) {
        AutologGuard g = GUARDS.get(integration);
        if (g != null) return g;
        AutologGuard created = new AutologGuard(integration);
        g = GUARDS.putIfAbsent(integration, created);
        return g != null ? g : created;
    }

    public String integration() {
        return integration;
    }

    /** True when hooks start logging new calls: autologging on, the integration enabled, no failure so far. */
    public boolean on() {
        return !broken && AutologState.isEnabled(integration);
    }

    /** True once a failure switched the integration off. */
    public boolean broken() {
        return broken;
    }

    /**
     * Enters {@code depth} and says whether this call is to be logged: the outermost one, with the integration
     * {@link #on}. Every call, logged or not, must be paired with {@code depth.exit()}.
     */
    public boolean enter(CallDepth depth) {
        return depth.enter() == 0 && on();
    }

    /**
     * Autologging code threw {@code t} in a hook. Warns once per cause and switches the integration off; the caller
     * returns as if nothing were to be logged. Never throws, except under {@code jmlflow.testing.reraise=true}.
     */
    public void failed(Throwable t) {
        broken = true;
        String cause = t.getClass().getName() + at(t);
        if (t instanceof LinkageError) {
            Log.warnOnce("autolog-failed:" + integration + ":" + cause, integration + " autologging is off: it cannot"
                    + " use " + library + " (" + t + "); training goes on unlogged");
        } else {
            Log.warnOnce("autolog-failed:" + integration + ":" + cause, integration + " autologging failed and is off"
                    + " from now on (training goes on unlogged): " + t);
        }
        Log.debug(integration + " autologging failure", t);
        if (AutologTesting.reraise()) throw new AssertionError(integration + " autologging failed", t);
    }

    /** The library and version the agent found ("DL4J 1.0.0-M2.1"), or "the library" before it looked. */
    public String library() {
        return library;
    }

    /** Tells the guard which library and version the agent found, for its messages ("DL4J 1.0.0-M2.1"). */
    public void libraryFound(String displayName, String version) {
        library = version == null ? displayName : displayName + " " + version;
    }

    private static String at(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "" : "@" + trace[0];
    }

    /** For tests: back to on, as at JVM start. */
    public void resetForTesting() {
        broken = false;
    }
}
