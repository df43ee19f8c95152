package io.jmlflow.internal.session;

/** Runs the fluent API's work at JVM exit (once installed; never blocks the exit beyond what that work bounds). */
public final class ExitHook {
    private static volatile boolean installed;
    private static volatile boolean exiting;
    private static volatile Runnable after;

    private ExitHook() {
    }

    /** Installs {@code onExit} as a shutdown hook, the first time only. */
    public static synchronized void install(Runnable onExit) {
        if (installed) return;
        installed = true;
        Thread hook = new Thread(new Runnable() { // not a lambda: this runs inside the first training call
            @Override
            public void run() {
                exiting = true;
                try {
                    onExit.run();
                } catch (Throwable ignored) {
                    // never block or break JVM exit
                }
                Runnable then = after;
                if (then == null) return;
                try {
                    then.run();
                } catch (Throwable ignored) {
                    // never block or break JVM exit
                }
            }
        }, "mlflow-shutdown");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is shutting down already
        }
    }

    /**
     * Sets what the hook runs once the exit work is done (replacing an earlier one): the agent notes then which of its
     * classes the run loaded. Nothing runs when no hook is installed (nothing was tracked).
     */
    public static void thenRun(Runnable next) {
        after = next;
    }

    /** True once the JVM is exiting (the hook runs). */
    public static boolean isExiting() {
        return exiting;
    }
}
