package io.jmlflow.internal.autolog;

import io.jmlflow.AutologOptions;

/**
 * The autologging options in effect in this JVM: those given to {@code Mlflow.autolog(...)}, else the configured
 * ones ({@link AutologOptions#create()}). Integrations read them on every training call.
 */
public final class AutologState {
    private static volatile AutologOptions options;

    private AutologState() {
    }

    /** The options in effect (never null). */
    public static AutologOptions options() {
        AutologOptions o = options;
        if (o == null) {
            synchronized (AutologState.class) {
                o = options;
                if (o == null) options = o = AutologOptions.create();
            }
        }
        return o;
    }

    /** Replaces the options (called by {@code Mlflow.autolog} with its own copy). */
    public static void configure(AutologOptions newOptions) {
        options = newOptions;
    }

    /** True when autologging is on and {@code integration} is enabled. */
    public static boolean isEnabled(String integration) {
        return options().isEnabled(integration);
    }

    /** For tests: go back to the configured options. */
    public static void resetForTesting() {
        options = null;
    }
}
