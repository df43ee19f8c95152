package io.jmlflow.internal.writer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What waits for the writer: logged entries in order, runs to create (before any entry, since a run's entries can
 * only follow its creation) and a wish to replay the spool. Entries are bounded in count and in estimated heap
 * bytes ({@link BacklogBound}); the writer takes them in bounded batches, so a producer that finds the backlog full
 * waits for one batch to go, not for the whole backlog.
 *
 * <p>When the backlog stays full for {@code maxWait} (the store takes nothing: a server that hangs), the producer
 * takes the oldest quarter of the backlog to spill to the spool itself ({@link #add} returns it) and goes on: memory
 * stays bounded, training goes on, nothing is dropped.
 *
 * <p>Several writers may take batches at once ({@code async.parallel.requests}): a batch is the oldest entries, up to the
 * first that must wait for a batch in flight, so each run's order holds where MLflow keeps one. A run's metric points
 * may be in several batches at once (MLflow stores every point and orders a history and the latest value by step and
 * timestamp, whatever the order of the requests), but a param, a tag or the run's end waits until no other batch holds
 * entries of its run, and nothing of a run follows while one of those is in flight. Creating runs and replaying the
 * spool happen alone, with no batch in flight. The bytes bound counts the batches in flight too: parallel requests
 * never hold more memory than a single writer would.
 *
 * <p>Accounting: every entry added is eventually done (written, spooled or given up with a warning); {@link #awaitDone}
 * waits for a count of done entries, which is what {@code flush} and the end of a run wait for.
 */
final class Backlog {
    private final ReentrantLock lock = new ReentrantLock();
    /** Producers wait here for room; the writer, for work; flushes, for entries done: each is woken only by its own. */
    private final Condition room = lock.newCondition();
    private final Condition work = lock.newCondition();
    private final Condition doneMoved = lock.newCondition();
    private ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final ArrayDeque<TrackedRun> creations = new ArrayDeque<>();
    private long pendingBytes;
    /** Estimated bytes of the batches being sent (counted in the bound until they are done). */
    private long inFlightBytes;
    /** Batches being sent, and by run: how many of its entries they hold, and how many of these are not metrics. */
    private int batchesInFlight;
    private final Map<String, int[]> inFlightRuns = new HashMap<>();
    /**
     * The batches in flight and the writer thread sending each, from the moment it is taken (under the lock) until
     * {@link #finished}: the exit spill must see a batch a writer has taken and not started sending yet.
     */
    private final Map<List<Entry>, Thread> sending = new java.util.IdentityHashMap<>();
    /** Runs being created or the spool replayed: no batch is taken meanwhile. */
    private boolean exclusive;
    private long enqueued;
    private long done;
    private long flushTarget;
    private int producersWaiting;
    private boolean replayWanted;
    private boolean replayWhenIdle;
    private boolean closed;
    private final BacklogBound bound;
    private final long maxWaitNanos;

    Backlog(BacklogBound bound, long maxWaitMillis) {
        this.bound = bound;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis));
    }

    BacklogBound bound() {
        return bound;
    }

    /**
     * Appends {@code e}. When the backlog is full, waits up to {@code maxWait} for room; when there is still none,
     * returns the oldest entries, taken out of the backlog, for the caller to spill (and then report {@link #done});
     * otherwise an empty list.
     */
    List<Entry> add(Entry e) {
        long bytes = e.bytes();
        lock.lock();
        try {
            if (isFull(bytes) && !closed) {
                long deadline = System.nanoTime() + maxWaitNanos;
                producersWaiting++;
                try {
                    work.signalAll(); // the writer sends at once instead of lingering
                    while (isFull(bytes) && !closed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            List<Entry> oldest = takeOldest(Math.max(1, pending.size() / 4));
                            append(e, bytes);
                            return oldest;
                        }
                        room.awaitNanos(left);
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt(); // keep the entry; the bound is exceeded by one
                } finally {
                    producersWaiting--;
                }
            }
            boolean wasEmpty = pending.isEmpty();
            append(e, bytes);
            // the writer waits without a timeout while the backlog is empty, and lingers below a full batch
            if (wasEmpty || pending.size() == bound.batchEntries()) work.signalAll();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void append(Entry e, long bytes) {
        pending.addLast(e);
        pendingBytes += bytes;
        enqueued++;
    }

    private boolean isFull(long adding) {
        return !pending.isEmpty() && (pending.size() >= bound.maxEntries()
                || pendingBytes + inFlightBytes + adding > bound.maxBytes());
    }

    /** Holds the lock. */
    private List<Entry> takeOldest(int n) {
        List<Entry> out = new ArrayList<>(Math.min(n, pending.size()));
        while (out.size() < n && !pending.isEmpty()) {
            Entry e = pending.pollFirst();
            pendingBytes -= e.bytes();
            out.add(e);
        }
        room.signalAll();
        return out;
    }

    /** Queues the creation of a run; the writer creates runs before it sends entries. */
    void addCreation(TrackedRun run) {
        lock.lock();
        try {
            creations.addLast(run);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the writer to replay the spool at its next step (the store answers again: what it spooled goes first). */
    void wantReplay() {
        lock.lock();
        try {
            replayWanted = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the writer to replay the spool once no entry waits (entries spilled from a full backlog: sending them while
     * the backlog is still full would only keep it full).
     */
    void wantReplayWhenIdle() {
        lock.lock();
        try {
            replayWhenIdle = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a writer does next: runs to create and a replay (alone), or a batch of entries; {@code replayIfOnline}: a
     * replay asked for while the store took data, to skip when it no longer does (the probe asks again once it
     * answers).
     */
    record Work(List<TrackedRun> creations, boolean replay, boolean replayIfOnline, List<Entry> batch) {
    }

    /**
     * Waits for {@code work} to be signalled (callers re-check their state after any wake-up). A timed wait, not
     * {@code await()}: on JDK 17 the untimed one blocks through ForkJoinPool, whose first use loads and initialises it
     * (about 15 classes) in programs that never use it themselves.
     */
    private void awaitSignal() throws InterruptedException {
        work.awaitNanos(TimeUnit.HOURS.toNanos(1));
    }

    /**
     * Waits for work: runs to create and a replay at once; entries once {@code lingerMillis} passed since the first
     * of them arrived, at once when a flush waits, a producer waits, a full batch is there or the backlog closes.
     * While {@code holdEntries} says so (a local store not opened yet) entries wait unless one of these asks for
     * them. Runs to create and a replay wait until no batch is in flight; a batch is only what no batch in flight
     * holds back (see the class comment). Returns null once closed with nothing left.
     */
    Work awaitWork(int maxBatch, long lingerMillis, java.util.function.BooleanSupplier holdEntries)
            throws InterruptedException {
        lock.lock();
        try {
            long lingerStart = 0;
            while (true) {
                if (!creations.isEmpty() || replayWanted) {
                    if (exclusive || batchesInFlight > 0) { // finished() wakes this writer
                        awaitSignal();
                        continue;
                    }
                    List<TrackedRun> runs = new ArrayList<>(creations);
                    creations.clear();
                    boolean replay = replayWanted;
                    replayWanted = false;
                    exclusive = true;
                    return new Work(runs, replay, false, List.of());
                }
                if (exclusive) {
                    awaitSignal();
                    continue;
                }
                if (pending.isEmpty()) {
                    if (closed) return null;
                    if (replayWhenIdle && batchesInFlight == 0) {
                        replayWhenIdle = false;
                        exclusive = true;
                        return new Work(List.of(), false, true, List.of());
                    }
                    if (closed) return null;
                    lingerStart = 0;
                    awaitSignal();
                    continue;
                }
                boolean urgent = closed || flushTarget > done || producersWaiting > 0 || pending.size() >= maxBatch;
                long now = System.nanoTime();
                if (lingerStart == 0) lingerStart = now;
                long lingered = TimeUnit.NANOSECONDS.toMillis(now - lingerStart);
                if (urgent || (lingered >= lingerMillis && !holdEntries.getAsBoolean())) {
                    List<Entry> batch = takeBatch(maxBatch);
                    if (!batch.isEmpty()) return new Work(List.of(), false, false, batch);
                    awaitSignal(); // held back by a batch in flight: finished() wakes this writer
                    continue;
                }
                work.await(Math.max(1, lingered >= lingerMillis ? lingerMillis : lingerMillis - lingered),
                        TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds the lock. The oldest entries, up to {@code max}, stopping at the first that must wait for a batch in
     * flight; they stay counted in the bound (and their runs held) until {@link #finished}.
     */
    private List<Entry> takeBatch(int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, pending.size()));
        long bytes = 0;
        while (out.size() < max && !pending.isEmpty()) {
            Entry e = pending.peekFirst();
            int[] held = inFlightRuns.get(e.runKey());
            if (held != null && (held[1] > 0 || e.metric() == null)) break;
            pending.pollFirst();
            bytes += e.bytes();
            out.add(e);
        }
        if (out.isEmpty()) return out;
        pendingBytes -= bytes;
        inFlightBytes += bytes;
        batchesInFlight++;
        sending.put(out, Thread.currentThread());
        for (Entry e : out) {
            int[] held = inFlightRuns.get(e.runKey());
            if (held == null) inFlightRuns.put(e.runKey(), held = new int[2]);
            held[0]++;
            if (e.metric() == null) held[1]++;
        }
        return out;
    }

    /** Reports what {@code w} held written, spooled or given up: its runs and its bytes are free again. */
    void finished(Work w) {
        List<Entry> batch = w.batch();
        lock.lock();
        try {
            if (batch.isEmpty()) {
                exclusive = false;
            } else {
                long bytes = 0;
                for (Entry e : batch) {
                    bytes += e.bytes();
                    int[] held = inFlightRuns.get(e.runKey());
                    if (held == null) continue;
                    held[0]--;
                    if (e.metric() == null) held[1]--;
                    if (held[0] <= 0) inFlightRuns.remove(e.runKey());
                }
                inFlightBytes -= bytes;
                batchesInFlight--;
                sending.remove(batch);
                room.signalAll();
                done += batch.size();
                doneMoved.signalAll();
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reports {@code n} entries written, spooled or given up. */
    void done(int n) {
        if (n == 0) return;
        lock.lock();
        try {
            done += n;
            doneMoved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The count of entries added so far, and a request that the writer sends them without lingering. */
    long requestFlush() {
        lock.lock();
        try {
            flushTarget = Math.max(flushTarget, enqueued);
            work.signalAll();
            return enqueued;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code target} entries are done; false when {@code timeoutMillis} passed or {@code alive} failed. */
    boolean awaitDone(long target, long timeoutMillis, java.util.function.BooleanSupplier alive) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        lock.lock();
        try {
            while (done < target) {
                if (!alive.getAsBoolean()) return false;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    doneMoved.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Entries added and not done yet (waiting or being sent). */
    long notDone() {
        lock.lock();
        try {
            return enqueued - done;
        } finally {
            lock.unlock();
        }
    }

    /**
     * At exit: takes every waiting entry and, in the same step, names the batches in flight with the writer thread
     * sending each (a batch a writer took and has not started sending is one of them).
     */
    ExitTake takeAllAtExit() {
        lock.lock();
        try {
            List<Entry> out = takeOldest(pending.size());
            pending = new ArrayDeque<>();
            pendingBytes = 0;
            return new ExitTake(out, new java.util.IdentityHashMap<>(sending));
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #takeAllAtExit} took: the waiting entries, and the batches in flight by their writer threads. */
    record ExitTake(List<Entry> waiting, Map<List<Entry>, Thread> inFlight) {
    }

    /** Waits until {@code batch} is {@link #finished}, up to {@code deadlineNanos}; true when it was. */
    boolean awaitFinished(List<Entry> batch, long deadlineNanos) {
        lock.lock();
        try {
            while (sending.containsKey(batch)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                try {
                    doneMoved.awaitNanos(left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return !sending.containsKey(batch);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Entries waiting (for tests and messages). */
    int waiting() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** No more waiting: the writer sends what is left and stops. */
    void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
