package io.jmlflow.integrations.dl4j;

import io.jmlflow.Mlflow;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassificationMetrics;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.internal.Log;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.evaluation.regression.RegressionEvaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluations user code runs on a model autologging logged ({@code evaluate}, {@code evaluateROC},
 * {@code evaluateROCMultiClass}, {@code evaluateRegression}, {@code doEvaluation} of {@code MultiLayerNetwork} and
 * {@code ComputationGraph}): their results go to the model's run and onto its logged model, under
 * {@link EvalMetricNames#prefix} (the first dataset evaluated in the run {@code eval_accuracy_score}, others
 * {@code eval_2_accuracy_score}, ...; the dataset is known by the digest of its first rows), with MLflow's names:
 * {@code Evaluation} gives {@code accuracy_score}, {@code precision_score}, {@code recall_score}, {@code f1_score}
 * (weighted, from its confusion matrix) and {@code score}; {@code ROC} / {@code ROCMultiClass} give
 * {@code roc_auc} (multiclass: weighted by each class's positives); {@code RegressionEvaluation} gives
 * {@code mean_squared_error}, {@code root_mean_squared_error}, {@code mean_absolute_error}, {@code r2_score} and
 * {@code score} (averages over the outputs). The data evaluated is an {@code eval} dataset input of the run, which
 * the metrics name as their dataset. Step: 0, or for a model whose training is still open (a loop of {@code fit}
 * calls) the epochs trained so far. Not logged: evaluations made while the model trains (listeners, early-stopping
 * score calculators) and evaluations of models autologging did not log. The metrics are logged on the post-training
 * thread, after the model itself. Evaluations the user runs by hand are {@link ManualEvaluations}.
 */
final class PostTrainingEvaluation {
    static final String EVAL_DATASET = "eval";
    /** A confusion matrix over more examples than this is not expanded for the weighted averages. */
    private static final long MAX_EXPANDED = 50_000_000L;

    /** What the entry advice hands to the exit advice (and what a manual evaluation keeps). */
    static final class Call {
        final String runId;
        final String metricPrefix;
        final TrainedModels.Entry entry;
        /** The step of the metrics: the epochs trained so far when the model's training is still open, else 0. */
        final long step;
        final Dl4jTrainingData sample = new Dl4jTrainingData(TrainingDataset.DIGEST_ROWS);
        /** What tells the data apart when none of it was copied (the user's iterator or evaluation object). */
        Object key;
        Object tap;
        /** Where the metrics wait for the model of a training still open; null when the model is logged already. */
        HeldModelMetrics held;

        Call(String runId, String metricPrefix, TrainedModels.Entry entry, long step) {
            this.runId = runId;
            this.metricPrefix = metricPrefix;
            this.entry = entry;
            this.step = step;
        }
    }

    private PostTrainingEvaluation() {
    }

    /**
     * Where an evaluation of {@code model} goes: its open training's run (when it is not training now: evaluations
     * inside training, from listeners or early stopping, are not logged) or the run of its logged model; null for
     * models autologging did not log, or when post-training metrics are off.
     */
    static Call callFor(Object model) {
        if (!AutologState.options().logPostTrainingMetrics()) return null;
        Dl4jTraining open = Dl4jRun.find(model);
        if (open != null) {
            if (open.isTraining()) return null;
            Call call = new Call(open.run().runId(), open.metricPrefix(), null, open.epochsTrained());
            call.held = open.heldModelMetrics();
            return call;
        }
        TrainedModels.Entry e = TrainedModels.find(model);
        return e == null ? null : new Call(e.runId(), e.metricPrefix(), e, 0);
    }

    /** An outermost {@code doEvaluation} begins: a call to follow when {@code model} is a logged one, else null. */
    static Call started(Object model, Object iterator) {
        Call call = callFor(model);
        if (call == null) return null;
        call.key = iterator;
        call.tap = EvaluationTap.wrap(iterator, call.sample);
        return call;
    }

    /** The evaluation returned {@code result} (an array of {@code IEvaluation}): hand its metrics over. */
    static void ended(Call call, Object result) {
        if (!(result instanceof IEvaluation[])) return;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (IEvaluation<?> e : (IEvaluation<?>[]) result) metrics.putAll(metricsOrNone(e));
        submit(call, metrics);
    }

    /** The metrics of {@code e}, or none (warned once) when they cannot be read. */
    static Map<String, Double> metricsOrNone(IEvaluation<?> e) {
        try {
            return e == null ? Map.of() : metricsOf(e);
        } catch (RuntimeException ex) {
            Log.warnOnce("dl4j-eval-metrics:" + e.getClass().getName(), "dl4j autologging could not read the"
                    + " metrics of a " + e.getClass().getSimpleName() + " (not logged): " + ex);
            return Map.of();
        }
    }

    /** Logs {@code metrics} (finite ones) of {@code call} on the post-training thread, after the model's logging. */
    static void submit(Call call, Map<String, Double> metrics) {
        Map<String, Double> finite = finite(metrics);
        if (!finite.isEmpty()) PostTrainingWork.submit(call.runId, "dl4j eval metrics", () -> write(call, finite));
    }

    /** As {@link #submit}, on this thread (at JVM exit). */
    static void log(Call call, Map<String, Double> metrics) {
        Map<String, Double> finite = finite(metrics);
        if (!finite.isEmpty()) write(call, finite);
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> finite = new LinkedHashMap<>(metrics);
        finite.values().removeIf(v -> v == null || v.isNaN() || v.isInfinite());
        return finite;
    }

    /**
     * The metrics under the dataset's prefix, once, onto the logged model when there is one and carrying the
     * dataset evaluated ({@link ModelMetrics}); the dataset as an {@code eval} input of the run.
     */
    private static void write(Call call, Map<String, Double> metrics) {
        TrainingDataset dataset;
        synchronized (call.sample) { // DL4J may have read the data on a prefetch thread
            dataset = call.sample.copiedRows() > 0 ? call.sample.describe(EVAL_DATASET) : null;
        }
        Object key = dataset != null ? "dl4j-eval:" + dataset.digest() + ":" + dataset.rows() : call.key;
        String prefix = EvalMetricNames.prefix(call.runId, key, null);
        Map<String, Double> named = new LinkedHashMap<>();
        metrics.forEach((k, v) -> named.put(call.metricPrefix + prefix + k, v));
        if (dataset != null && AutologState.options().logDatasets()) {
            try {
                Mlflow.client().logInputs(call.runId, List.of(new DatasetInput(dataset.toEntity(),
                        Map.of("mlflow.data.context", "eval"))));
            } catch (RuntimeException e) {
                Log.warn("dl4j autologging could not log the evaluation data as an input of run " + call.runId + ": "
                        + e.getMessage());
            }
        }
        if (call.held != null) call.held.log(call.runId, named, call.step, dataset);
        else ModelMetrics.log(call.runId, call.entry == null ? null : call.entry.modelId(), named, call.step, dataset);
    }

    /** MLflow-named metrics of one DL4J evaluation (unprefixed). */
    static Map<String, Double> metricsOf(IEvaluation<?> e) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (e instanceof Evaluation) {
            Evaluation ev = (Evaluation) e;
            ConfusionMatrix<Integer> cm = ev.getConfusion();
            if (cm == null) return out;
            List<Integer> classes = cm.getClasses();
            int k = 0;
            long n = 0;
            for (Integer c : classes) k = Math.max(k, c + 1);
            for (Integer t : classes) for (Integer p : classes) n += cm.getCount(t, p);
            if (n == 0 || n > MAX_EXPANDED) return out;
            int[] truth = new int[(int) n];
            int[] predicted = new int[(int) n];
            int i = 0;
            for (Integer t : classes) {
                for (Integer p : classes) {
                    for (int c = cm.getCount(t, p); c > 0; c--, i++) {
                        truth[i] = t;
                        predicted[i] = p;
                    }
                }
            }
            out.putAll(ClassificationMetrics.compute(truth, predicted, null, k));
        } else if (e instanceof ROC) {
            out.put("roc_auc", ((ROC) e).calculateAUC());
        } else if (e instanceof ROCMultiClass) {
            ROCMultiClass roc = (ROCMultiClass) e;
            double sum = 0;
            long weight = 0;
            for (int c = 0; c < roc.getNumClasses(); c++) {
                long positives = roc.getCountActualPositive(c);
                if (positives == 0) continue;
                sum += positives * roc.calculateAUC(c);
                weight += positives;
            }
            if (weight > 0) out.put("roc_auc", sum / weight);
        } else if (e instanceof RegressionEvaluation) {
            RegressionEvaluation r = (RegressionEvaluation) e;
            out.put("mean_squared_error", r.averageMeanSquaredError());
            out.put("root_mean_squared_error", r.averagerootMeanSquaredError());
            out.put("mean_absolute_error", r.averageMeanAbsoluteError());
            out.put("r2_score", r.averageRSquared());
            out.put("score", r.averageRSquared());
        }
        return out;
    }
}
