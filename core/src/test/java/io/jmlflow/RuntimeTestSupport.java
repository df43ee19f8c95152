package io.jmlflow;

/** Lets tests in other packages (autolog, internal) reset this JVM's fluent-API state. */
public final class RuntimeTestSupport {
    private RuntimeTestSupport() {
    }

    public static void resetMlflow() {
        Mlflow.resetForTesting();
    }

    /** The store behind a client (package-private in the API); for the session's client, the store it wraps. */
    public static io.jmlflow.internal.store.TrackingStore storeOf(MlflowClient client) {
        io.jmlflow.internal.store.TrackingStore s = client.store();
        return s instanceof io.jmlflow.internal.session.SessionStore ss ? ss.underlying() : s;
    }
}
