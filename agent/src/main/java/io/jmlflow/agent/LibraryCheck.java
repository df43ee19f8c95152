package io.jmlflow.agent;

import io.jmlflow.MlflowConfig;
import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.internal.Log;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One integration's check of the library in each class loader, made at the first class of it the agent sees there,
 * before anything else (also before the {@link TransformCache}) and without Byte Buddy: the library's version
 * against the ranges the integration supports, and for an integration that links against the library directly,
 * that the agent's class loader sees it. A failed check leaves the library alone in that class loader, with one
 * warning. The shape check, which needs Byte Buddy, follows for classes that are transformed ({@link LibraryShape}).
 */
final class LibraryCheck {
    /** The outcome for one class loader. */
    enum Outcome {
        /** Instrumented. */
        ON,
        /** Instrumented although the version is not supported ({@code autolog.<name>.unsupported.versions=true}). */
        FORCED,
        /** Left alone. */
        OFF
    }

    private final Integration integration;
    private final Map<ClassLoader, Outcome> outcomes =
            Collections.synchronizedMap(new WeakHashMap<ClassLoader, Outcome>());

    LibraryCheck(Integration integration) {
        this.integration = integration;
    }

    /** The outcome for {@code loader}, checked (and warned about) once; {@code className} is one of its classes. */
    Outcome outcome(ClassLoader loader, String className) {
        Outcome o = outcomes.get(loader);
        if (o == null) {
            synchronized (this) {
                o = outcomes.get(loader);
                if (o == null) {
                    try {
                        o = check(loader, className);
                    } catch (Throwable t) {
                        Log.warn(integration.name() + " autologging is off: its library check failed: " + t);
                        o = Outcome.OFF;
                    }
                    outcomes.put(loader, o);
                }
            }
        }
        return o;
    }

    private Outcome check(ClassLoader loader, String className) {
        Library library = integration.library();
        if (library == null) return Outcome.ON;
        String name = integration.name();
        String version = LibraryVersion.of(name, library, loader, className);
        AutologGuard.of(name).libraryFound(library.displayName(), version);
        String found = version == null ? library.displayName() : library.displayName() + " " + version;
        Outcome outcome = Outcome.ON;
        if (version != null && !library.supports(version)) {
            String key = "autolog." + name + ".unsupported.versions";
            if (!MlflowConfig.getBoolean(key, false)) {
                Log.warn(name + " autologging is off: " + found + " is not a version it supports ("
                        + library.supportedVersions() + "); set " + key + "=true to autolog it anyway");
                return Outcome.OFF;
            }
            Log.warn(name + " autologging runs on " + found + ", which is not a version it supports ("
                    + library.supportedVersions() + "), because " + key + "=true");
            outcome = Outcome.FORCED;
        }
        ClassLoader ours = integration.getClass().getClassLoader();
        if (library.reach() == Library.Reach.DIRECT && ours != loader
                && ours.getResource(className.replace('.', '/') + ".class") == null) {
            Log.warn(name + " autologging is off for " + found + " in " + loader + ": " + library.displayName()
                    + " is not visible to the agent's class loader; the agent links against it, so it must be on the"
                    + " application class path, not only in a class loader of its own");
            return Outcome.OFF;
        }
        return outcome;
    }
}
