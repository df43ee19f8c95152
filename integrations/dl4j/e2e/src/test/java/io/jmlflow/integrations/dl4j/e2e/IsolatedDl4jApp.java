package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.samples.dl4j.IrisClassifier;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture (not a sample): runs {@code IrisClassifier} with DL4J and the sample classes in a class loader of their
 * own (as web containers and fat-jar launchers do), which the agent's classes cannot see. The class path to load
 * them from is the system property {@code isolated.class.path}.
 */
public final class IsolatedDl4jApp {
    private IsolatedDl4jApp() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("isolated.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) urls.add(new File(entry).toURI().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getSystemClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader); // as containers do; ND4J finds its backend through it
            // by name: the sample is not on this class path
            Class<?> app = Class.forName("io.jmlflow.samples.dl4j.IrisClassifier", true, loader);
            if (app.getClassLoader() != loader) throw new IllegalStateException("the sample leaked onto the class path");
            app.getMethod("main", String[].class).invoke(null, (Object) args);
        }
    }
}
