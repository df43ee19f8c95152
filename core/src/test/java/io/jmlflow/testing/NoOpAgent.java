package io.jmlflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that does nothing: its {@code premain} registers a class file transformer that leaves every class as
 * it is, able to retransform like the jmlflow agent's. The overhead benchmarks run it as a control arm, to tell what
 * a JVM pays for running with any agent at all (the JVM calls the transformer on every class it loads) from what the
 * jmlflow agent's own code costs. Depends on nothing but the JDK, so {@link #writeJar} can ship it alone.
 */
public final class NoOpAgent implements ClassFileTransformer {
    private NoOpAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(new NoOpAgent(), instrumentation.isRetransformClassesSupported());
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        return null;
    }

    /** Writes this agent's jar (with the jmlflow agent's manifest flags) into {@code dir}; returns its path. */
    public static Path writeJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", NoOpAgent.class.getName());
        main.putValue("Can-Redefine-Classes", "false");
        main.putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("noop-agent.jar");
        String entry = NoOpAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = NoOpAgent.class.getResourceAsStream("/" + entry)) {
            if (in == null) throw new IOException("cannot read " + entry + " from the class path");
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
