package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.store.TrackingStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Asynchronous logging: calls on the training thread only check their input ({@link ParamGuard}, {@link Validation})
 * and append to a memory-bounded {@link Backlog}; a daemon writer thread ({@code mlflow-async-writer}) creates the runs
 * of a tracking server ({@link RunCreator}), and sends what was logged in bounded batches ({@link BatchSender}), or
 * keeps it in the spool while the store does not take it ({@link OfflineSpool}). Order is kept per run. {@link #flush}
 * waits until everything logged before it was written (or spooled).
 *
 * <p>Against a tracking server, up to {@code async.parallel.requests} batches (default 4, as a team's server runs
 * several workers; 1 for a local store, which writes one transaction or append at a time) are sent at once by as many
 * writer threads, each run's order kept where MLflow needs it ({@link Backlog}); all of them together stay within the
 * backlog's memory bound.
 *
 * <p>Nothing reaches the training thread from here: no network wait, no exception, no {@code Error}. When the
 * backlog is full the producer waits for the writer (for one batch, bounded by {@code async.max.wait.ms}, default
 * 1,000), then takes the oldest quarter of the backlog out to the spool (written on a thread of its own) and goes on.
 * The writer survives an {@code Error} (it says how many entries it could not write).
 */
public final class BatchingLogger implements AutoCloseable {
    /** Configuration key: how long a producer waits for room in a full backlog before spilling to the spool. */
    public static final String MAX_WAIT = "async.max.wait.ms";
    /** Configuration key: how many batches go to a tracking server at once (default 4; local stores take one). */
    public static final String PARALLEL_REQUESTS = "async.parallel.requests";
    static final int DEFAULT_PARALLEL_REQUESTS = 4;
    private static final int MAX_PARALLEL_REQUESTS = 32;

    private final TrackingStore store;
    private final TrackedRuns runs;
    private final Backlog backlog;
    private final ParamGuard params = new ParamGuard();
    private final OfflineSpool offline;
    private final RunCreator creator;
    private final BatchSender sender;
    private final Thread writer;
    /** The writers besides the first ({@link #PARALLEL_REQUESTS}), started by it. */
    private final List<Thread> otherWriters = new CopyOnWriteArrayList<>();
    private final BooleanSupplier writerAlive;
    private volatile boolean overflowWarned;
    /** Spills being written (up to two on threads of their own, more by the producers that made them). */
    private final java.util.concurrent.atomic.AtomicInteger spills = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    /** A logger for the session's store, configured from {@code async.*} keys. */
    public BatchingLogger(TrackingStore store, TrackedRuns runs) {
        this(store, runs, BacklogBound.fromConfig(), MlflowConfig.getLong("async.linger.ms", 200),
                MlflowConfig.getLong(MAX_WAIT, 1000));
    }

    /** For tests: at most {@code maxPending} entries wait, linger {@code lingerMillis}. */
    public BatchingLogger(TrackingStore store, int maxPending, long lingerMillis) {
        this(store, new TrackedRuns(),
                new BacklogBound(maxPending, BacklogBound.MAX_BYTES, Validation.MAX_ENTITIES_PER_BATCH), lingerMillis,
                MlflowConfig.getLong(MAX_WAIT, 1000));
    }

    BatchingLogger(TrackingStore store, TrackedRuns runs, BacklogBound bound, long lingerMillis, long maxWaitMillis) {
        this.store = store;
        this.runs = runs;
        this.backlog = new Backlog(bound, maxWaitMillis);
        this.offline = new OfflineSpool(store);
        this.creator = new RunCreator(store, offline, runs);
        this.sender = new BatchSender(store, offline, runs);
        long linger = Math.max(1, lingerMillis);
        WriterLoop writerLoop = new WriterLoop(store, runs, backlog, offline, creator, sender, linger, new Runnable() {
            @Override
            public void run() {
                startOtherWriters(linger);
            }
        });
        // Anonymous classes, not lambdas: this runs inside the first training call, where linking one costs ~1 ms.
        this.offline.onReachable(new Runnable() {
            @Override
            public void run() {
                backlog.wantReplay();
            }
        });
        this.offline.onSpooledOnline(new Runnable() {
            @Override
            public void run() {
                backlog.wantReplayWhenIdle();
            }
        });
        this.writer = new Thread(writerLoop, "mlflow-async-writer");
        this.writerAlive = new BooleanSupplier() {
            @Override
            public boolean getAsBoolean() {
                return writer.isAlive();
            }
        };
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** On the first writer thread, once it replayed leftovers: the writers for parallel requests, if any. */
    private void startOtherWriters(long linger) {
        int n = parallelRequests(store);
        for (int i = 1; i < n && !closed; i++) {
            WriterLoop loop = new WriterLoop(store, runs, backlog, offline, creator, sender, linger, null);
            Thread t = new Thread(loop, "mlflow-async-writer-" + (i + 1));
            t.setDaemon(true);
            otherWriters.add(t);
            t.start();
        }
    }

    /** {@link #PARALLEL_REQUESTS} for a tracking server (default 4, at most 32); a local store takes one at a time. */
    static int parallelRequests(TrackingStore store) {
        if (store instanceof io.jmlflow.internal.store.DeferredStore || !store.isRemote()) return 1;
        long n = MlflowConfig.getLong(PARALLEL_REQUESTS, DEFAULT_PARALLEL_REQUESTS);
        return (int) Math.max(1, Math.min(MAX_PARALLEL_REQUESTS, n));
    }

    public TrackedRuns runs() {
        return runs;
    }

    public OfflineSpool offline() {
        return offline;
    }

    // ---- the training thread's side: never waits for the network, never throws

    /** The fluent API's entry point: nothing here (not even an allocation failure) reaches the caller. */
    public void logMetric(String runKey, String key, double value, long timestamp, long step) {
        try {
            logMetric(runKey, new Metric(key, value, timestamp, step));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    public void logParam(String runKey, String key, Object value) {
        try {
            logParam(runKey, new Param(key, io.jmlflow.internal.ParamValues.text(value)));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    public void setTag(String runKey, String key, Object value) {
        try {
            setTag(runKey, new Tag(key, io.jmlflow.internal.ParamValues.text(value)));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    public void logMetric(String runKey, Metric metric) {
        try {
            Metric m = Validation.metric(metric);
            if (m != null) add(Entry.metric(runKey, m));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    /** Logs a param; a different value for a key already logged in this run is skipped with a warning. */
    public void logParam(String runKey, Param param) {
        try {
            Param p = Validation.param(param);
            if (p != null && params.admit(runKey, p)) add(Entry.param(runKey, p));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    public void setTag(String runKey, Tag tag) {
        try {
            Tag t = Validation.tag(tag);
            if (t != null) add(Entry.tag(runKey, t));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    /** Records the end of a run after everything it logged so far. */
    public void endRun(String runKey, RunStatus status, long endTime) {
        try {
            add(Entry.end(runKey, status, endTime));
        } catch (Throwable t) {
            dropped(runKey, t);
        }
    }

    /**
     * A run for a store that gives run ids itself: the writer creates it before anything it logs is sent; its entries
     * name it by {@code key} meanwhile. Returns at once; {@link TrackedRun#awaitDecision} waits for the attempt.
     */
    public TrackedRun createRun(String key, TrackedRun.Creation creation) {
        TrackedRun r = runs.creating(key, creation);
        backlog.addCreation(r);
        return r;
    }

    /** A run the store refused to create (warned): what it logs is parked in the spool with its creation. */
    public TrackedRun refusedRun(String key, TrackedRun.Creation creation, Exception e) {
        TrackedRun r = runs.creating(key, creation);
        creator.refuse(r, e);
        return r;
    }

    /** The id of an experiment the writer resolved by name (set while the store did not answer), or null. */
    public String resolvedExperiment(String name) {
        return creator.experimentId(name);
    }

    private void add(Entry e) {
        if (closed) { // the session was closed (a new tracking URI): write on the caller's thread
            sender.send(List.of(e));
            return;
        }
        List<Entry> overflow = backlog.add(e);
        if (!overflow.isEmpty()) spill(overflow);
    }

    /**
     * The backlog stayed full: its oldest entries go to the spool (sent from there once the writer caught up), written
     * on a thread of their own so the producer goes on at once; a producer whose spill finds two being written writes
     * its own (memory stays bounded).
     */
    private void spill(List<Entry> oldest) {
        if (!overflowWarned) {
            overflowWarned = true;
            Log.warn(store.uri() + " takes entries slower than they are logged (the backlog of "
                    + backlog.bound().maxBytes() / (1 << 20) + " MB stayed full for "
                    + MlflowConfig.getLong(MAX_WAIT, 1000) + " ms): the oldest entries go to the local spool "
                    + offline.dir() + " and are sent from there (training goes on; further spills are not"
                    + " reported)");
        }
        if (spills.incrementAndGet() <= 2) { // at most two quarters of the backlog more in memory meanwhile
            try {
                Thread t = new Thread(new Runnable() {
                    @Override
                    public void run() {
                        spillNow(oldest);
                    }
                }, "mlflow-spill");
                t.setDaemon(true);
                t.start();
                return;
            } catch (Throwable e) {
                // no thread: written here
            }
        }
        spillNow(oldest);
    }

    private void spillNow(List<Entry> oldest) {
        try {
            sender.spoolAll(oldest); // replayed once the writer is idle (OfflineSpool.written)
        } catch (Throwable t) {
            sender.fail(null, "(spilled entries)", oldest.size(), t);
        } finally {
            backlog.done(oldest.size());
            spills.decrementAndGet();
        }
    }

    private void dropped(String runKey, Throwable t) {
        try {
            sender.fail(runs.get(runKey), runKey, 1, t);
        } catch (Throwable ignored) {
            // nothing more can be done without memory
        }
    }

    // ---- waiting for the writer

    /** Waits up to {@code timeoutMillis} for everything logged so far to be written (or spooled); true when it was. */
    public boolean flush(long timeoutMillis) {
        long target = backlog.requestFlush();
        return backlog.awaitDone(target, timeoutMillis, writerAlive);
    }

    /** Entries logged and not yet written. */
    public int pendingCount() {
        return (int) Math.min(Integer.MAX_VALUE, backlog.notDone());
    }

    /** How many entries were given up for good (each cause was warned about). */
    public long failedCount() {
        return sender.failedCount();
    }

    /** Failures by cause, for the run summary. */
    public Map<String, Long> failuresByCause() {
        return sender.failuresByCause();
    }

    /** Forgets the param check of a run that ended. */
    public void forgetRun(String runKey) {
        params.forget(runKey);
    }

    /** Entries kept in the local spool by this session. */
    public long spooledCount() {
        return offline.spooledEntries();
    }

    /** True when nothing waits in the spool for this store. */
    public boolean isSpoolEmpty() {
        return offline.isEmpty();
    }

    /** Where spooled data goes (for messages). */
    public Path spoolDir() {
        return offline.dir();
    }

    /**
     * At exit, after the flush bound passed: keeps every entry still waiting in the spool, so it is replayed later
     * instead of lost. The batches in flight (taken by a writer, even one that has not started sending) are not copied
     * (a store would get them twice). A local store finishes its batch undisturbed (it is waited for, up to 10 s: an
     * interrupt would close its file channel and cost the batch). A tracking server's writer is asked to give up a
     * retry's back-off (it keeps the batch in the spool itself when the store does not take it); a batch the server
     * did not take within {@code lastChanceMillis} is copied (a SQL-backed server ignores points it has). Returns how
     * many entries were kept.
     */
    public int spillToSpool(long lastChanceMillis) {
        if (!awaitSpills(10_000)) {
            Log.warn("entries spilled from the full backlog were still being written to the spool " + offline.dir()
                    + " when the JVM exited; some may be missing");
        }
        Backlog.ExitTake take = backlog.takeAllAtExit();
        boolean remote = store.isRemote();
        if (remote) {
            for (Thread t : take.inFlight().values()) t.interrupt(); // the failed attempt's batch goes to the spool
        }
        long wait = remote ? lastChanceMillis : Math.max(lastChanceMillis, 10_000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        int kept = 0;
        for (List<Entry> batch : take.inFlight().keySet()) {
            if (backlog.awaitFinished(batch, deadline)) continue;
            if (remote) {
                kept += sender.spoolAll(batch);
            } else {
                Log.warn(batch.size() + " entries were still being written to " + store.uri()
                        + " when the JVM exited; they may be missing");
            }
        }
        // after the batches in flight, which are older (a run's end among these lets the session forget the run)
        List<Entry> left = take.waiting();
        kept += sender.spoolAll(left);
        backlog.done(left.size());
        return kept;
    }

    /** Waits (bounded: they are local writes) for spills being written; true when none is left. */
    private boolean awaitSpills(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (spills.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        return spills.get() == 0;
    }

    /** Flushes (bounded) and stops the writer; later calls are written on the caller's thread. */
    @Override
    public void close() {
        flush(MlflowConfig.getLong("flush.timeout.ms", 10_000));
        closed = true;
        backlog.close();
        offline.stop();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            writer.join(2_000); // what it was doing (a last batch) is done when the session is gone
            for (Thread t : otherWriters) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
