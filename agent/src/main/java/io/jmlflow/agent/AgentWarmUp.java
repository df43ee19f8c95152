package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;

import java.io.InputStream;
import java.util.List;

/**
 * Pays the agent's one-off costs before training needs them. When a library an integration instruments is on the
 * application's class path, a low-priority daemon thread sets up Byte Buddy and runs one throw-away transformation
 * (about half a second of class loading on a busy 2-core machine, otherwise paid inside the first training call),
 * checks the libraries' versions and shapes ({@link LibraryCheck}, {@link LibraryShape}) and then warms the logging
 * path ({@link io.jmlflow.internal.WarmUp}). Byte Buddy's part is skipped when earlier runs left transformed classes in the
 * {@link TransformCache}, so that Byte Buddy is likely never needed. Applications without such a library start no
 * thread. The thread never blocks JVM exit and its failures are ignored: the work is redone on demand.
 */
final class AgentWarmUp implements Runnable {
    private final DeferredTransformer transformer;

    AgentWarmUp(DeferredTransformer transformer) {
        this.transformer = transformer;
    }

    /** Starts the thread when one of the integrations' libraries is visible to the system class loader. */
    static void startIfUseful(List<Integration> integrations, DeferredTransformer transformer) {
        if (!io.jmlflow.MlflowConfig.getBoolean("agent.warm.up", true) || !libraryPresent(integrations)) return;
        Thread t = new Thread(new AgentWarmUp(transformer), "mlflow-agent-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static boolean libraryPresent(List<Integration> integrations) {
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
