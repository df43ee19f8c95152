package io.jmlflow.internal.writer;

import io.jmlflow.internal.Spool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The session's runs by the id they were started under and, once known, by the store's id. */
public final class TrackedRuns {
    private final Map<String, TrackedRun> byKey = new ConcurrentHashMap<>();
    private final Map<String, TrackedRun> byStoreId = new ConcurrentHashMap<>();
    /** Runs that ended, newest last (bounded): data logged to them later still counts in their summary line. */
    private final Map<String, TrackedRun> ended = new LinkedHashMap<>();
    private static final int ENDED_KEPT = 1_000;

    /** A run the store already has under {@code key} (local stores take the client's ids). */
    public TrackedRun created(String key, TrackedRun.Creation creation, String experimentId) {
        TrackedRun r = new TrackedRun(key, creation, TrackedRun.State.CREATED, key);
        r.created(key, experimentId, null);
        byKey.put(key, r);
        return r;
    }

    /** A run the writer is to create (a tracking server gives it its id). */
    TrackedRun creating(String key, TrackedRun.Creation creation) {
        TrackedRun r = new TrackedRun(key, creation, TrackedRun.State.CREATING, null);
        byKey.put(key, r);
        return r;
    }

    /** The run with this key or store id, or null when the session did not start it. */
    public TrackedRun get(String id) {
        if (id == null) return null;
        TrackedRun r = byKey.get(id);
        return r != null ? r : byStoreId.get(id);
    }

    void indexStoreId(TrackedRun r) {
        String id = r.storeId();
        if (id != null && !id.equals(r.key())) byStoreId.put(id, r);
    }

    /** After a replay: runs that were spooled and that the store now has get their store ids. */
    void learnFrom(Spool spool) {
        boolean empty = spool.isEmpty();
        for (TrackedRun r : new ArrayList<>(byKey.values())) {
            if (empty) r.spoolReplayed();
            if (!r.goesToSpool()) continue;
            String mapped = spool.mappedId(r.key());
            if (mapped != null) {
                r.created(mapped, null, null);
                indexStoreId(r);
            }
        }
    }

    /** Runs whose data waits in the spool. */
    List<TrackedRun> spooled() {
        List<TrackedRun> out = new ArrayList<>();
        for (TrackedRun r : byKey.values()) if (r.goesToSpool()) out.add(r);
        return out;
    }

    /** Forgets a run that ended (its spooled data keeps its key, which the spool maps). */
    public void forget(TrackedRun r) {
        byKey.remove(r.key(), r);
        String id = r.storeId();
        if (id != null) byStoreId.remove(id, r);
        synchronized (ended) {
            ended.put(r.key(), r);
            if (id != null) ended.put(id, r);
            while (ended.size() > ENDED_KEPT) ended.remove(ended.keySet().iterator().next());
        }
    }

    /** A run of this session that ended, by key or store id (the last {@value #ENDED_KEPT}); null otherwise. */
    public TrackedRun ended(String id) {
        if (id == null) return null;
        synchronized (ended) {
            return ended.get(id);
        }
    }
}
