package io.jmlflow.internal.writer;

import io.jmlflow.entities.Tag;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run of the session as the writer knows it. Its {@link #key} is the id it was started under (chosen by the client);
 * the store's id is the same for local stores, and for a tracking server the one the server gave when it created the
 * run ({@link #storeId}, null until then). Also counts what reached the store (or the spool) for the run summary.
 */
public final class TrackedRun {
    /** Where the run stands with the store. */
    public enum State {
        /** The writer has yet to try creating it (a tracking server picks run ids itself). */
        CREATING,
        /** The store has it, under {@link #storeId}. */
        CREATED,
        /** The store did not answer: its creation and everything it logs go to the spool, replayed later. */
        SPOOLED,
        /** The store refused to create it: what it logs is parked in the spool with its creation. */
        REFUSED
    }

    /** What creating the run asks of the store. */
    public record Creation(String experimentId, String experimentName, String userId, long startTime, String runName,
                           List<Tag> tags) {
    }

    private final String key;
    private final Creation creation;
    private volatile State state;
    private volatile String storeId;
    private volatile String experimentId;
    private volatile String artifactUri;
    private volatile String reason;
    private volatile boolean needsConfiguration;
    /** True once its creation was written to the spool (so a later creation online records the id it got there). */
    private boolean creationSpooled;
    private volatile boolean hasSpooled;
    /** False for stores that take the client's ids (a replay creates the run under its key). */
    private final boolean storeGivesIds;
    private final AtomicLong metricPoints = new AtomicLong();
    private final Set<String> paramKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> tagKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger models = new AtomicInteger();
    private final AtomicLong notWritten = new AtomicLong();

    TrackedRun(String key, Creation creation, State state, String storeId) {
        this.key = key;
        this.storeGivesIds = state == State.CREATING;
        this.creation = creation;
        this.state = state;
        this.storeId = storeId;
        this.experimentId = creation == null ? null : creation.experimentId();
        if (creation != null) {
            for (Tag t : creation.tags()) tagKeys.add(t.key());
        }
    }

    /** The id the run was started under, which keys its entries and spooled operations. */
    public String key() {
        return key;
    }

    public State state() {
        return state;
    }

    public Creation creation() {
        return creation;
    }

    /** The store's id of the run once known, else null. */
    public String storeId() {
        return storeId;
    }

    /** The store's id once known, else the key. */
    public String id() {
        String s = storeId;
        return s != null ? s : key;
    }

    /**
     * The id spooled operations name the run by: the store's once it has the run, else the key (which a replay maps to
     * the id the store gives it then).
     */
    public String spoolId() {
        return id();
    }

    /** The experiment the run is in (null while a name waits to be resolved by the store). */
    public String experimentId() {
        return experimentId;
    }

    public String artifactUri() {
        return artifactUri;
    }

    /** Keeps the run's artifact location once read from the store (it never changes); a known one stays. */
    public void artifactsAt(String uri) {
        if (artifactUri == null) artifactUri = uri;
    }

    /** Why the run is spooled or refused (null otherwise). */
    public String reason() {
        return reason;
    }

    /** True while the writer has not tried to create the run. */
    public boolean isUndecided() {
        return state == State.CREATING;
    }

    /** The experiment the run went to, once a name was resolved. */
    public void inExperiment(String id) {
        if (id != null) experimentId = id;
    }

    /** Waits up to {@code millis} until the writer tried to create the run; true when it did. */
    public boolean awaitDecision(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (state == State.CREATING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The store created it; true when its creation had been spooled meanwhile (the spool must learn the id). */
    synchronized boolean created(String id, String inExperiment, String artifacts) {
        storeId = id;
        if (inExperiment != null) experimentId = inExperiment;
        if (artifacts != null) artifactUri = artifacts;
        state = State.CREATED;
        notifyAll();
        return creationSpooled;
    }

    synchronized void spooled(String why, boolean configuration) {
        if (state == State.CREATING) {
            state = State.SPOOLED;
            reason = why;
            needsConfiguration = configuration;
        }
        notifyAll();
    }

    /** True when the store answered but not to this client's credentials or TLS set-up (not an outage). */
    public boolean needsConfiguration() {
        return needsConfiguration;
    }

    synchronized void refused(String why) {
        state = State.REFUSED;
        reason = why;
        notifyAll();
    }

    /** Writes its creation to the spool (see {@link #spoolCreationOnce}). */
    interface CreationWriter {
        void write(TrackedRun run) throws IOException;
    }

    /**
     * Writes its creation with {@code writer}, once, unless the store has the run, and returns only when it is in the
     * spool. The run is held meanwhile: another thread spooling something of this run waits here until the creation
     * is written (so nothing of the run is named in the spool before its creation), and a creation online learns that
     * it was spooled ({@link #created}). A write that fails leaves it to the next caller.
     */
    synchronized void spoolCreationOnce(CreationWriter writer) throws IOException {
        if (creation == null || storeId != null || creationSpooled) return;
        writer.write(this);
        creationSpooled = true;
    }

    /** True when the store gives run ids itself (so an unanswered first attempt may have created one). */
    boolean storeIdFromStore() {
        return storeGivesIds;
    }

    /** Something of this run went to the spool (its end must follow it there). */
    public void markSpooled() {
        hasSpooled = true;
    }

    /** True while something of this run may wait in the spool. */
    boolean hasSpooled() {
        return hasSpooled;
    }

    /** True when something this run logged went to the spool and was not replayed yet (for the summary). */
    public boolean hasSpooledData() {
        return hasSpooled;
    }

    void spoolReplayed() {
        hasSpooled = false;
    }

    /** True when the store does not have this run now, so what it logs goes to the spool. */
    public boolean goesToSpool() {
        State s = state;
        return s == State.SPOOLED || s == State.REFUSED;
    }

    // ---- what reached the store or the spool, for the summary

    /** Prints the run's summary line again (with the counts as they are now). */
    public interface SummaryLine {
        void printAgain(TrackedRun run);
    }

    /** Set once the summary line was printed: data that reaches the run afterwards prints it again. */
    private volatile SummaryLine printed;

    /**
     * The run's summary line was printed; data that reaches the run later (an evaluation of its model after
     * training, logged to the ended run as MLflow's autologging does) has {@code again} print it with the new counts.
     */
    public void summaryPrinted(SummaryLine again) {
        printed = again;
    }

    /** Counts entries that reached the store or the spool. */
    public void counted(List<io.jmlflow.entities.Metric> metrics, List<io.jmlflow.entities.Param> params,
                        List<Tag> tags) {
        metricPoints.addAndGet(metrics.size());
        for (io.jmlflow.entities.Param p : params) paramKeys.add(p.key());
        for (Tag t : tags) tagKeys.add(t.key());
        SummaryLine again = printed;
        if (again != null && !(metrics.isEmpty() && params.isEmpty() && tags.isEmpty())) again.printAgain(this);
    }

    void countNotWritten(long n) {
        notWritten.addAndGet(n);
    }

    /** Counts a logged model of this run. */
    public void countModel() {
        models.incrementAndGet();
        SummaryLine again = printed;
        if (again != null) again.printAgain(this);
    }

    public long metricPoints() {
        return metricPoints.get();
    }

    public int params() {
        return paramKeys.size();
    }

    public int tags() {
        return tagKeys.size();
    }

    public int models() {
        return models.get();
    }

    /** Entries of this run given up for good (each cause was warned about). */
    public long notWritten() {
        return notWritten.get();
    }

    @Override
    public String toString() {
        String mapped = storeId != null && !storeId.equals(key) ? " -> " + storeId : "";
        return "TrackedRun[" + key + mapped + ", " + state + "]";
    }
}
