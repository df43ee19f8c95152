package io.jmlflow.internal.writer;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one batch the writer took: grouped by run (keeping each run's order), in requests within MLflow's limits,
 * one attempt each (the retries with back-off happen when the spool is replayed, once a probe found the store back).
 * A run's entries go to the spool instead when the store is offline or does not have the run; a store that stops
 * answering sends the session offline ({@link OfflineSpool}). A request the store refuses for good is split in halves
 * until the entries it refuses are found (a param that changed, a key it cannot hold), so one bad entry does not sink
 * the others and a batch of n entries with one bad one costs about 2 log2(n) requests, not n; a run the store does not
 * have (deleted, never created) is parked in the spool at once, with no request per entry.
 *
 * <p>One writer thread sends one batch at a time; several may send at once ({@code async.parallel.requests}): the
 * backlog gives a run's params, tags and end to one batch at a time, with nothing else of the run in flight, while its
 * metric points may travel in several ({@link Backlog}); within a batch, each run's entries go in their order.
 */
final class BatchSender {
    private final TrackingStore store;
    /** One attempt per request: a store that does not answer is probed and replayed (with retries), not waited for. */
    private volatile TrackingStore oneAttemptStore;
    private final OfflineSpool offline;
    private final TrackedRuns runs;
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> failedByCause = new ConcurrentHashMap<>();
    private volatile int batchLimit;
    /** Runs this session did not start whose store refused them (their entries go to the spool at once). */
    private final java.util.Set<String> parkedKeys = ConcurrentHashMap.newKeySet();

    BatchSender(TrackingStore store, OfflineSpool offline, TrackedRuns runs) {
        this.store = store;
        this.offline = offline;
        this.runs = runs;
    }

    /** How many entries one request to the store carries (asked once the store is open). */
    int batchLimit() {
        int b = batchLimit;
        if (b == 0) batchLimit = b = Math.max(1, store.maxBatchEntries());
        return b;
    }

    /** Opened on the writer thread, when first needed. */
    private TrackingStore oneAttempt() {
        TrackingStore s = oneAttemptStore;
        if (s == null) oneAttemptStore = s = store.withoutRetries(0);
        return s;
    }

    void send(List<Entry> batch) {
        for (Map.Entry<String, List<Entry>> run : byRun(batch).entrySet()) sendRun(run.getKey(), run.getValue());
    }

    /** The entries of each run, runs in order of their first entry (a loop: no lambda to link in a fresh JVM). */
    private static Map<String, List<Entry>> byRun(List<Entry> entries) {
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (Entry e : entries) {
            List<Entry> l = byRun.get(e.runKey());
            if (l == null) byRun.put(e.runKey(), l = new ArrayList<>());
            l.add(e);
        }
        return byRun;
    }

    private void sendRun(String key, List<Entry> entries) {
        TrackedRun run = runs.get(key);
        int limit = batchLimit();
        boolean restLimits = limit <= Validation.MAX_ENTITIES_PER_BATCH;
        List<Metric> metrics = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        for (Entry e : entries) {
            if (e.isEnd()) {
                if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
                    sendChunk(run, key, metrics, params, tags);
                    metrics = new ArrayList<>();
                    params = new ArrayList<>();
                    tags = new ArrayList<>();
                }
                endRun(run, key, e);
                continue;
            }
            if (e.metric() != null) metrics.add(e.metric());
            else if (e.param() != null) params.add(e.param());
            else tags.add(e.tag());
            if (metrics.size() + params.size() + tags.size() >= limit || (restLimits
                    && (metrics.size() == Validation.MAX_METRICS_PER_BATCH
                    || params.size() == Validation.MAX_PARAMS_PER_BATCH
                    || tags.size() == Validation.MAX_TAGS_PER_BATCH))) {
                sendChunk(run, key, metrics, params, tags);
                metrics = new ArrayList<>();
                params = new ArrayList<>();
                tags = new ArrayList<>();
            }
        }
        if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) sendChunk(run, key, metrics, params, tags);
    }

    /** The store's id for a run of this session, or {@code key} for one it did not start. */
    private static String idOf(TrackedRun run, String key) {
        return run == null ? key : run.id();
    }

    private boolean toSpool(TrackedRun run, String key) {
        return offline.isOffline() || (run != null ? run.goesToSpool() : parkedKeys.contains(key));
    }

    private void sendChunk(TrackedRun run, String key, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (toSpool(run, key)) {
            spool(run, key, metrics, params, tags);
            return;
        }
        try {
            oneAttempt().logBatch(idOf(run, key), metrics, params, tags);
            counted(run, metrics, params, tags);
        } catch (MlflowException e) {
            if (Failures.isWorthKeeping(e)) {
                offline.goOffline(e, "; logging goes on");
                spool(run, key, metrics, params, tags);
            } else if (isAboutTheRun(e)) {
                park(run, key, e, metrics, params, tags);
            } else if (!store.writesBatchesWhole()) {
                int refused = occurrences(e.getMessage(), "Param with key=");
                if (refused > 0) {
                    // the store wrote the rest of the batch and names what it refused: sending it again would repeat it
                    fail(run, key, refused, e);
                    counted(run, metrics, List.of(), tags);
                } else {
                    // it names nothing it refused (a file it could not write): none of these counts as written, and
                    // sending parts again could repeat what it did append
                    fail(run, key, metrics.size() + params.size() + tags.size(), e);
                }
            } else {
                bisect(run, key, metrics, params, tags, e);
            }
        } catch (RuntimeException e) {
            bisect(run, key, metrics, params, tags, e);
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text == null ? -1 : text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    /** The store does not have the run, or it is not active: no entry of it can be written. */
    private static boolean isAboutTheRun(MlflowException e) {
        return MlflowException.RESOURCE_DOES_NOT_EXIST.equals(e.errorCode())
                || MlflowException.INVALID_STATE.equals(e.errorCode());
    }

    private void park(TrackedRun run, String key, MlflowException e, List<Metric> metrics, List<Param> params,
                      List<Tag> tags) {
        if (run != null) run.refused(Failures.describe(e));
        else parkedKeys.add(key);
        Log.warnOnce("park:" + key, "could not write to run " + idOf(run, key) + " in " + store.uri() + ": "
                + Failures.describe(e) + "; what it logs is parked in the local spool " + offline.dir()
                + " (no request per entry)");
        spool(run, key, metrics, params, tags);
    }

    /** Sends the halves of a refused request on their own, down to single entries, which fail alone. */
    private void bisect(TrackedRun run, String key, List<Metric> metrics, List<Param> params, List<Tag> tags,
                        RuntimeException e) {
        int n = metrics.size() + params.size() + tags.size();
        if (n <= 1) {
            fail(run, key, n, e);
            return;
        }
        List<Object> all = new ArrayList<>(n);
        all.addAll(params);
        all.addAll(metrics);
        all.addAll(tags);
        sendPart(run, key, all.subList(0, n / 2));
        sendPart(run, key, all.subList(n / 2, n));
    }

    private void sendPart(TrackedRun run, String key, List<Object> part) {
        List<Metric> ms = new ArrayList<>();
        List<Param> ps = new ArrayList<>();
        List<Tag> ts = new ArrayList<>();
        for (Object o : part) {
            if (o instanceof Metric m) ms.add(m);
            else if (o instanceof Param p) ps.add(p);
            else ts.add((Tag) o);
        }
        sendChunk(run, key, ms, ps, ts);
    }

    /** Keeps entries in the spool without sending them (a full backlog, the JVM's exit); returns how many were kept. */
    int spoolAll(List<Entry> entries) {
        int kept = 0;
        for (Map.Entry<String, List<Entry>> group : byRun(entries).entrySet()) {
            String key = group.getKey();
            TrackedRun run = runs.get(key);
            List<Metric> metrics = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            for (Entry e : group.getValue()) {
                if (e.isEnd()) {
                    if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
                        kept += spool(run, key, metrics, params, tags);
                        metrics = new ArrayList<>();
                        params = new ArrayList<>();
                        tags = new ArrayList<>();
                    }
                    if (spoolEnd(run, key, e)) kept++; // the run's end is one of the entries counted as logged
                    if (run != null) runs.forget(run);
                    continue;
                }
                if (e.metric() != null) metrics.add(e.metric());
                else if (e.param() != null) params.add(e.param());
                else tags.add(e.tag());
            }
            if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
                kept += spool(run, key, metrics, params, tags);
            }
        }
        return kept;
    }

    private void endRun(TrackedRun run, String key, Entry end) {
        try {
            recordEnd(run, key, end);
        } finally {
            // its last entry: the session need not know the run any more (a replay maps what waits in the spool)
            if (run != null) runs.forget(run);
        }
    }

    private void recordEnd(TrackedRun run, String key, Entry end) {
        if (toSpool(run, key) || (run != null && run.hasSpooled())) {
            spoolEnd(run, key, end);
            return;
        }
        try {
            oneAttempt().updateRunInfo(idOf(run, key), end.endStatus(), end.endTime(), null);
        } catch (MlflowException e) {
            if (Failures.isWorthKeeping(e)) {
                offline.goOffline(e, "; logging goes on");
                spoolEnd(run, key, end);
            } else {
                Log.warn("could not mark run " + idOf(run, key) + " " + end.endStatus() + " in " + store.uri() + ": "
                        + Failures.describe(e));
            }
        } catch (RuntimeException e) {
            Log.warn("could not mark run " + idOf(run, key) + " " + end.endStatus() + " in " + store.uri() + ": " + e);
        }
    }

    /** True when the end was kept. */
    private boolean spoolEnd(TrackedRun run, String key, Entry end) {
        try {
            offline.endRun(run, key, end.endStatus(), end.endTime());
            return true;
        } catch (IOException e) {
            Log.warn("could not keep the end of run " + idOf(run, key) + " in the spool " + offline.dir() + ": "
                    + e.getMessage());
            return false;
        }
    }

    private int spool(TrackedRun run, String key, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        int n = metrics.size() + params.size() + tags.size();
        try {
            offline.logBatch(run, key, metrics, params, tags, run == null && parkedKeys.contains(key));
            counted(run, metrics, params, tags);
            return n;
        } catch (IOException | RuntimeException e) {
            fail(run, key, n, new MlflowException(MlflowException.IO_ERROR, "the spool " + offline.dir()
                    + " cannot be written: " + e.getMessage()));
            return 0;
        }
    }

    /** Entries that reached the store or the spool, for the run summary. */
    private static void counted(TrackedRun run, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (run != null) run.counted(metrics, params, tags);
    }

    void fail(TrackedRun run, String key, int n, Throwable e) {
        failed.addAndGet(n);
        if (run != null) run.countNotWritten(n);
        String cause = e instanceof MlflowException ? ((MlflowException) e).errorCode() : e.getClass().getSimpleName();
        failedByCause.computeIfAbsent(cause, k -> new AtomicLong()).addAndGet(n);
        Log.warnOnce("writer:" + cause + ":" + e.getMessage(), "could not write " + n + " entries of run "
                + idOf(run, key) + " to " + store.uri() + ": " + e.getMessage() + " (training goes on; further failures"
                + " of this kind are counted and reported at the end)");
    }

    long failedCount() {
        return failed.get();
    }

    Map<String, Long> failuresByCause() {
        Map<String, Long> out = new LinkedHashMap<>();
        failedByCause.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
