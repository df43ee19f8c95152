package io.jmlflow.integrations.smile;

import io.jmlflow.internal.models.SignatureHint;
import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassifierPlots;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.ModelSummaryHtml;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.internal.Log;
import io.jmlflow.models.ModelSignature;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What is logged about a trained model after its {@code fit} returned (Smile models do not change after training;
 * the training rows it reads are a copy or an unchangeable data frame): {@code fit_time_ms}; a forest's out-of-bag
 * metrics ({@code oob_*}, Smile's names: the forest's, computed by Smile while it trained); MLflow's
 * {@code training_*} metrics over the training rows ({@link SmileMetrics#trainingRows}, {@link Scoring}); a
 * clustering's distortion; the {@code train} dataset input; for classifiers the {@code training_} confusion matrix,
 * ROC and precision-recall plots; {@code estimator.html}; and the model, with the metrics linked to it and to the
 * train dataset ({@link ModelMetrics}). No per-tree history of a random forest: Smile keeps each tree's own
 * out-of-bag score only, which is no learning curve of the forest.
 */
final class SmileTrainingReport implements Runnable {
    private final ActiveRun run;
    private final Object model;
    private final Map<String, String> params;
    private final double fitMillis;
    /** Metric keys the training progress already logged as history. */
    private final Set<String> progressKeys;
    private SmileTrainingData data;
    private int[] sample = new int[0];
    private TrainingDataset dataset;
    private Object frame;
    private boolean extras;
    private boolean logModel;
    private ModelSignature signature;
    private boolean frameSignature;
    private TrainedModels.Entry logged;
    /** The train dataset as described (and logged) by {@link #measure}, for the metrics' dataset. */
    private TrainingDataset described;

    SmileTrainingReport(ActiveRun run, Object model, Map<String, String> params, double fitMillis,
                        Set<String> progressKeys) {
        this.run = run;
        this.model = model;
        this.params = params;
        this.fitMillis = fitMillis;
        this.progressKeys = progressKeys;
    }

    /** Training metrics over these rows of {@code data}. */
    SmileTrainingReport scoring(SmileTrainingData data, int[] sample) {
        this.data = data;
        this.sample = sample;
        return this;
    }

    /** The train dataset input: described already, or a data frame to describe now (either may be null). */
    SmileTrainingReport dataset(TrainingDataset described, Object frame) {
        this.dataset = described;
        this.frame = frame;
        return this;
    }

    /** Plots and {@code estimator.html} (not for the fits inside a validation). */
    SmileTrainingReport extras(boolean extras) {
        this.extras = extras;
        return this;
    }

    SmileTrainingReport model(boolean logModel, ModelSignature signature, boolean frameSignature,
                              TrainedModels.Entry logged) {
        this.logModel = logModel;
        this.signature = signature;
        this.frameSignature = frameSignature;
        this.logged = logged;
        return this;
    }

    @Override
    public void run() {
        try {
            report();
        } catch (Throwable t) {
            Log.warnOnce("smile-report:" + model.getClass().getName(), "smile autologging could not log the training"
                    + " of " + model.getClass().getName() + ": " + t);
        }
    }

    /**
     * The model is saved on this thread while another ({@link PostTrainingWork#helper}) scores the training sample, draws the plots
     * and describes the dataset: with nothing else running, the two take the time of the longer one.
     */
    private void report() {
        CompletableFuture<Map<String, Double>> measured = logModel
                ? CompletableFuture.supplyAsync(this::measure, PostTrainingWork.helper()) : CompletableFuture.completedFuture(measure());
        LoggedModel saved = logModel ? save() : null;
        Map<String, Double> metrics;
        try {
            metrics = measured.join();
        } catch (RuntimeException e) {
            metrics = new LinkedHashMap<>(Map.of("fit_time_ms", fitMillis));
        }
        if (extras) ModelSummaryHtml.logTo(run, model.getClass().getName(), params, metrics);
        ModelMetrics.log(run, saved == null ? null : saved.modelId(), metrics, 0, described);
    }

    /** The metrics, history, dataset input and plots; never throws (what it could not do is warned about). */
    private Map<String, Double> measure() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("fit_time_ms", fitMillis);
        try {
            Object outOfBag = SmileMetrics.outOfBag(model);
            if (outOfBag != null) metrics.putAll(SmileMetrics.read(outOfBag, "oob_"));
            Scoring scoring = null;
            if (data != null && sample.length > 0) {
                try {
                    scoring = Scoring.predict(model, data, sample);
                    if (scoring != null) metrics.putAll(scoring.metrics("training_"));
                } catch (Exception | LinkageError e) {
                    Log.warnOnce("smile-training-metrics:" + model.getClass().getName(), "smile autologging could not "
                            + "compute training metrics for " + model.getClass().getName() + ": " + e);
                }
            }
            SmileMetrics.clustering(model).forEach((k, v) -> {
                if (!progressKeys.contains(k)) metrics.put(k, v);
            });
            logDataset();
            if (extras && scoring != null && scoring.classifier && AutologState.options().logPlots()) {
                ClassifierPlots.logTo(run, "training_", scoring.truth, scoring.predicted, scoring.probabilities,
                        scoring.labels);
            }
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("smile-report:" + model.getClass().getName(), "smile autologging could not log all of the"
                    + " training of " + model.getClass().getName() + ": " + e);
        }
        return metrics;
    }

    private void logDataset() {
        TrainingDataset d = dataset;
        if (d == null && frame != null) {
            try {
                d = SmileDatasets.ofFrame(frame, SmileDatasets.nameOf(frame, SmileDatasets.TRAIN_NAME));
            } catch (Exception | LinkageError e) {
                Log.warnOnce("smile-dataset", "smile autologging could not describe the training data: " + e);
            }
        }
        if (d != null) d.logTo(run, "train");
        described = d;
    }

    /** Logs the model with its params; null when it could not be logged (warned). */
    private LoggedModel save() {
        ModelSignature s = frameSignature ? SmileSignatures.ofFrameModel(model) : signature;
        try {
            LoggedModel m = SignatureHint.with(model, s,
                    () -> run.logModel(model, "model", params));
            if (m != null && logged != null) logged.modelLogged(m.modelId());
            return m;
        } catch (RuntimeException e) {
            Log.warn("could not log model 'model' of run " + run.runId() + ": " + e.getMessage());
            return null;
        }
    }
}
