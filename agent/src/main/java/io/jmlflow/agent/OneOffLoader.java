package io.jmlflow.agent;

import java.io.InputStream;
import java.net.URL;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class loader of its own for one class of the agent jar that needs a JDK package opened to it
 * ({@link ClassPathMover}, {@link ClassDefiner}): the package is opened to this loader's unnamed module only, never to
 * the application's code.
 */
final class OneOffLoader extends ClassLoader {
    OneOffLoader(ClassLoader parent) {
        super(parent);
    }

    /**
     * Defines {@code name} from the agent jar's bytes. Read from the jar itself: asked through the class loader, a
     * resource is first looked for in every module of the JDK. (The JDK shares the jar's opened index with the class
     * path's copy.)
     */
    Class<?> define(String name, URL agentJar) throws java.io.IOException, java.net.URISyntaxException {
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
