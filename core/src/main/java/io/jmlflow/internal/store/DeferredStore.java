package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Log;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A local (SQLite or file) store that is opened, and given the runs autologging starts, on a background thread, so
 * that a training call which starts a run waits for neither (opening a new SQLite database creates MLflow's schema;
 * the first run of a JVM also loads the store's code). Such a run gets its id at once ({@code Ids.runId()}), and
 * every call that names it, from any thread, waits until it exists; searches wait for all runs being created.
 *
 * <p>The store opens when a call first needs it, when an autologged training returns ({@link #openAllNow}: its
 * post-training work needs the store soon, and the store's start then overlaps that work's computing and the
 * program's next steps), or at the latest {@link #START_DELAY} ms (default 30 s) after this object was made: a
 * training call that starts an autologging run and logs only through the batching writer (which holds its entries
 * until the store is open, see {@link #isOpen}) does not share the CPU with the store's start while it trains, unless
 * it trains for longer than that (and then the store's start, ~0.1 s of CPU, is a small share of it).
 */
public final class DeferredStore extends ForwardingStore {
    /** Configuration key: at most how many ms after the session starts the store opens when nothing needs it. */
    public static final String START_DELAY = "store.start.delay.ms";
    /** How long a call waits for the store to open or a run to be created before it fails. */
    private static final long WAIT_SECONDS = 120;

    private final String uri;
    private final ExecutorService worker;
    private final CountDownLatch needed = new CountDownLatch(1);
    private final FutureTask<TrackingStore> opened;
    private final Map<String, RunCreation> creating = new ConcurrentHashMap<>();
    /** The stores made and not yet open (a JVM has one session, so at most one in use). */
    private static final java.util.Set<DeferredStore> WAITING = ConcurrentHashMap.newKeySet();

    // Anonymous classes, not lambdas, here and in createRunInBackground: this runs inside the first training call,
    // where linking a lambda costs a millisecond or more. FutureTask, not CompletableFuture, for the same reason:
    // the latter's first use also sets up the common fork-join pool.
    private DeferredStore(String uri, Function<String, TrackingStore> opener, long startDelayMillis) {
        this.uri = uri;
        // One thread, which ends after a minute idle: its idle wait is then a timed poll, where an untimed one would
        // load and initialise ForkJoinPool (JDK 17's Condition.await blocks through it) in programs that never use it.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new ThreadFactory() {
                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "mlflow-store-start");
                        t.setDaemon(true);
                        return t;
                    }
                });
        pool.allowCoreThreadTimeOut(true);
        this.worker = pool;
        WAITING.add(this); // before the start below, which removes it
        this.opened = new FutureTask<>(new Callable<TrackingStore>() {
            @Override
            public TrackingStore call() {
                try {
                    needed.await(Math.max(0, startDelayMillis), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // open now
                }
                try {
                    return opener.apply(uri);
                } finally {
                    WAITING.remove(DeferredStore.this);
                }
            }
        });
        worker.execute(opened);
    }

    /**
     * Starts opening every store made and not open yet, without waiting for it: an autologged training returned, and
     * its post-training work is about to need the store.
     */
    public static void openAllNow() {
        for (DeferredStore d : WAITING) d.needed.countDown();
    }

    /**
     * Opens {@code uri} with {@code opener} (which never throws: it stands in a failing store) in the background,
     * when first needed or after {@link #START_DELAY}.
     */
    public static DeferredStore open(String uri, Function<String, TrackingStore> opener) {
        return open(uri, opener, io.jmlflow.MlflowConfig.getLong(START_DELAY, 30_000));
    }

    /** As {@link #open(String, Function)}, opening at the latest {@code startDelayMillis} after now. */
    public static DeferredStore open(String uri, Function<String, TrackingStore> opener, long startDelayMillis) {
        return new DeferredStore(uri, opener, startDelayMillis);
    }

    /** True once the store is open (or failed to open): writing to it no longer starts it. */
    public boolean isOpen() {
        return opened.isDone();
    }

    /**
     * Creates run {@code runId} on the background thread once the store is open, with {@code create} (which calls
     * {@link #createRunWithId}); a failure is warned about there, and later calls naming the run fail as for a
     * missing run. Returns at once.
     */
    public void createRunInBackground(String runId, Supplier<Run> create) {
        RunCreation f = new RunCreation(runId, create);
        creating.put(runId, f);
        worker.execute(f);
    }

    /** A run being created on the background thread; leaves {@link #creating} when done. */
    private final class RunCreation extends FutureTask<Run> {
        private final String runId;
        private volatile boolean failed;

        RunCreation(String runId, Supplier<Run> create) {
            super(new Callable<Run>() {
                @Override
                public Run call() {
                    return create.get();
                }
            });
            this.runId = runId;
        }

        @Override
        protected void setException(Throwable t) {
            failed = true;
            super.setException(t);
            Log.warn("could not create run " + runId + " in " + uri + ": " + t.getMessage()
                    + "; training goes on, but what this run logs cannot be recorded");
        }

        @Override
        protected void done() {
            creating.remove(runId, this);
        }
    }

    @Override
    protected TrackingStore store() {
        needed.countDown();
        return await(opened, "the tracking store " + uri + " to open");
    }

    /** The store, once run {@code runId} exists (or its creation failed). */
    @Override
    protected TrackingStore storeFor(String runId) {
        needed.countDown();
        RunCreation f = runId == null ? null : creating.get(runId);
        if (f != null) awaitQuietly(f, runId);
        return store();
    }

    /** The store, once every run being created exists. */
    @Override
    protected TrackingStore storeForSearch() {
        needed.countDown();
        for (Map.Entry<String, RunCreation> e : creating.entrySet()) awaitQuietly(e.getValue(), e.getKey());
        return store();
    }

    private static void awaitQuietly(RunCreation f, String runId) {
        try {
            await(f, "run " + runId + " to be created");
        } catch (RuntimeException e) {
            if (!f.failed) throw e; // interrupted or timed out
            // its creation failed (warned): the store answers for the missing run
        }
    }

    private static <T> T await(Future<T> f, String what) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(MlflowException.IO_ERROR, "interrupted while waiting for " + what);
        } catch (TimeoutException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "gave up waiting for " + what + " after "
                    + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            throw new MlflowException(MlflowException.IO_ERROR, what + " failed: " + cause, e);
        }
    }

    // ---- what needs no store, or a run created first

    /** The URI without credentials (it names the store in messages). */
    @Override
    public String uri() {
        return io.jmlflow.internal.Redaction.withoutCredentials(uri);
    }

    @Override
    public String describe() {
        return opened.isDone() ? store().describe() : "store " + uri + " (opening)";
    }

    @Override
    public void close() {
        try {
            storeForSearch().close();
        } catch (RuntimeException e) {
            // a store that never opened has nothing to close
        } finally {
            WAITING.remove(this);
            worker.shutdown();
        }
    }

    /**
     * A tracking server's store making one attempt per call (opening it first: call it where a wait does not matter);
     * a local store has no retries, and calls keep going through this one (they wait for the runs it creates).
     */
    @Override
    public TrackingStore withoutRetries(long timeoutMillis) {
        return Stores.isRemote(uri) ? store().withoutRetries(timeoutMillis) : this;
    }

    /** Never waits for {@code runId}'s own creation (it is that creation). */
    @Override
    public Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                               String runName) {
        return store().createRunWithId(runId, experimentId, userId, startTime, tags, runName);
    }
}
