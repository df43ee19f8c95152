package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.samples.tribuo.TribuoSample;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;

/**
 * Runs {@link TribuoSample} with Tribuo in a class loader of its own, as in an application server: the agent (on
 * the JVM's class path) cannot see Tribuo. Argument: the sample's and Tribuo's class path.
 */
public final class IsolatedLauncher {
    private IsolatedLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String[] entries = args[0].split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) urls[i] = Paths.get(entries[i]).toUri().toURL();
        // Not closed when main returns: like an application server's loader it stays open while the JVM runs, and
        // autologging's post-training work (saving the models) still loads Tribuo classes through it.
        URLClassLoader app = new URLClassLoader("isolated-app", urls, ClassLoader.getSystemClassLoader());
        try {
            Class.forName("org.tribuo.Trainer", false, ClassLoader.getSystemClassLoader());
            throw new IllegalStateException("Tribuo must not be on the JVM's class path for this test");
        } catch (ClassNotFoundException expected) {
            // as intended
        }
        Thread.currentThread().setContextClassLoader(app);
        Class<?> sample = Class.forName("io.jmlflow.samples.tribuo.TribuoSample", true, app);
        System.out.println("sample-loader=" + sample.getClassLoader().getName());
        sample.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }
}
