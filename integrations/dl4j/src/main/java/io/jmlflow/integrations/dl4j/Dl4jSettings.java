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
 */
record Dl4jSettings(int logEveryNIterations, boolean logEvaluation, long evaluationMaxExamples) {
    static final String LOG_EVERY_N_ITERATIONS = "autolog.dl4j.log.every.n.iterations";
    static final String LOG_EVALUATION = "autolog.dl4j.log.evaluation";
    static final String EVALUATION_MAX_EXAMPLES = "autolog.dl4j.evaluation.max.examples";
    static final int DEFAULT_LOG_EVERY_N_ITERATIONS = 10;
    static final long DEFAULT_EVALUATION_MAX_EXAMPLES = 10_000;

    static Dl4jSettings read() {
        long every = MlflowConfig.getLong(LOG_EVERY_N_ITERATIONS, DEFAULT_LOG_EVERY_N_ITERATIONS);
        long max = MlflowConfig.getLong(EVALUATION_MAX_EXAMPLES, DEFAULT_EVALUATION_MAX_EXAMPLES);
        return new Dl4jSettings((int) Math.max(1, Math.min(Integer.MAX_VALUE, every)),
                MlflowConfig.getBoolean(LOG_EVALUATION, true), Math.max(0, max));
    }
}
