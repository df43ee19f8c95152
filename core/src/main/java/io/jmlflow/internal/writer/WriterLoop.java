package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.store.DeferredStore;
import io.jmlflow.internal.store.TrackingStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The writer thread's loop: at start it replays what an earlier process spooled for this store; then, in turn, it
 * creates the runs waiting for it, replays the spool when the probe found the store back, and sends the next bounded
 * batch of entries. It survives any failure, even an {@code Error}, saying what it could not write.
 *
 * <p>Each loop sends one batch at a time. The first loop (the lead) replays leftovers, then starts the others, if
 * any ({@code async.parallel.requests}): they share the backlog, which keeps each run's order among them
 * ({@link Backlog}).
 */
final class WriterLoop implements Runnable {
    private final TrackingStore store;
    private final TrackedRuns runs;
    private final Backlog backlog;
    private final OfflineSpool offline;
    private final RunCreator creator;
    private final BatchSender sender;
    private final long lingerMillis;
    private final BooleanSupplier holdEntries;
    /** Starts the other loops once the lead replayed leftovers (null for those others). */
    private final Runnable startOthers;

    WriterLoop(TrackingStore store, TrackedRuns runs, Backlog backlog, OfflineSpool offline, RunCreator creator,
               BatchSender sender, long lingerMillis, Runnable startOthers) {
        this.store = store;
        this.runs = runs;
        this.backlog = backlog;
        this.offline = offline;
        this.creator = creator;
        this.sender = sender;
        this.lingerMillis = lingerMillis;
        this.startOthers = startOthers;
        this.holdEntries = new BooleanSupplier() { // not a lambda: made inside the first training call
            @Override
            public boolean getAsBoolean() {
                // while the store is away, entries wait in memory (bounded) rather than be spooled one small batch
                // at a time beside the training: a flush, a full batch or a full backlog sends them to the spool
                return storeNotOpenYet() || offline.isOffline();
            }
        };
    }

    @Override
    public void run() {
        if (startOthers != null) {
            if (MlflowConfig.getBoolean("spool.enabled", true)) replayLeftovers();
            try {
                startOthers.run();
            } catch (Throwable t) {
                Log.warn("could not start more MLflow writer threads (" + t + "); one request at a time");
            }
        }
        while (true) {
            Backlog.Work work;
            try {
                work = backlog.awaitWork(drainSize(), lingerMillis, holdEntries);
            } catch (InterruptedException e) {
                continue; // an exit asked to cut retries short: nothing to cut here
            }
            if (work == null) return;
            List<Entry> batch = work.batch();
            try {
                for (TrackedRun r : work.creations()) creator.create(r);
                // a replay goes through the store with its retries: never while it does not answer (a server that
                // accepts connections and never replies would hold the writer, and the run's end, for minutes)
                if (work.replay() || (work.replayIfOnline() && !offline.isOffline())) replay();
                if (!batch.isEmpty()) sender.send(batch);
            } catch (Throwable t) {
                writerFailed(batch, t);
            } finally {
                Thread.interrupted(); // an interrupt meant for the batch just sent must not touch the next
                backlog.finished(work);
            }
        }
    }

    private int drainSize() {
        if (storeNotOpenYet()) return Validation.MAX_ENTITIES_PER_BATCH;
        return Math.min(sender.batchLimit(), 10 * Validation.MAX_ENTITIES_PER_BATCH);
    }

    /**
     * A local store that opens when first needed (see {@link DeferredStore}) is not opened by the writer for less than
     * a full batch: what is logged while a short training runs waits for the flush at its end instead.
     */
    private boolean storeNotOpenYet() {
        return store instanceof DeferredStore d && !d.isOpen();
    }

    /** The writer goes on after any failure, even an {@code Error}; it says what it could not write. */
    private void writerFailed(List<Entry> batch, Throwable t) {
        try {
            List<String> runKeys = new ArrayList<>();
            for (Entry e : batch) if (!runKeys.contains(e.runKey()) && runKeys.size() < 5) runKeys.add(e.runKey());
            sender.fail(null, String.join(", ", runKeys), batch.size(), t);
            Log.error("the MLflow writer failed (" + t + "); up to " + batch.size() + " entries of runs " + runKeys
                    + " may not have been written; it goes on with what comes next", null);
        } catch (Throwable ignored) {
            // out of memory even for the message: go on
        }
    }

    private void replayLeftovers() {
        try {
            if (!offline.hasLeftovers()) return;
            if (!store.isReachable()) {
                offline.goOffline(new MlflowHttpException(MlflowException.IO_ERROR, "it did not answer a probe", 0),
                        "; data an earlier run spooled waits, and what is logged now goes");
                return;
            }
            Spool.ReplayResult r = offline.spool().replay(store);
            runs.learnFrom(offline.spool());
            if (r.batches() > 0) {
                Log.info("replayed " + r.entries() + " entries (" + r.batches() + " operations) that an earlier run had"
                        + " spooled for " + store.uri());
            }
        } catch (RuntimeException e) {
            Log.warnOnce("spool-replay", "could not replay the spool for " + store.uri() + ": " + e.getMessage());
        }
    }

    private void replay() {
        Spool.ReplayResult r = offline.spool().replay(store);
        runs.learnFrom(offline.spool());
        if (r.remaining() == 0 && offline.isOffline()) {
            offline.online();
            Log.info(store.uri() + " answers again: replayed " + r.entries() + " spooled entries (" + r.batches()
                    + " operations)");
        }
    }
}
