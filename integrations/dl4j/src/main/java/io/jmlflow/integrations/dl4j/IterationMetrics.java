package io.jmlflow.integrations.dl4j;

/**
 * Turns per-iteration and per-epoch training events into MLflow metric points, cheaply: every iteration only adds to
 * a few counters; points are emitted at iterations that are multiples of {@code every} and at the end of each epoch.
 * Not thread-safe: DL4J calls listeners from the training thread.
 */
final class IterationMetrics {
    static final String LOSS = "loss";
    static final String EPOCH_LOSS = "epoch_loss";
    static final String EPOCH_TIME_MS = "epoch_time_ms";
    static final String LEARNING_RATE = "learning_rate";
    static final String SAMPLES_PER_SECOND = "samples_per_second";
    static final String ETL_TIME_MS = "etl_time_ms";

    /** Where points go. */
    interface Sink {
        void metric(String key, double value, long step, long timestampMillis);
    }

    private final int every;
    private final Sink sink;
    private long intervalStartNanos = -1;
    private long intervalSamples;
    private long intervalEtlMillis;
    private int intervalIterations;
    private long epochStartNanos = -1;
    private double epochLossSum;
    private int epochIterations;
    private long lastIteration = -1;
    private double lastLoss;
    private boolean lastLogged = true;
    private int epochsEnded;

    IterationMetrics(int every, Sink sink) {
        this.every = Math.max(1, every);
        this.sink = sink;
    }

    /**
     * A {@code fit} call begins. With {@code restartInterval} (a call over an iterator) throughput is measured from
     * here; mini-batch calls keep the running interval, so that the time between them (the caller's data loading)
     * counts, as it does between the batches of an iterator.
     */
    void fitStarted(long nowNanos, boolean restartInterval) {
        if (!restartInterval && intervalStartNanos >= 0) return;
        intervalStartNanos = nowNanos;
        intervalSamples = 0;
        intervalEtlMillis = 0;
        intervalIterations = 0;
    }

    /**
     * One iteration (mini-batch) is done. Returns true when its points were emitted (the caller then adds the
     * learning rate, which costs more to compute, at the same step).
     */
    boolean iteration(long iteration, double loss, long samples, long etlMillis, long nowNanos, long nowMillis) {
        if (intervalStartNanos < 0) intervalStartNanos = nowNanos;
        intervalSamples += Math.max(0, samples);
        intervalEtlMillis += Math.max(0, etlMillis);
        intervalIterations++;
        if (!Double.isNaN(loss)) {
            epochLossSum += loss;
            epochIterations++;
        }
        lastIteration = iteration;
        lastLoss = loss;
        if (iteration % every != 0) {
            lastLogged = false;
            return false;
        }
        sink.metric(LOSS, loss, iteration, nowMillis);
        double seconds = (nowNanos - intervalStartNanos) / 1e9;
        if (seconds > 0 && intervalSamples > 0) sink.metric(SAMPLES_PER_SECOND, intervalSamples / seconds, iteration, nowMillis);
        sink.metric(ETL_TIME_MS, (double) intervalEtlMillis / intervalIterations, iteration, nowMillis);
        intervalStartNanos = nowNanos;
        intervalSamples = 0;
        intervalEtlMillis = 0;
        intervalIterations = 0;
        lastLogged = true;
        return true;
    }

    void epochStarted(long nowNanos) {
        epochStartNanos = nowNanos;
        epochLossSum = 0;
        epochIterations = 0;
    }

    /** An epoch ended: its mean loss and duration, at step {@code epoch}. */
    void epochEnded(long epoch, long nowNanos, long nowMillis) {
        if (epochIterations > 0) sink.metric(EPOCH_LOSS, epochLossSum / epochIterations, epoch, nowMillis);
        if (epochStartNanos >= 0) sink.metric(EPOCH_TIME_MS, (nowNanos - epochStartNanos) / 1e6, epoch, nowMillis);
        epochStartNanos = -1;
        epochLossSum = 0;
        epochIterations = 0;
        epochsEnded++;
    }

    /** How many epochs ended while this was listening. */
    int epochsEnded() {
        return epochsEnded;
    }

    /** Training ended: the last iteration's loss, when the interval skipped it. */
    void finish(long nowMillis) {
        if (!lastLogged && lastIteration >= 0) sink.metric(LOSS, lastLoss, lastIteration, nowMillis);
        lastLogged = true;
    }

    /** Emits one extra point through the sink (e.g. the learning rate at a logged iteration). */
    void emit(String key, double value, long step, long timestampMillis) {
        sink.metric(key, value, step, timestampMillis);
    }

    /** The last iteration seen, or -1. */
    long lastIteration() {
        return lastIteration;
    }
}
