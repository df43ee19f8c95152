package io.jmlflow.agent;

import io.jmlflow.MlflowConfig;
import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.autolog.spi.LinkedReferences;
import io.jmlflow.internal.Log;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One integration's check of the library in each class loader, made at the first class it would instrument there:
 * the library's version against the supported ranges the integration declares, then its shape against what the
 * integration's linked code refers to ({@link LinkedReferences}). A failed check leaves the library alone in that
 * class loader, with one warning.
 */
final class LibraryCheck {
    /** The outcome for one class loader. */
    enum Outcome {
        /** Instrumented; the result depends only on the class file (it may be cached). */
        ON,
        /** Instrumented although the version is not supported ({@code autolog.<name>.unsupported.versions=true}). */
        FORCED,
        /** Left alone. */
        OFF
    }

    private final Integration integration;
    private final Library library;
    private final Map<ClassLoader, Outcome> outcomes = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Outcome>());
    /** Collected once, when first needed. */
    private volatile LinkedReferences references;

    LibraryCheck(Integration integration) {
        this.integration = integration;
        this.library = integration.library();
    }

    /** The outcome for {@code loader}, checked (and warned about) once; {@code className} is being instrumented. */
    Outcome outcome(ClassLoader loader, String className) {
        Outcome o = outcomes.get(loader);
        if (o == null) {
            synchronized (this) {
                o = outcomes.get(loader);
                if (o == null) {
                    o = check(loader, className);
                    outcomes.put(loader, o);
                }
            }
        }
        return o;
    }

    private Outcome check(ClassLoader loader, String className) {
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
        String mismatch;
        try {
            mismatch = shapeMismatch(loader, className);
        } catch (Throwable t) {
            mismatch = "its shape check failed: " + t;
        }
        if (mismatch != null) {
            Log.warn(name + " autologging is off for " + found + " in " + loader + ": " + mismatch);
            return Outcome.OFF;
        }
        return outcome;
    }

    /** Null when the linked code can link against the library in {@code loader}; else what is missing. */
    private String shapeMismatch(ClassLoader loader, String className) throws Exception {
        if (library.reach() == Library.Reach.REFLECTION) return null;
        ClassLoader ours = integration.getClass().getClassLoader();
        if (library.reach() == Library.Reach.DIRECT && ours != loader) {
            String resource = className.replace('.', '/') + ".class";
            if (ours.getResource(resource) == null) {
                return library.displayName() + " is not visible to the agent's class loader; the agent links against"
                        + " it, so it must be on the application class path, not only in a class loader of its own";
            }
        }
        LinkedReferences refs = references;
        if (refs == null) {
            references = refs = LinkedReferences.collect(library, integration.getClass().getPackageName() + ".", ours);
        }
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
                ClassFileLocator.ForClassLoader.of(loader), TypePool.Default.ReaderMode.FAST);
        return refs.mismatch(pool);
    }
}
