package io.jmlflow.integrations.dl4j;

import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassifierPlots;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.ModelSummaryHtml;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.internal.models.SignatureHint;
import io.jmlflow.models.ModelSignature;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model's run gets once its training ended, on the post-training thread (or at JVM exit), from a copy of the
 * trained model: the train dataset input (unless it went out when the first epoch ended), the training metrics of the
 * copy on the rows it trained on ({@link FinalEvaluation}) with DL4J's report and, for classifiers, the plots; the
 * configuration artifacts as they are at the end, then the model itself (its signature the train dataset's columns)
 * with those metrics logged once onto it and the train dataset ({@link ModelMetrics}), and {@code estimator.html}.
 * Never throws.
 */
final class Dl4jTrainingReport implements Runnable {
    static final String MODEL_NAME = "model";
    /** The train dataset input's name. */
    static final String TRAIN_DATASET = "train";
    /** Param: how many rows the training metrics were computed on. */
    static final String TRAINING_METRICS_ROWS = "training_metrics_rows";

    /** What the report is about: the run, the model's copy and what the training thread decided. */
    record Subject(AutologRun scope, String metricPrefix, Dl4jSettings settings, Dl4jTrainingData sample,
                   ModelArtifacts artifacts, Model snapshot, String modelClass, TrainedModels.Entry entry,
                   Object finalConfiguration, DataType dataType, HeldModelMetrics heldMetrics) {
    }

    private final Subject s;
    private final boolean logModel;
    private final boolean evaluate;
    private final boolean dataset;
    private final Map<String, String> params;
    private final List<Param> lateParams;

    Dl4jTrainingReport(Subject subject, boolean logModel, boolean evaluate, boolean dataset, Map<String, String> params,
                       List<Param> lateParams) {
        this.s = subject;
        this.logModel = logModel && subject.snapshot() != null;
        this.evaluate = evaluate && subject.snapshot() != null;
        this.dataset = dataset;
        this.params = params;
        this.lateParams = lateParams;
    }

    private String runId() {
        return s.scope().run().runId();
    }

    @Override
    public void run() {
        try {
            // Two threads from the start, since the JVM exit may be waiting: the train dataset, the evaluation and
            // plots (CPU) on one; the configuration artifacts and the model (DL4J's JSON mapper, whose first use
            // costs about half a second, then serialization and I/O) on this one. Both only read the copy.
            FinalEvaluation.Result[] evaluation = new FinalEvaluation.Result[1];
            Runnable evaluating = () -> {
                if (dataset) logTrainDataset(s.scope(), s.sample());
                if (!evaluate) return;
                evaluation[0] = evaluate();
                if (evaluation[0] != null) logEvaluation(evaluation[0]);
            };
            Thread evaluator = logModel && (evaluate || dataset)
                    ? startDaemon(evaluating, "mlflow-dl4j-evaluation") : null;
            if (evaluator == null) evaluating.run();
            if (s.artifacts() != null) s.artifacts().finish(s.finalConfiguration());
            for (Param p : lateParams) params.put(p.key(), p.value());
            if (!lateParams.isEmpty()) Dl4jRunWriter.batch(runId(), List.of(), lateParams);
            String modelId = logModel ? logModel() : null;
            s.heldMetrics().release(modelId);
            if (evaluator != null) evaluator.join();
            Map<String, Double> metricsShown = evaluation[0] == null ? Map.of() : evaluation[0].metrics();
            // once, onto the model when there is one, on the rows the model trained on
            ModelMetrics.log(s.scope().run(), modelId, prefixed(metricsShown), 0, s.sample().described());
            if (s.metricPrefix().isEmpty() && s.modelClass() != null) {
                ModelSummaryHtml.logTo(s.scope().run(), s.modelClass(), params, metricsShown);
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException) Thread.currentThread().interrupt();
            Log.warnOnce("dl4j-finish", "dl4j autologging could not complete the run " + runId() + ": " + t);
        }
    }

    /** The train dataset input (first rows seen; see {@link Dl4jTrainingData}). */
    static void logTrainDataset(AutologRun scope, Dl4jTrainingData sample) {
        if (!AutologState.options().logDatasets()) return;
        try {
            TrainingDataset dataset = sample.describe(TRAIN_DATASET);
            if (dataset != null) dataset.logTo(scope.run(), "train");
        } catch (Throwable t) {
            Log.warnOnce("dl4j-dataset", "dl4j autologging could not log the training data as a dataset input: " + t);
        }
    }

    private Map<String, Double> prefixed(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) out.put(s.metricPrefix() + e.getKey(), e.getValue());
        return out;
    }

    /**
     * {@code training_metrics_rows}, DL4J's report, and for classifiers the plots (the training metrics themselves
     * go to the logged model, once it exists).
     */
    private void logEvaluation(FinalEvaluation.Result r) {
        if (s.metricPrefix().isEmpty()) {
            Dl4jRunWriter.batch(runId(), List.of(), List.of(new Param(TRAINING_METRICS_ROWS, String.valueOf(r.examples()))));
        }
        String files = s.metricPrefix().replace('.', '_');
        try {
            if (r.report() != null) Dl4jRunWriter.artifact(runId(), files + "training_evaluation.txt", r.report());
        } catch (Throwable t) {
            Log.warnOnce("dl4j-evaluation-report", "dl4j autologging could not log the evaluation report: " + t);
        }
        if (r.classification()) {
            String[] classes = new String[r.classes()];
            for (int i = 0; i < classes.length; i++) classes[i] = String.valueOf(i);
            ClassifierPlots.logTo(s.scope().run(), files + FinalEvaluation.PREFIX, r.truth(), r.predicted(),
                    r.probabilities(), classes);
        }
    }

    /** The final evaluation on the model's copy (null when there was none). */
    private FinalEvaluation.Result evaluate() {
        try {
            return FinalEvaluation.evaluate(s.snapshot(), s.sample(), s.settings().evaluationMaxExamples());
        } catch (Throwable t) {
            Log.warnOnce("dl4j-evaluation", "dl4j autologging could not evaluate the model on its training data"
                    + " (the run goes on without training_* metrics): " + t);
            return null;
        }
    }

    /** Logs the model copy (its params are the run's); returns its id when it is READY, else null. */
    private String logModel() {
        try {
            String prefix = s.metricPrefix();
            String name = prefix.isEmpty() ? MODEL_NAME : prefix.substring(0, prefix.length() - 1);
            // the signature of the rows the model trained on (the train dataset's columns), else the flavor's
            ModelSignature signature = s.sample().signature(s.dataType());
            LoggedModel logged = signature == null ? s.scope().run().logModel(s.snapshot(), name, params)
                    : SignatureHint.with(s.snapshot(), signature, () -> s.scope().run().logModel(s.snapshot(), name, params));
            if (logged != null && logged.status() == LoggedModelStatus.READY) {
                if (s.entry() != null) s.entry().modelLogged(logged.modelId());
                return logged.modelId();
            }
        } catch (Throwable t) {
            Log.warn("dl4j autologging could not log the model of run " + runId() + ": " + t);
        }
        return null;
    }

    /** A started daemon thread running {@code r}, or null when none could be started. */
    private static Thread startDaemon(Runnable r, String name) {
        try {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
            return t;
        } catch (Throwable e) {
            return null;
        }
    }
}
