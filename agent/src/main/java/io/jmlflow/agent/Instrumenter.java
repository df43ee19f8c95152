package io.jmlflow.agent;

import io.jmlflow.agent.spi.Integration;
import io.jmlflow.internal.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.lang.instrument.ClassFileTransformer;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The Byte Buddy side of the agent, created on the first class the {@link DeferredTransformer} lets through. The
 * annotation support and each integration get their own raw transformer, built when first needed, so that a
 * failing integration is switched off (after one line saying so) without affecting the others.
 */
final class Instrumenter {
    private final Map<Integration, IntegrationState> integrations = new IdentityHashMap<Integration, IntegrationState>();
    private volatile ClassFileTransformer annotations;

    Instrumenter(List<Integration> integrations) {
        for (Integration integration : integrations) this.integrations.put(integration, new IntegrationState(integration));
    }

    /**
     * The builder every transformer starts from: no class format changes (so retransformation works and nothing
     * is added to user classes), the fast type pool, types described from their class file only, no ignore rule
     * beyond the name checks the {@link DeferredTransformer} already made.
     */
    static AgentBuilder baseBuilder() {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .ignore(ElementMatchers.none());
    }

    /** The transformed class file, or null to leave the class as it is. Never throws. */
    byte[] transform(Integration owner, boolean annotated, ClassLoader loader, String internalName,
                     Class<?> classBeingRedefined, ProtectionDomain protectionDomain, byte[] classFile) {
        byte[] result = null;
        if (annotated) {
            try {
                result = changed(annotationTransformer().transform(loader, internalName, classBeingRedefined,
                        protectionDomain, classFile));
            } catch (Throwable t) {
                Log.warnOnce("instrument:" + internalName, "could not instrument the annotated methods of "
                        + internalName.replace('/', '.') + "; they run untracked: " + t);
            }
        }
        if (owner != null) {
            IntegrationState state = integrations.get(owner);
            byte[] r = state == null ? null : state.transform(loader, internalName, classBeingRedefined,
                    protectionDomain, result != null ? result : classFile);
            if (r != null) result = r;
        }
        return result;
    }

    private ClassFileTransformer annotationTransformer() {
        ClassFileTransformer t = annotations;
        if (t == null) {
            synchronized (this) {
                if (annotations == null) annotations = AnnotationInstrumentation.instrument(baseBuilder()).makeRaw();
                t = annotations;
            }
        }
        return t;
    }

    private static byte[] changed(byte[] b) {
        return b == null || b.length == 0 ? null : b;
    }

    /** One integration: its transformer (built on first use), its per-class-loader shape check, its off switch. */
    private static final class IntegrationState {
        private final Integration integration;
        private final Map<ClassLoader, String> mismatchByLoader =
                Collections.synchronizedMap(new WeakHashMap<ClassLoader, String>());
        private volatile ClassFileTransformer transformer;
        private volatile boolean off;

        IntegrationState(Integration integration) {
            this.integration = integration;
        }

        byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                         ProtectionDomain protectionDomain, byte[] classFile) {
            if (off || !shapeMatches(loader)) return null;
            try {
                return changed(transformer().transform(loader, internalName, classBeingRedefined, protectionDomain,
                        classFile));
            } catch (Throwable t) {
                off = true;
                Log.warn(integration.name() + " autologging could not instrument " + internalName.replace('/', '.')
                        + " and is off from now on: " + t);
                return null;
            }
        }

        private ClassFileTransformer transformer() {
            ClassFileTransformer t = transformer;
            if (t == null) {
                synchronized (this) {
                    if (transformer == null) transformer = integration.instrument(baseBuilder()).makeRaw();
                    t = transformer;
                }
            }
            return t;
        }

        /** The "muzzle" check, once per class loader: does the library there look as the advice expects? */
        private boolean shapeMatches(ClassLoader loader) {
            String mismatch = mismatchByLoader.get(loader);
            if (mismatch == null) {
                try {
                    TypePool pool = new TypePool.Default(new TypePool.CacheProvider.Simple(),
                            ClassFileLocator.ForClassLoader.of(loader), TypePool.Default.ReaderMode.FAST);
                    String reason = integration.shapeMismatch(pool);
                    mismatch = reason == null ? "" : reason;
                } catch (Throwable t) {
                    mismatch = "its shape check failed: " + t;
                }
                mismatchByLoader.put(loader, mismatch);
                if (!mismatch.isEmpty()) {
                    Log.warn(integration.name() + " autologging is off for this library version: " + mismatch);
                }
            }
            return mismatch.isEmpty();
        }
    }
}
