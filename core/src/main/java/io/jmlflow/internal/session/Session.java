package io.jmlflow.internal.session;

import io.jmlflow.MlflowClient;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.writer.BatchingLogger;
import io.jmlflow.internal.writer.TrackedRuns;

/**
 * The fluent API's connection to one tracking store: the store as the session sees it ({@link SessionStore}), the
 * client over it, the asynchronous writer, and the session's runs.
 */
public final class Session {
    private final TrackingStore store;
    private final TrackedRuns runs;
    private final BatchingLogger logger;
    private final SessionStore sessionStore;
    private final boolean remote;
    private volatile TrackingStore quick;
    private MlflowClient client;

    /**
     * A session over {@code store} (opened, or opening in the background); {@code remote}: a tracking server, which
     * gives run ids itself. Its client is {@link #attach}ed next.
     */
    public Session(TrackingStore store, boolean remote) {
        this.store = store;
        this.remote = remote;
        this.runs = new TrackedRuns();
        this.logger = new BatchingLogger(store, runs);
        this.sessionStore = new SessionStore(store, runs, logger.offline(), RunStarts.budgetMillis() + 500);
    }

    /** The store the session's client works on. */
    public SessionStore store() {
        return sessionStore;
    }

    public void attach(MlflowClient c) {
        this.client = c;
    }

    public MlflowClient client() {
        return client;
    }

    public BatchingLogger logger() {
        return logger;
    }

    public TrackedRuns runs() {
        return runs;
    }

    public String trackingUri() {
        return store.uri();
    }

    /** True when the store gives run ids itself (a tracking server): the writer creates runs. */
    public boolean storeGivesRunIds() {
        return remote;
    }

    /** The store making one attempt per call within the first-attempt budget (for calls a training thread makes). */
    public TrackingStore quickStore() {
        TrackingStore q = quick;
        if (q == null) quick = q = store.withoutRetries(RunStarts.budgetMillis());
        return q;
    }

    /** Flushes what is pending (bounded) and closes the store. */
    public void close() {
        logger.close();
        client.close();
    }
}
