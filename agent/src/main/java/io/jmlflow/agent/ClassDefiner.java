package io.jmlflow.agent;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The reflective part of {@link ClassPreload}: defines classes from the agent jar in the application class loader, as
 * that loader itself would, under its lock for each class name. Loaded only by {@link ClassPreload}'s one-off class
 * loader, the one module {@code java.lang} is opened to; nothing names this class directly, and it has no nested
 * class (it is defined alone).
 */
public final class ClassDefiner {
    /** Larger class files than this are left to the loader (none of ours comes near). */
    private static final long MAX_CLASS_FILE = 4L << 20;

    private ClassDefiner() {
    }

    /**
     * Defines each of {@code names} (binary names, supertypes first) that {@code loader} has not loaded yet from its
     * class file in {@code jar}, with {@code domain}; returns how many it defined. A name without a class file, or
     * whose definition fails (another thread defined it first, a class file the JVM refuses), is left to the
     * loader's own search. Throws when this JDK's {@code ClassLoader} is not built as expected.
     */
    public static int define(ClassLoader loader, ProtectionDomain domain, ZipFile jar, String[] names)
            throws ReflectiveOperationException {
        Method lock = method("getClassLoadingLock", String.class);
        Method loaded = method("findLoadedClass", String.class);
        Method define = method("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
        int defined = 0;
        for (String name : names) {
            byte[] bytes;
            try {
                ZipEntry entry = jar.getEntry(classFile(name));
                if (entry == null || entry.getSize() < 0 || entry.getSize() > MAX_CLASS_FILE) continue;
                bytes = new byte[(int) entry.getSize()]; // exactly: readAllBytes would copy through 8 kB chunks
                try (InputStream in = jar.getInputStream(entry)) {
                    if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) continue;
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                continue;
            }
            synchronized (lock.invoke(loader, name)) { // the lock the loader's own loadClass takes for this name
                if (loaded.invoke(loader, name) != null) continue;
                try {
                    define.invoke(loader, name, bytes, 0, bytes.length, domain);
                    defined++;
                } catch (InvocationTargetException refused) {
                    // left to the loader's own search, which reports it where the class is needed
                }
            }
        }
        return defined;
    }

    /**
     * {@code a/b/C.class} of {@code a.b.C}, by hand: String.replace on hundreds of class names (besides those the
     * class loader itself converts) made the JIT compile it with C2.
     */
    static String classFile(String name) {
        int n = name.length();
        char[] path = new char[n + 6];
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            path[i] = c == '.' ? '/' : c;
        }
        ".class".getChars(0, 6, path, n);
        return new String(path);
    }

    private static Method method(String name, Class<?>... parameters) throws NoSuchMethodException {
        Method m = ClassLoader.class.getDeclaredMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }
}
