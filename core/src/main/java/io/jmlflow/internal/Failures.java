package io.jmlflow.internal;

import io.jmlflow.MlflowException;

/** What a store's error means for data that could not be written: wait for the store, fix the set-up, or give up. */
public final class Failures {
    /** The server's certificate (or ours) was not accepted: a TLS set-up problem, not an outage. */
    public static final String TLS_ERROR = "TLS_ERROR";

    private Failures() {
    }

    /**
     * True when the store answered, but not to these credentials or over this TLS set-up: the data is worth keeping
     * (a fixed configuration lets it through) but waiting for the store will not help.
     */
    public static boolean needsConfiguration(Throwable e) {
        if (!(e instanceof MlflowException m)) return false;
        String code = m.errorCode();
        return TLS_ERROR.equals(code) || "UNAUTHENTICATED".equals(code) || "PERMISSION_DENIED".equals(code);
    }

    /** True when keeping the data for later is right: the store did not answer, or needs a configuration fix. */
    public static boolean isWorthKeeping(Throwable e) {
        return e instanceof MlflowException m && (m.isTransient() || needsConfiguration(m));
    }

    /** A short text for messages: what kind of failure, and the store's words. */
    public static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!(e instanceof MlflowException m)) return message;
        String code = m.errorCode();
        if (TLS_ERROR.equals(code)) return message;
        if ("UNAUTHENTICATED".equals(code)) return "authentication failed (" + message + ")";
        if ("PERMISSION_DENIED".equals(code)) return "permission denied (" + message + ")";
        return message;
    }

    /** How to say that the store does not take data now, by cause. */
    public static String whatHappened(Throwable e, String uri) {
        if (e instanceof MlflowException m && needsConfiguration(m)) {
            return uri + " does not accept this client: " + describe(m);
        }
        return uri + " is unreachable (" + describe(e) + ")";
    }
}
