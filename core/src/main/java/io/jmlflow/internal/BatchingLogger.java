package io.jmlflow.internal;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.store.DeferredStore;
import io.jmlflow.internal.store.TrackingStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asynchronous logging: calls on the training thread only append to an in-memory buffer; a daemon writer
 * thread sends {@code logBatch} calls within MLflow's per-request limits. Order is kept per run (so per
 * metric key). {@link #flush} waits until everything enqueued before it was written.
 *
 * <p>Back-pressure: when {@code maxPending} entries wait (default 1,000,000, set by {@code async.max.pending}),
 * producers block until the writer catches up. Nothing is dropped silently: entries a store refuses for good are
 * counted and reported in one warning per cause.
 */
public final class BatchingLogger implements AutoCloseable {
    private static final int MAX_BATCH = Validation.MAX_ENTITIES_PER_BATCH;

    /** One buffered call. Exactly one of metric/param/tag is set. */
    private record Entry(String runId, Metric metric, Param param, Tag tag) {
    }

    private final TrackingStore store;
    private final Object lock = new Object();
    private ArrayList<Entry> pending = new ArrayList<>();
    private List<Entry> inFlight;   // guarded by lock: the batch the writer is sending
    private final int maxPending;
    private final long lingerMillis;
    private long enqueued;       // guarded by lock
    private long written;        // guarded by lock
    private boolean flushRequested;
    private volatile boolean closed;
    private final Thread writer;
    private final Map<String, Map<String, String>> paramsByRun = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong spooled = new AtomicLong();
    private volatile Spool spool;
    private volatile boolean spooling;
    private long lastProbeNanos;

    public BatchingLogger(TrackingStore store) {
        this(store, (int) Math.min(Integer.MAX_VALUE, io.jmlflow.MlflowConfig.getLong("async.max.pending", 1_000_000)),
                io.jmlflow.MlflowConfig.getLong("async.linger.ms", 200));
    }

    public BatchingLogger(TrackingStore store, int maxPending, long lingerMillis) {
        this.store = store;
        this.maxPending = Math.max(MAX_BATCH, maxPending);
        this.lingerMillis = Math.max(1, lingerMillis);
        this.writer = new Thread(new Runnable() { // not a lambda: linking one costs the first run's start ~1 ms
            @Override
            public void run() {
                runWriter();
            }
        }, "mlflow-async-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void logMetric(String runId, Metric metric) {
        Metric m = Validation.metric(metric);
        if (m != null) add(new Entry(runId, m, null, null));
    }

    /** Logs a param; a different value for a key already logged in this run is skipped with a warning. */
    public void logParam(String runId, Param param) {
        Param p = Validation.param(param);
        if (p == null) return;
        Map<String, String> seen = paramsByRun.computeIfAbsent(runId, k -> new ConcurrentHashMap<>());
        String previous = seen.putIfAbsent(p.key(), p.value());
        if (previous != null) {
            if (!previous.equals(p.value())) {
                Log.warn("param '" + p.key() + "' of run " + runId + " is already '" + Validation.abbreviate(previous)
                        + "'; MLflow params cannot change within a run, so '" + Validation.abbreviate(p.value())
                        + "' was not logged (log it as a metric or a tag instead)");
            }
            return;
        }
        add(new Entry(runId, null, p, null));
    }

    public void setTag(String runId, Tag tag) {
        Tag t = Validation.tag(tag);
        if (t != null) add(new Entry(runId, null, null, t));
    }

    private void add(Entry e) {
        synchronized (lock) {
            while (pending.size() >= maxPending && !closed && writer.isAlive()) {
                // Wake the writer once; producers must not keep waking each other (that starves the writer).
                if (!flushRequested) {
                    flushRequested = true;
                    lock.notifyAll();
                }
                try {
                    lock.wait(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (closed) {
                writeNow(List.of(e));
                return;
            }
            pending.add(e);
            enqueued++;
            if (pending.size() >= MAX_BATCH) lock.notifyAll();
        }
    }

    /** Waits up to {@code timeoutMillis} for everything enqueued so far to be written; true when it was. */
    public boolean flush(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            long target = enqueued;
            while (written < target) {
                if (!writer.isAlive()) return false;
                if (!flushRequested) {
                    flushRequested = true;
                    lock.notifyAll();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return false;
                try {
                    lock.wait(Math.min(left, 50));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Entries waiting to be written. */
    public int pendingCount() {
        synchronized (lock) {
            return (int) (enqueued - written);
        }
    }

    /** How many entries were given up for good (each cause was warned about). */
    public long failedCount() {
        return failed.get();
    }

    /** Forgets the params cache of a finished run. */
    public void forgetRun(String runId) {
        paramsByRun.remove(runId);
    }

    private void runWriter() {
        if (io.jmlflow.MlflowConfig.getBoolean("spool.enabled", true)) replayLeftovers();
        while (true) {
            List<Entry> batch = null;
            synchronized (lock) {
                long waitStart = System.nanoTime();
                while (pending.isEmpty() || (!flushRequested && !closed && pending.size() < MAX_BATCH
                        && (System.nanoTime() - waitStart < TimeUnit.MILLISECONDS.toNanos(lingerMillis)
                        || storeNotOpenYet()))) {
                    if (closed && pending.isEmpty()) return;
                    boolean idle = pending.isEmpty();
                    try {
                        lock.wait(idle ? (spooling ? probeMillis() : 1000) : lingerMillis);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    if (pending.isEmpty()) {
                        if (spooling) break; // idle while the store is away: go and probe it
                        waitStart = System.nanoTime();
                    }
                }
                if (!pending.isEmpty()) {
                    batch = pending;
                    inFlight = batch;
                    pending = new ArrayList<>(Math.max(16, batch.size()));
                    flushRequested = false;
                    lock.notifyAll();
                }
            }
            if (batch == null) {
                try {
                    stillSpooling();
                } catch (RuntimeException e) {
                    Log.warnOnce("spool-probe:" + e.getMessage(), "replaying the spool failed: " + e.getMessage());
                }
                continue;
            }
            try {
                writeNow(batch);
            } catch (Throwable t) {
                failed.addAndGet(batch.size());
                Log.error("the MLflow writer failed; " + batch.size() + " entries were not written", t);
            }
            synchronized (lock) {
                inFlight = null;
                written += batch.size();
                lock.notifyAll();
            }
        }
    }

    /**
     * A local store that opens when first needed (see {@link DeferredStore}) is not opened by the writer for less than
     * a full batch: what is logged while a short training runs waits for the flush at its end instead.
     */
    private boolean storeNotOpenYet() {
        return store instanceof DeferredStore d && !d.isOpen();
    }

    private static long probeMillis() {
        return Math.max(10, io.jmlflow.MlflowConfig.getLong("spool.probe.ms", 2000));
    }

    /** Groups entries by run (keeping order) and writes them in batches within MLflow's limits. */
    private void writeNow(List<Entry> entries) {
        int batchLimit = Math.max(1, store.maxBatchEntries());
        boolean restLimits = batchLimit <= MAX_BATCH;
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (Entry e : entries) byRun.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(e);
        for (Map.Entry<String, List<Entry>> run : byRun.entrySet()) {
            List<Metric> metrics = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            for (Entry e : run.getValue()) {
                if (e.metric() != null) metrics.add(e.metric());
                else if (e.param() != null) params.add(e.param());
                else tags.add(e.tag());
                if (metrics.size() + params.size() + tags.size() >= batchLimit
                        || (restLimits && (metrics.size() == Validation.MAX_METRICS_PER_BATCH
                        || params.size() == Validation.MAX_PARAMS_PER_BATCH || tags.size() == Validation.MAX_TAGS_PER_BATCH))) {
                    send(run.getKey(), metrics, params, tags);
                    metrics = new ArrayList<>();
                    params = new ArrayList<>();
                    tags = new ArrayList<>();
                }
            }
            if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) send(run.getKey(), metrics, params, tags);
        }
    }

    private Spool spool() {
        Spool s = spool;
        if (s == null) {
            synchronized (this) {
                if (spool == null) spool = new Spool(store.uri());
                s = spool;
            }
        }
        return s;
    }

    /** While spooling, tries the store at most every {@code spool.probe.ms} and replays when it answers. */
    private boolean stillSpooling() {
        if (!spooling) return false;
        long now = System.nanoTime();
        if (now - lastProbeNanos < TimeUnit.MILLISECONDS.toNanos(probeMillis())) {
            return true;
        }
        lastProbeNanos = now;
        if (!store.isReachable()) return true;
        Spool.ReplayResult r = spool().replay(store);
        if (r.remaining() == 0) {
            spooling = false;
            Log.info(store.uri() + " answers again: replayed " + r.entries() + " spooled entries (" + r.batches() + " batches)");
            return false;
        }
        return true;
    }

    /** Enters spooling mode (the next probe of the store is one interval away); true when it was not on yet. */
    private boolean startSpooling() {
        if (spooling) return false;
        lastProbeNanos = System.nanoTime();
        spooling = true;
        return true;
    }

    private void warnSpooling(String whatGoesOn) {
        Log.warn(store.uri() + " is unreachable" + whatGoesOn + " into the local spool " + spool().dir()
                + ", replayed when the server answers, at the next start, or with `java -jar mlflow-agent.jar sync`");
    }

    private boolean trySpool(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags, String why) {
        try {
            spool().append(runId, metrics, params, tags);
            spooled.addAndGet(metrics.size() + params.size() + tags.size());
            if (startSpooling()) warnSpooling(" (" + why + "); logging goes on");
            return true;
        } catch (java.io.IOException e) {
            Log.warnOnce("spool-write:" + e.getMessage(), "cannot write the spool " + spool().dir() + ": " + e.getMessage());
            return false;
        }
    }

    /** Entries kept in the local spool because the store was unreachable. */
    public long spooledCount() {
        return spooled.get();
    }

    /** True when nothing waits in the spool. */
    public boolean isSpoolEmpty() {
        return spool == null || spool.isEmpty();
    }

    /** Where spooled data goes (for messages). */
    public java.nio.file.Path spoolDir() {
        return spool().dir();
    }

    /** Spools the creation of a run the store could not create now; true when it was kept. */
    public boolean spoolRunCreate(String localRunId, String experimentId, String experimentName, String userId,
                                  long startTime, String runName, Map<String, String> tags) {
        try {
            spool().appendRunCreate(localRunId, experimentId, experimentName, userId, startTime, runName, tags);
            localRunIds.add(localRunId);
            if (startSpooling()) warnSpooling("; run " + runName + " and what it logs go");
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Spools the end of a run that the store could not record now; true when it was kept. */
    public boolean spoolRunEnd(String runId, io.jmlflow.entities.RunStatus status, long endTime) {
        try {
            spool().appendRunUpdate(runId, status, endTime);
            startSpooling();
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Replays what an earlier process left in the spool for this store (called by the writer at start). */
    private void replayLeftovers() {
        try {
            // nothing was ever spooled on this machine: no need to name this store's folder (a SHA-256 and regexes)
            if (spool == null && !java.nio.file.Files.isDirectory(Spool.defaultRoot())) return;
            Spool s = spool();
            if (s.isEmpty()) return;
            if (!store.isReachable()) {
                startSpooling();
                return;
            }
            Spool.ReplayResult r = s.replay(store);
            if (r.batches() > 0) {
                Log.info("replayed " + r.entries() + " entries that an earlier run had spooled for " + store.uri());
            }
            if (r.remaining() > 0) startSpooling();
        } catch (RuntimeException e) {
            Log.warnOnce("spool-replay", "could not replay the spool for " + store.uri() + ": " + e.getMessage());
        }
    }

    /** Ids of runs that were created while the store was away, as the store knows them now. */
    private final Set<String> localRunIds = ConcurrentHashMap.newKeySet();

    /** The id the store knows a run by (differs for runs started while the store was unreachable). */
    public String resolveRunId(String runId) {
        return localRunIds.contains(runId) ? spool().resolveRunId(runId) : runId;
    }

    private void send(String runId0, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (stillSpooling()) {
            if (trySpool(resolveRunId(runId0), metrics, params, tags, "spooling")) return;
        }
        // Resolved only now: the probe in stillSpooling() may just have replayed the run's creation, and the
        // store knows the run only by its new id.
        String runId = resolveRunId(runId0);
        try {
            store.logBatch(runId, metrics, params, tags);
        } catch (MlflowException e) {
            if (e.isTransient() && trySpool(runId, metrics, params, tags, e.getMessage())) return;
            isolate(runId, metrics, params, tags, e);
        } catch (RuntimeException e) {
            isolate(runId, metrics, params, tags, e);
        }
    }

    /**
     * A batch the store refused for good: send its entries one by one, so that one bad entry (a param that
     * changed, a key the file system cannot hold) does not sink the others.
     */
    private void isolate(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags, RuntimeException e) {
        int n = metrics.size() + params.size() + tags.size();
        if (n <= 1) {
            fail(runId, n, e);
            return;
        }
        for (Metric m : metrics) sendSafely(runId, List.of(m), List.of(), List.of());
        for (Param p : params) sendSafely(runId, List.of(), List.of(p), List.of());
        for (Tag t : tags) sendSafely(runId, List.of(), List.of(), List.of(t));
    }

    private void sendSafely(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (metrics.isEmpty() && params.isEmpty() && tags.isEmpty()) return;
        try {
            store.logBatch(runId, metrics, params, tags);
        } catch (RuntimeException e) {
            fail(runId, metrics.size() + params.size() + tags.size(), e);
        }
    }

    private void fail(String runId, int n, RuntimeException e) {
        failed.addAndGet(n);
        String cause = e instanceof MlflowException ? ((MlflowException) e).errorCode() : e.getClass().getSimpleName();
        counts.computeIfAbsent(cause, k -> new AtomicLong()).addAndGet(n);
        Log.warnOnce("writer:" + cause + ":" + e.getMessage(), "could not write " + n + " entries of run " + runId
                + " to " + store.uri() + ": " + e.getMessage() + " (training goes on; further failures of this kind are counted"
                + " and reported at the end)");
    }

    /** Failures by cause, for the run summary. */
    public Map<String, Long> failuresByCause() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * At exit, after the flush bound passed: keeps everything not yet written (and the batch being sent, which a
     * replay may repeat harmlessly) in the spool, so it is replayed later instead of lost. Returns the count.
     */
    public int spillToSpool() {
        List<Entry> left = new ArrayList<>();
        synchronized (lock) {
            if (inFlight != null) left.addAll(inFlight);
            left.addAll(pending);
            written += pending.size(); // handed over to the spool
            pending = new ArrayList<>();
            lock.notifyAll();
        }
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (Entry e : left) byRun.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(e);
        int kept = 0;
        for (Map.Entry<String, List<Entry>> run : byRun.entrySet()) {
            List<Metric> metrics = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            for (Entry e : run.getValue()) {
                if (e.metric() != null) metrics.add(e.metric());
                else if (e.param() != null) params.add(e.param());
                else tags.add(e.tag());
            }
            try {
                spool().append(run.getKey(), metrics, params, tags);
                kept += run.getValue().size();
            } catch (java.io.IOException | RuntimeException e) {
                Log.warn("could not keep " + run.getValue().size() + " entries of run " + run.getKey() + " in the spool: "
                        + e.getMessage());
            }
        }
        return kept;
    }

    /** Flushes (bounded) and stops the writer; later calls write synchronously. */
    @Override
    public void close() {
        flush(io.jmlflow.MlflowConfig.getLong("flush.timeout.ms", 10_000));
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
