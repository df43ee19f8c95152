package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolOps;
import io.jmlflow.internal.StoreIdentity;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session's way around a store that does not take data now. While the store is <em>offline</em> (it did not
 * answer, or does not accept this client's credentials or TLS set-up), everything goes to the spool at once, without
 * a request; a probe thread ({@code mlflow-spool-probe}) asks the store every {@code spool.probe.ms} (default 2 s) with
 * one short request, and when it answers the writer replays the spool and the session is online again. A set-up
 * problem is not probed for: its data waits for the next start or {@code sync}, once the set-up is fixed.
 *
 * <p>A run whose data goes to the spool has its creation written there first (once), so a replay creates the run
 * before anything names it.
 */
public final class OfflineSpool {
    private final TrackingStore store;
    private final String uri;
    private final AtomicLong spooledEntries = new AtomicLong();
    private volatile Spool spool;
    private volatile SpoolOps ops;
    private volatile String offlineReason;
    private volatile boolean needsConfiguration;
    private volatile Runnable onReachable;
    private volatile Runnable onSpooledOnline;
    private Thread prober;
    private volatile boolean stopped;

    OfflineSpool(TrackingStore store) {
        this.store = store;
        this.uri = store.uri();
    }

    void onReachable(Runnable replay) {
        this.onReachable = replay;
    }

    /** What to do when something goes to the spool while the store takes data (a run it does not have yet). */
    void onSpooledOnline(Runnable replayLater) {
        this.onSpooledOnline = replayLater;
    }

    /**
     * Something of {@code run} (null: of no run of the session) was written to the spool: while the store is online,
     * it is replayed once the writer is idle, unless the store refused the run (that waits for {@code sync}).
     */
    public void written(TrackedRun run) {
        Runnable r = onSpooledOnline;
        if (r != null && !isOffline() && (run == null || run.state() != TrackedRun.State.REFUSED)) r.run();
    }

    /** True while the store is known not to take data (so nothing waits for it). */
    public boolean isOffline() {
        return offlineReason != null;
    }

    /** True while offline because the store does not accept this client's credentials or TLS set-up. */
    public boolean needsConfiguration() {
        return needsConfiguration;
    }

    /** What the last failure said (null while online). */
    public String offlineReason() {
        return offlineReason;
    }

    public SpoolOps ops() {
        SpoolOps o = ops;
        if (o == null) {
            synchronized (this) {
                if (ops == null) {
                    spool = new Spool(StoreIdentity.of(uri));
                    ops = new SpoolOps(spool);
                }
                o = ops;
            }
        }
        return o;
    }

    public Spool spool() {
        return ops().spool();
    }

    /** Where spooled data goes (for messages). */
    public Path dir() {
        return spool().dir();
    }

    /** Entries (metric points, params, tags) spooled so far by this session. */
    public long spooledEntries() {
        return spooledEntries.get();
    }

    /** True when nothing of this store waits in the spool. */
    public boolean isEmpty() {
        return spool == null ? !hasLeftovers() : spool.isEmpty();
    }

    /** True when an earlier process left data for this store (cheap when nothing was ever spooled on this machine). */
    boolean hasLeftovers() {
        if (spool == null && !Files.isDirectory(Spool.defaultRoot())) return false;
        return !spool().isEmpty();
    }

    /**
     * The store did not take a request ({@code cause}): from now on everything goes to the spool, and (unless it is a
     * set-up problem) a probe watches for the store. Warns once per outage, naming what happened.
     */
    public void goOffline(Throwable cause, String whatGoesOn) {
        boolean config = Failures.needsConfiguration(cause);
        synchronized (this) {
            if (offlineReason != null) return;
            offlineReason = Failures.describe(cause);
            needsConfiguration = config;
        }
        Log.warn(Failures.whatHappened(cause, uri) + whatGoesOn + " into the local spool " + dir()
                + (config ? ", replayed at the next start or with `java -jar mlflow-agent.jar sync` once that is fixed"
                : ", replayed when it answers, at the next start, or with `java -jar mlflow-agent.jar sync`"));
        if (!config) startProbe();
    }

    /** The spool was replayed: the store takes data again. */
    void online() {
        synchronized (this) {
            if (offlineReason == null) return;
            offlineReason = null;
            needsConfiguration = false;
        }
    }

    /** The session closed: no more probes. */
    void stop() {
        stopped = true;
        Thread p = prober;
        if (p != null) p.interrupt();
    }

    private synchronized void startProbe() {
        if (stopped || (prober != null && prober.isAlive())) return;
        prober = new Thread(new Runnable() { // not a lambda: see BatchingLogger
            @Override
            public void run() {
                probe();
            }
        }, "mlflow-spool-probe");
        prober.setDaemon(true);
        try {
            prober.start();
        } catch (Throwable e) {
            Log.warnOnce("spool-probe-thread", "could not start the spool probe (" + e + "); the spool is replayed at"
                    + " the next start or with `java -jar mlflow-agent.jar sync`");
        }
    }

    private void probe() {
        long interval = Math.max(10, MlflowConfig.getLong("spool.probe.ms", 2000));
        while (isOffline() && !needsConfiguration && !stopped) {
            try {
                TimeUnit.MILLISECONDS.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (store.isReachable()) {
                    Runnable r = onReachable;
                    if (r != null) r.run();
                }
            } catch (RuntimeException e) {
                Log.warnOnce("spool-probe:" + e.getMessage(), "probing " + uri + " failed: " + e.getMessage());
            }
        }
    }

    // ---- writing to the spool

    /** The store's id for a run or model created at a replay (null when none was, or nothing was ever spooled). */
    public String mappedId(String localId) {
        return spool == null ? null : spool.mappedId(localId);
    }

    /** Writes the run's creation to the spool unless it is there already or the store has the run. */
    public void ensureCreation(TrackedRun run) throws IOException {
        if (run == null || !run.claimCreationForSpool()) return;
        TrackedRun.Creation c = run.creation();
        // a replay looks for a run a first attempt may have created without our hearing the answer
        ops().createRun(run.key(), c.experimentId(), c.experimentName(), c.userId(), c.startTime(), c.runName(),
                c.tags(), run.storeIdFromStore());
    }

    /**
     * Spools a batch of the run ({@code run} may be null: a run this session did not start, named by {@code id});
     * {@code parked}: the store refused the run, so the batch waits for {@code sync} (no replay in this process).
     */
    void logBatch(TrackedRun run, String id, List<Metric> metrics, List<Param> params, List<Tag> tags, boolean parked)
            throws IOException {
        ensureCreation(run);
        ops().logBatch(run != null ? run.spoolId() : id, metrics, params, tags);
        spooledEntries.addAndGet(metrics.size() + params.size() + tags.size());
        if (run != null) run.markSpooled();
        if (!parked) written(run);
    }

    void endRun(TrackedRun run, String id, io.jmlflow.entities.RunStatus status, long endTime) throws IOException {
        ensureCreation(run);
        ops().updateRun(run != null ? run.spoolId() : id, status, endTime);
        written(run);
    }
}
