package io.jmlflow.agent;

import io.jmlflow.internal.Log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * When the agent is attached at run time, classes loaded before it are instrumented by retransforming them. Only
 * the classes the {@link DeferredTransformer} would accept are retransformed; their class files are read from
 * their class loader for the annotation byte search.
 */
final class LoadedClasses {
    private LoadedClasses() {
    }

    static void retransform(Instrumentation instrumentation, DeferredTransformer filter) {
        List<Class<?>> candidates = new ArrayList<Class<?>>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (loader == null || type.isArray() || type.isPrimitive() || type.isHidden()) continue;
            String internalName = type.getName().replace('.', '/');
            if (DeferredTransformer.isIgnored(internalName) || !instrumentation.isModifiableClass(type)) continue;
            if (filter.ownerOf(internalName) != null || annotated(loader, internalName)) candidates.add(type);
        }
        for (Class<?> type : candidates) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable t) {
                Log.warn("could not instrument the already loaded class " + type.getName() + ": " + t);
            }
        }
    }

    private static boolean annotated(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in != null && AnnotationDescriptors.occurIn(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
