package io.jmlflow.agent;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The reflective part of {@link ClassPathOrder}: reorders the application class loader's opened class path entries.
 * Loaded only by {@code ClassPathOrder}'s one-off class loader, the one module {@code jdk.internal.loader} is opened to;
 * nothing names this class directly.
 */
public final class ClassPathMover {
    private ClassPathMover() {
    }

    /**
     * Moves the loader whose base URL is {@code jarBase} ({@code jar:<url>!/}, as {@link ClassPathOrder#jarBase}) to
     * just after the first other jar among {@code app}'s opened class path entries, unless another entry also has one
     * of the {@code unrelocated} resources; returns whether it moved. Throws when this JDK's class loader is not built
     * as expected (the caller leaves the order).
     */
    public static boolean moveAfterFirstJar(ClassLoader app, String jarBase, String[] unrelocated)
            throws ReflectiveOperationException {
        Class<?> builtin = app.getClass();
        while (builtin != null && !builtin.getName().equals("jdk.internal.loader.BuiltinClassLoader")) {
            builtin = builtin.getSuperclass();
        }
        if (builtin == null) return false;
        Object classPath = field(builtin, "ucp").get(app);
        synchronized (classPath) { // URLClassPath opens and hands out its loaders under this monitor
            @SuppressWarnings("unchecked")
            List<Object> loaders = (List<Object>) field(classPath.getClass(), "loaders").get(classPath);
            Field base = null; // declared once, by the loaders' common superclass: looked up again only for another kind
            int firstJar = -1;
            int agent = -1;
            for (int i = 0; i < loaders.size(); i++) {
                Object loader = loaders.get(i);
                if (base == null || !base.getDeclaringClass().isInstance(loader)) base = field(loader.getClass(), "base");
                String url = String.valueOf(base.get(loader));
                if (url.equals(jarBase)) agent = i;
                else if (firstJar < 0 && url.startsWith("jar:")) firstJar = i;
            }
            if (agent < 0 || firstJar < 0 || agent <= firstJar + 1) return false; // no jar before ours: left as it is
            // Asked of each entry directly: the class loader's own getResources would first search every JDK module.
            // Of its opened jar or its folder where it has one: after 15 reflective calls of one method (the loader's
            // getResource), the JDK would generate and define an accessor class for it (about 15 more classes).
            Class<?> kind = null; // no nested class: this one is defined alone by its one-off class loader
            Field jar = null;
            Field dir = null;
            Method find = null;
            for (int i = 0; i < loaders.size(); i++) {
                if (i == agent) continue;
                Object loader = loaders.get(i);
                if (loader.getClass() != kind) {
                    kind = loader.getClass();
                    jar = optionalField(kind, "jar");
                    dir = optionalField(kind, "dir");
                    find = null;
                }
                Object file = jar == null ? null : jar.get(loader);
                Object folder = dir == null ? null : dir.get(loader);
                for (String name : unrelocated) {
                    boolean has;
                    if (file instanceof ZipFile) { // a JarFile, opened with the same versioned look-up
                        has = ((ZipFile) file).getEntry(name) != null;
                    } else if (folder instanceof File) {
                        has = new File((File) folder, name.replace('/', File.separatorChar)).exists();
                    } else {
                        if (find == null) find = resourceLookup(kind);
                        has = find.invoke(loader, name, false) != null;
                    }
                    if (has) return false;
                }
            }
            loaders.add(firstJar + 1, loaders.remove(agent));
            return true;
        }
    }

    /** {@code URLClassPath.Loader.getResource(String name, boolean check)}, declared by the loaders' superclass. */
    private static Method resourceLookup(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (!c.getName().equals("jdk.internal.loader.URLClassPath$Loader")) continue;
            Method m = c.getDeclaredMethod("getResource", String.class, boolean.class);
            m.setAccessible(true);
            return m;
        }
        throw new NoSuchMethodException("URLClassPath$Loader.getResource");
    }

    private static Field optionalField(Class<?> type, String name) {
        try {
            return field(type, name);
        } catch (NoSuchFieldException | RuntimeException absent) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException notHere) {
                // declared by a superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
