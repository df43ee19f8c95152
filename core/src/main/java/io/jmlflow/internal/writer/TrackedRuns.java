package io.jmlflow.internal.writer;

import io.jmlflow.internal.Spool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The session's runs by the id they were started under and, once known, by the store's id. */
public final class TrackedRuns {
    private final Map<String, TrackedRun> byKey = new ConcurrentHashMap<>();
    private final Map<String, TrackedRun> byStoreId = new ConcurrentHashMap<>();
    /**
     * The store's ids of runs that ended, by the key they started under (the latest 10,000): a program may read a run
     * by that id after its end (a model it just logged), when the store gave the id only later.
     */
    private final Map<String, String> endedIds = Collections.synchronizedMap(new LinkedHashMap<String, String>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });
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
        if (id != null && !id.equals(r.key())) endedIds.put(r.key(), id);
        synchronized (ended) {
            ended.put(r.key(), r);
            if (id != null) ended.put(id, r);
            while (ended.size() > ENDED_KEPT) ended.remove(ended.keySet().iterator().next());
        }
    }

    /** The store's id of an ended run this session started under {@code key}, or null. */
    public String endedStoreId(String key) {
        return key == null ? null : endedIds.get(key);
    }

    /** A run of this session that ended, by key or store id (the last {@value #ENDED_KEPT}); null otherwise. */
    public TrackedRun ended(String id) {
        if (id == null) return null;
        synchronized (ended) {
            return ended.get(id);
        }
    }
}
