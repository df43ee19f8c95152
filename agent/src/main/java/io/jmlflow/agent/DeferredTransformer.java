package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only transformer the agent registers. For each class it first checks names and bytes, cheaply: is it an
 * entry point an integration named (exact name or name prefix), and is that integration's library one it supports
 * in this class loader ({@link LibraryCheck}), or does its class file carry one of our annotations
 * ({@link AnnotationDescriptors})? Only then is the class handed to Byte Buddy ({@link Instrumenter}), which is built
 * on first use. Applications that never load such a class never pay for Byte Buddy, and neither
 * do later runs of a program whose classes were transformed before ({@link TransformCache}).
 */
final class DeferredTransformer implements ClassFileTransformer {
    /**
     * JDK classes, our own (including the relocated libraries), the SQLite driver the agent bundles unrelocated and
     * Byte Buddy: never instrumented.
     */
    private static final String[] IGNORED = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "io/jmlflow/",
            "org/sqlite/", "net/bytebuddy/"};

    private final List<Integration> integrations;
    private final Map<Integration, LibraryCheck> checks = new IdentityHashMap<Integration, LibraryCheck>();
    private final Map<String, Integration> byName = new HashMap<String, Integration>();
    private final String[] prefixes;
    private final Integration[] prefixOwners;
    private final Object lock = new Object();
    /** Results of earlier JVMs, or null when there is no cache. */
    private final TransformCache cache;
    private volatile Instrumenter instrumenter;
    private volatile boolean broken;

    DeferredTransformer(List<Integration> integrations) {
        this(integrations, TransformCache.open());
    }

    DeferredTransformer(List<Integration> integrations, TransformCache cache) {
        this.integrations = integrations;
        this.cache = cache;
        int prefixCount = 0;
        for (Integration integration : integrations) {
            checks.put(integration, new LibraryCheck(integration));
            for (String name : integration.typeNames()) byName.put(name.replace('.', '/'), integration);
            prefixCount += integration.typeNamePrefixes().size();
        }
        prefixes = new String[prefixCount];
        prefixOwners = new Integration[prefixCount];
        int i = 0;
        for (Integration integration : integrations) {
            for (String prefix : integration.typeNamePrefixes()) {
                prefixes[i] = prefix.replace('.', '/');
                prefixOwners[i++] = integration;
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || internalName == null || broken || isIgnored(internalName)) return null;
        Integration owner = ownerOf(internalName);
        // the library's version and visibility, also for classes the cache has: a library left alone stays alone
        if (owner != null
                && checks.get(owner).outcome(loader, internalName.replace('/', '.')) == LibraryCheck.Outcome.OFF) {
            owner = null;
        }
        boolean annotated = AnnotationDescriptors.occurIn(classFile);
        if (owner == null && !annotated) return null;
        TransformCache c = cache;
        String key = null;
        if (c != null) {
            key = c.key(owner == null ? "-" : owner.name(), annotated, internalName, classFile);
            boolean[] hit = new boolean[1];
            byte[] cached = c.get(key, classFile, hit);
            if (hit[0]) return cached;
        }
        Instrumenter i = instrumenter();
        if (i == null) return null;
        boolean[] settled = new boolean[1];
        byte[] result = i.transform(owner, annotated, loader, internalName, classFile, settled);
        if (c != null && settled[0]) c.put(key, classFile, result);
        return result;
    }

    /** The library check of {@code integration} (one of those this transformer was made with). */
    LibraryCheck check(Integration integration) {
        return checks.get(integration);
    }

    /** Whether Byte Buddy was set up in this JVM (or its set-up failed). */
    boolean transformedWithByteBuddy() {
        return instrumenter != null || broken;
    }

    /** The transform cache, or null when there is none. */
    TransformCache cache() {
        return cache;
    }

    /** True when earlier JVMs left transformed classes for this agent build (Byte Buddy is then likely not needed). */
    boolean hasCachedTransforms() {
        return cache != null && cache.hasEntries();
    }

    static boolean isIgnored(String internalName) {
        if (internalName.isEmpty()) return false;
        char first = internalName.charAt(0); // every class passes here: only the prefixes that can match are compared
        for (String prefix : IGNORED) {
            // our own code is never instrumented, except the sample programs, which are user code
            if (prefix.charAt(0) == first && internalName.startsWith(prefix)) {
                return !internalName.startsWith("io/jmlflow/samples/");
            }
        }
        return false;
    }

    /** The integration that instruments this class, or null. */
    Integration ownerOf(String internalName) {
        Integration owner = byName.get(internalName);
        if (owner != null) return owner;
        for (int i = 0; i < prefixes.length; i++) {
            if (internalName.startsWith(prefixes[i])) return prefixOwners[i];
        }
        return null;
    }

    /** True once Byte Buddy was set up (a class needed it). */
    boolean byteBuddyStarted() {
        return instrumenter != null;
    }

    /** Byte Buddy's side, set up on first call; null when it could not be. */
    Instrumenter instrumenter() {
        Instrumenter i = instrumenter;
        if (i != null) return i;
        synchronized (lock) {
            if (instrumenter == null && !broken) {
                try {
                    instrumenter = new Instrumenter(integrations);
                } catch (Throwable t) {
                    broken = true;
                    System.err.println(io.jmlflow.internal.Redaction.text(
                            "[mlflow] ERROR: the jmlflow agent could not set up Byte Buddy and is off: " + t));
                }
            }
            return instrumenter;
        }
    }
}
