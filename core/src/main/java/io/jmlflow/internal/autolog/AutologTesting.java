package io.jmlflow.internal.autolog;

/**
 * Switches for tests of autologging, read once from system properties (never from the agent arguments or the
 * environment, so that no user configuration turns them on by accident):
 * <ul>
 *   <li>{@code -Djmlflow.testing.reraise=true}: a failure of autologging's own code is raised into the training
 *       call instead of becoming one warning (MLflow's {@code is_testing()}), so that tests see our bugs;</li>
 *   <li>{@code -Djmlflow.testing.fault=<integration>@start} or {@code @end}: the run of that integration's next
 *       training fails to start, or to end, with {@link InjectedFault} (what a bug of ours would do there);</li>
 *   <li>{@code -Djmlflow.testing.version.<integration>=<version>}: the library is taken to be that version by the
 *       agent's supported-version check.</li>
 * </ul>
 */
public final class AutologTesting {
    private static volatile boolean reraise = Boolean.getBoolean("jmlflow.testing.reraise");
    private static final String FAULT = System.getProperty("jmlflow.testing.fault");

    private AutologTesting() {
    }

    /** True when failures of autologging code are to reach the caller (tests only). */
    public static boolean reraise() {
        return reraise;
    }

    /** For in-process tests. */
    public static void reraiseForTesting(boolean value) {
        reraise = value;
    }

    /** The version tests make the agent see for {@code integration}'s library, or null. */
    public static String libraryVersion(String integration) {
        return System.getProperty("jmlflow.testing.version." + integration);
    }

    /** Throws {@link InjectedFault} when tests asked for one at {@code integration}'s {@code point} (start, end). */
    static void maybeFail(String integration, String point) {
        String f = FAULT;
        if (f != null && f.length() == integration.length() + 1 + point.length() && f.startsWith(integration)
                && f.charAt(integration.length()) == '@' && f.endsWith(point)) {
            throw new InjectedFault(integration + " autologging: fault injected at " + point
                    + " (jmlflow.testing.fault)");
        }
    }

    /** The failure {@code jmlflow.testing.fault} injects: an {@code Error}, so that no catch on the way hides it. */
    public static final class InjectedFault extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
