package io.jmlflow.agent;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LinkedReferences;
import io.jmlflow.internal.Log;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One integration's shape check in each class loader (the "muzzle" check), once, before its first transformation
 * there: does the library the class loader holds have every type, method and field the integration's linked code
 * refers to ({@link LinkedReferences}, collected once from the integration's own class files)? A mismatch leaves the
 * library alone in that class loader, with one warning naming what is missing. Classes the {@link TransformCache}
 * supplies skip it: their class file is the one that passed it before.
 */
final class LibraryShape {
    private final Integration integration;
    private final Map<ClassLoader, Boolean> matches =
            Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());
    private volatile LinkedReferences references;

    LibraryShape(Integration integration) {
        this.integration = integration;
    }

    /** True when the library in {@code loader} has what the linked code uses (checked, and warned about, once). */
    boolean matches(ClassLoader loader) {
        Boolean m = matches.get(loader);
        if (m == null) {
            synchronized (this) {
                m = matches.get(loader);
                if (m == null) {
                    String mismatch;
                    try {
                        mismatch = mismatch(loader);
                    } catch (Throwable t) {
                        mismatch = "its shape check failed: " + t;
                    }
                    if (mismatch != null) {
                        Log.warn(integration.name() + " autologging is off for " + AutologGuard.of(integration.name())
                                .library() + " in " + loader + ": " + mismatch);
                    }
                    m = mismatch == null;
                    matches.put(loader, m);
                }
            }
        }
        return m;
    }

    private String mismatch(ClassLoader loader) throws Exception {
        Library library = integration.library();
        if (library == null || library.reach() == Library.Reach.REFLECTION) return null;
        LinkedReferences refs = references;
        if (refs == null) {
            references = refs = LinkedReferences.collect(library, integration.getClass().getPackageName() + ".",
                    integration.getClass().getClassLoader());
        }
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
                ClassFileLocator.ForClassLoader.of(loader), TypePool.Default.ReaderMode.FAST);
        return refs.mismatch(pool);
    }
}
