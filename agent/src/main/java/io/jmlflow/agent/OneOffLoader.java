package io.jmlflow.agent;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class loader of its own for the classes of the agent jar that need a JDK package opened to them
 * ({@link ClassPathMover}, {@link ClassDefiner}): the packages are opened to this loader's unnamed module only, never
 * to the application's code.
 */
final class OneOffLoader extends ClassLoader {
    /** The JDK packages opened to the loader of {@link #withJdkAccess}: the class path's and the class loader's own. */
    private static final String[] OPENED = {"jdk.internal.loader", "java.lang"};
    private static OneOffLoader withJdkAccess;

    private OneOffLoader(ClassLoader parent) {
        super(parent);
    }

    /**
     * The one loader of this JVM that {@link #OPENED} are opened to (in one {@code redefineModule}, made on first use),
     * a child of {@code app}.
     */
    static synchronized OneOffLoader withJdkAccess(Instrumentation instrumentation, ClassLoader app) {
        if (withJdkAccess == null || withJdkAccess.getParent() != app) {
            OneOffLoader loader = new OneOffLoader(app);
            Map<String, Set<Module>> opens = new HashMap<String, Set<Module>>();
            for (String p : OPENED) opens.put(p, Set.of(loader.getUnnamedModule()));
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(), opens, Set.of(), Map.of());
            withJdkAccess = loader;
        }
        return withJdkAccess;
    }

    /** {@code name} defined by this loader from the agent jar, once. */
    synchronized Class<?> defined(String name, URL agentJar) throws java.io.IOException, java.net.URISyntaxException {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : define(name, agentJar);
    }

    /**
     * Defines {@code name} from the agent jar's bytes. Read from the jar itself: asked through the class loader, a
     * resource is first looked for in every module of the JDK. (The JDK shares the jar's opened index with the class
     * path's copy.)
     */
    private Class<?> define(String name, URL agentJar) throws java.io.IOException, java.net.URISyntaxException {
        byte[] bytes;
        try (ZipFile jar = new ZipFile(new java.io.File(agentJar.toURI()))) {
            ZipEntry entry = jar.getEntry(name.replace('.', '/') + ".class");
            if (entry == null) throw new java.io.IOException("no " + name);
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
