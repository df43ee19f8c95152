package io.jmlflow.integrations.smile;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Parameter names of Smile's methods, read from the class files' debug information (Smile is compiled with
 * {@code LocalVariableTable}s, not with {@code -parameters}); {@code arg0, arg1, ...} where that is missing. Each
 * class file is parsed once, the first time one of its methods trains.
 */
final class ParameterNames {
    private static final ClassValue<ConcurrentHashMap<String, String[]>> CACHE = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, String[]> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ParameterNames() {
    }

    /** The names of the parameters of {@code type}'s method {@code name} with JVM descriptor {@code descriptor}. */
    static String[] of(Class<?> type, String name, String descriptor, int count) {
        String[] names = CACHE.get(type).computeIfAbsent(name + descriptor, k -> read(type, name, descriptor));
        if (names.length == count) return names;
        return positional(count);
    }

    private static String[] read(Class<?> type, String name, String descriptor) {
        ClassLoader loader = type.getClassLoader();
        ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader);
        try {
            TypePool pool = new TypePool.Default(new TypePool.CacheProvider.Simple(), locator,
                    TypePool.Default.ReaderMode.EXTENDED);
            for (MethodDescription.InDefinedShape m : pool.describe(type.getName()).resolve().getDeclaredMethods()) {
                if (!m.getName().equals(name) || !m.getDescriptor().equals(descriptor)) continue;
                ParameterList<ParameterDescription.InDefinedShape> ps = m.getParameters();
                String[] out = new String[ps.size()];
                for (int i = 0; i < out.length; i++) {
                    ParameterDescription p = ps.get(i);
                    out[i] = p.isNamed() ? p.getName() : "arg" + i;
                }
                return out;
            }
        } catch (RuntimeException | LinkageError e) {
            // no class file to read (generated class, unusual loader): positional names
        }
        return new String[0];
    }

    private static String[] positional(int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) out[i] = "arg" + i;
        return out;
    }
}
