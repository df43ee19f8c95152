package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.internal.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Byte Buddy side of the agent, created on the first class the {@link DeferredTransformer} lets through.
 * Each class is described from its class file by a lazily resolving type pool in fast mode (method bodies are not
 * read, referenced types are only parsed when a matcher needs them), then decorated: advice is woven into method
 * bodies and nothing else changes (no added members, no type initializer, no class format change), which is also
 * what makes retransforming loaded classes possible.
 *
 * <p>Byte Buddy's {@code AgentBuilder} is deliberately not used: building its transformer generates a class
 * (about 400 ms once) to support a filtering pipeline this agent does itself, by name, before Byte Buddy runs.
 */
final class Instrumenter {
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    private final AnnotationInstrumentation annotations = new AnnotationInstrumentation();
    private final Map<Integration, IntegrationState> integrations = new IdentityHashMap<Integration, IntegrationState>();

    Instrumenter(List<Integration> integrations) {
        for (Integration integration : integrations) this.integrations.put(integration, new IntegrationState(integration));
    }

    /**
     * The transformed class file, or null to leave the class as it is. Never throws. {@code settled[0]} tells whether
     * the result is the plain outcome of the transformation, to be had again for the same class file (false after a
     * failure or when an integration is off for the library's shape in {@code loader}, which should warn each run).
     */
    byte[] transform(Integration owner, boolean annotated, ClassLoader loader, String internalName, byte[] classFile,
                     boolean[] settled) {
        String name = internalName.replace('/', '.');
        byte[] result = null;
        boolean clean = true;
        if (annotated) {
            try {
                result = apply(annotations, loader, name, classFile);
            } catch (Throwable t) {
                clean = false;
                Log.warnOnce("instrument:" + name, "could not instrument the annotated methods of " + name
                        + "; they run untracked: " + t);
            }
        }
        if (owner != null) {
            IntegrationState state = integrations.get(owner);
            byte[] r = state == null ? null : state.transform(loader, name, result != null ? result : classFile);
            if (r != null) result = r;
            clean &= state != null && state.isOn(loader);
        }
        settled[0] = clean;
        return result;
    }

    /**
     * Runs each integration's library checks for {@code loader} now when one of the classes it names is there (a
     * background thread's work: the shape check reads the integration's class files and the library's).
     */
    void checkLibraries(DeferredTransformer transformer, ClassLoader loader) {
        for (IntegrationState state : integrations.values()) {
            for (String name : state.integration.typeNames()) {
                if (loader.getResource(name.replace('.', '/') + ".class") != null) {
                    if (transformer.check(state.integration).outcome(loader, name) != LibraryCheck.Outcome.OFF) {
                        state.shape.matches(loader);
                    }
                    break;
                }
            }
        }
    }

    /** Runs the annotation transformation over a class file and drops the result: loads what real ones need. */
    void warmUp(ClassLoader loader, String name, byte[] classFile) {
        apply(annotations, loader, name, classFile);
    }

    /** Runs one transformation over a class file; null when it left the class unchanged. */
    byte[] apply(Integration transformation, ClassLoader loader, String name, byte[] classFile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(name).resolve();
        DynamicType.Builder<?> start = byteBuddy.decorate(type, locator);
        DynamicType.Builder<?> builder = transformation.transform(start, type, loader);
        if (builder == start) return null;
        return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    }

    /** One integration: its per-class-loader shape check and its off switch. */
    private final class IntegrationState {
        private final Integration integration;
        private final LibraryShape shape;
        private volatile boolean off;

        IntegrationState(Integration integration) {
            this.integration = integration;
            this.shape = new LibraryShape(integration);
        }

        byte[] transform(ClassLoader loader, String name, byte[] classFile) {
            if (off || !shape.matches(loader)) return null;
            try {
                return apply(integration, loader, name, classFile);
            } catch (Throwable t) {
                off = true;
                Log.warn(integration.name() + " autologging could not instrument " + name + " and is off from now on: "
                        + t);
                return null;
            }
        }

        /** True when this integration instruments classes of {@code loader} (not off, and the shape check passed). */
        boolean isOn(ClassLoader loader) {
            return !off && shape.matches(loader);
        }
    }
}
