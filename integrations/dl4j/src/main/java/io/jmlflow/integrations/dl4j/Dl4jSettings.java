package io.jmlflow.integrations.dl4j;

import io.jmlflow.MlflowConfig;

/**
 * DL4J-specific settings, read through {@link MlflowConfig} when a run starts (agent argument
 * {@code autolog.dl4j.log.every.n.iterations=50}, system property {@code -Dmlflow.autolog.dl4j.log.every.n.iterations=50}
 * or environment variable {@code MLFLOW_AUTOLOG_DL4J_LOG_EVERY_N_ITERATIONS=50}).
 *
 * @param logEveryNIterations iteration metrics (loss, learning rate, samples/s, ETL time) are logged at iterations
 *                            that are multiples of this ({@code autolog.dl4j.log.every.n.iterations}, default 10;
 *                            per-epoch metrics are always logged)
 * @param logEvaluation       training metrics and plots: the trained model evaluated on the first rows it trained on
 *                            (copied during the first epoch; the user's iterator is not read again)
 *                            ({@code autolog.dl4j.log.evaluation}, default true)
 * @param evaluationMaxExamples at most this many of those rows are evaluated
 *                            ({@code autolog.dl4j.evaluation.max.examples}, default 10,000), which bounds the cost of
 *                            the final evaluation (and of the copies) on large data sets
 * @param earlyLoggingMinEpochMillis a first epoch at least this long makes the one-off work (the configuration
 *                            artifacts, the train dataset input, readying the plotting code) run while training goes
 *                            on; after a shorter one it waits for training to end, so that on a small machine it does
 *                            not compete with a short training for the cores
 *                            ({@code autolog.dl4j.early.logging.min.epoch.ms}, default 10,000)
 * @param idleEndMillis       a training of separate {@code fit} calls (a hand-written loop) ends once the model has
 *                            not trained for this long, and for five times its longest pause between two calls
 *                            ({@code autolog.dl4j.idle.end.ms}, default 10,000; see {@link IdleTrainings})
 */
record Dl4jSettings(int logEveryNIterations, boolean logEvaluation, long evaluationMaxExamples,
                    long earlyLoggingMinEpochMillis, long idleEndMillis) {
    static final String LOG_EVERY_N_ITERATIONS = "autolog.dl4j.log.every.n.iterations";
    static final String LOG_EVALUATION = "autolog.dl4j.log.evaluation";
    static final String EVALUATION_MAX_EXAMPLES = "autolog.dl4j.evaluation.max.examples";
    static final int DEFAULT_LOG_EVERY_N_ITERATIONS = 10;
    static final long DEFAULT_EVALUATION_MAX_EXAMPLES = 10_000;
    static final String EARLY_LOGGING_MIN_EPOCH_MS = "autolog.dl4j.early.logging.min.epoch.ms";
    static final long DEFAULT_EARLY_LOGGING_MIN_EPOCH_MS = 10_000;
    static final String IDLE_END_MS = "autolog.dl4j.idle.end.ms";
    static final long DEFAULT_IDLE_END_MS = 10_000;

    static Dl4jSettings read() {
        long every = MlflowConfig.getLong(LOG_EVERY_N_ITERATIONS, DEFAULT_LOG_EVERY_N_ITERATIONS);
        long max = MlflowConfig.getLong(EVALUATION_MAX_EXAMPLES, DEFAULT_EVALUATION_MAX_EXAMPLES);
        return new Dl4jSettings((int) Math.max(1, Math.min(Integer.MAX_VALUE, every)),
                MlflowConfig.getBoolean(LOG_EVALUATION, true), Math.max(0, max),
                Math.max(0, MlflowConfig.getLong(EARLY_LOGGING_MIN_EPOCH_MS, DEFAULT_EARLY_LOGGING_MIN_EPOCH_MS)),
                Math.max(0, MlflowConfig.getLong(IDLE_END_MS, DEFAULT_IDLE_END_MS)));
    }
}
