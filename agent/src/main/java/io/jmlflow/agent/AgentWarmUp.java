package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pays the agent's one-off costs before training needs them. When a library an integration instruments is on the
 * application's class path, a low-priority daemon thread sets up Byte Buddy and runs one throw-away transformation
 * (about half a second of class loading on a busy 2-core machine, otherwise paid inside the first training call),
 * defines the agent's classes earlier runs of the program loaded ({@link ClassPreload}), checks the libraries'
 * versions and shapes ({@link LibraryCheck}, {@link LibraryShape}) and then warms the logging path
 * ({@link io.jmlflow.internal.WarmUp}). Byte Buddy's part is skipped when earlier runs left transformed classes in the
 * {@link TransformCache}, so that Byte Buddy is likely never needed. Applications without such a library start no
 * thread, unless there are classes to define ahead. The thread never blocks JVM exit and its failures are ignored:
 * the work is redone on demand.
 */
final class AgentWarmUp implements Runnable {
    private final DeferredTransformer transformer;
    private final ClassPreload preload;
    private final boolean jarMoved;
    private final boolean library;

    AgentWarmUp(DeferredTransformer transformer, ClassPreload preload, boolean jarMoved, boolean library) {
        this.transformer = transformer;
        this.preload = preload;
        this.jarMoved = jarMoved;
        this.library = library;
    }

    /**
     * Starts the thread when one of the integrations' libraries is visible to the system class loader, or when
     * earlier runs of the program left a list of classes to define ahead (then that is all it does).
     */
    static void startIfUseful(List<Integration> integrations, DeferredTransformer transformer, ClassPreload preload,
            boolean jarMoved) {
        if (!io.jmlflow.MlflowConfig.getBoolean("agent.warm.up", true)) return;
        boolean library = libraryPresent(integrations);
        if (!library && (preload == null || !preload.hasList())) return;
        Thread t = new Thread(new AgentWarmUp(transformer, preload, jarMoved, library), "mlflow-agent-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static boolean libraryPresent(List<Integration> integrations) {
        return libraryJarOnClassPath(integrations, System.getProperty("java.class.path", ""))
                || libraryClassVisible(integrations);
    }

    /**
     * The quick yes: a jar on the class path is named after one of the libraries' artifacts ({@code xgboost4j} for
     * {@code xgboost4j_2.13-3.4.0.jar}). Otherwise (an application's fat jar) the classes are looked up, and each
     * look-up through the system class loader first asks every module of the JDK: about a millisecond of CPU each.
     */
    static boolean libraryJarOnClassPath(List<Integration> integrations, String classPath) {
        List<String> artifacts = new ArrayList<>();
        for (Integration integration : integrations) {
            Library library = integration.library(); // built anew by each call: once per integration here
            if (library != null) artifacts.add(withoutScalaVersion(library.artifactId()));
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) continue;
            String file = entry.substring(entry.lastIndexOf(File.separatorChar) + 1);
            for (String artifact : artifacts) if (file.startsWith(artifact)) return true;
        }
        return false;
    }

    /** {@code xgboost4j} for {@code xgboost4j_2.12}: the same library is built for several Scala versions. */
    private static String withoutScalaVersion(String artifactId) {
        int scala = artifactId.lastIndexOf("_2.");
        return scala > 0 ? artifactId.substring(0, scala) : artifactId;
    }

    private static boolean libraryClassVisible(List<Integration> integrations) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (Integration integration : integrations) {
            for (String name : integration.typeNames()) {
                if (system.getResource(name.replace('.', '/') + ".class") != null) return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        if (preload != null) preload.defineListed(jarMoved);
        if (!library) return;
        try {
            Instrumenter instrumenter = transformer.hasCachedTransforms() ? null : transformer.instrumenter();
            if (instrumenter != null) {
                String name = AgentWarmUpTarget.class.getName();
                byte[] classFile = readClassFile(name);
                if (classFile != null) instrumenter.warmUp(AgentWarmUp.class.getClassLoader(), name, classFile);
                instrumenter.checkLibraries(transformer, ClassLoader.getSystemClassLoader());
            }
        } catch (Throwable ignored) {
            // redone on demand by the first class that needs it
        }
        io.jmlflow.internal.WarmUp.run();
    }

    private static byte[] readClassFile(String name) throws java.io.IOException {
        try (InputStream in = AgentWarmUp.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
