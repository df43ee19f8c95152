package io.jmlflow.integrations.tribuo;

import java.io.IOException;
import java.io.InputStream;
import java.security.ProtectionDomain;

/**
 * Loads the Tribuo-linked classes of this integration (package {@code linked}) next to a copy of Tribuo that the
 * agent's own class loader cannot see, e.g. one in a web application's class loader. Everything else under
 * {@code io.jmlflow.} comes from the agent's loader (one {@code Mlflow}, one store for the whole JVM); all other
 * classes come from Tribuo's loader.
 */
final class LinkedClassLoader extends ClassLoader {
    static final String LINKED_PACKAGE = "io.jmlflow.integrations.tribuo.linked.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader ours;
    private final ProtectionDomain domain = LinkedClassLoader.class.getProtectionDomain();

    LinkedClassLoader(ClassLoader tribuo, ClassLoader ours) {
        super(tribuo);
        this.ours = ours;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.jmlflow.")) return super.loadClass(name, resolve);
        if (!name.startsWith(LINKED_PACKAGE)) return Class.forName(name, false, ours);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes;
                try (InputStream in = ours.getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) throw new ClassNotFoundException(name);
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
                c = defineClass(name, bytes, 0, bytes.length, domain);
            }
            if (resolve) resolveClass(c);
            return c;
        }
    }
}
