package io.jmlflow.integrations.dl4j;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassifierPlots;
import io.jmlflow.internal.autolog.ModelSummaryHtml;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model instance's training inside one MLflow run: what was logged so far, the listener, and what the end of
 * training needs (the last training iterator for the final evaluation). Created by {@link TrainingTracker}.
 */
final class TrainingSession {
    /** Why a session ends. */
    enum End {
        /** {@code fit(iterator, epochs)} or an early-stopping {@code fit()} returned. */
        COMPLETED,
        /** A {@code fit} threw. */
        FAILED,
        /** Another model started training on the same thread. */
        SUPERSEDED,
        /** The user ended the run; noticed at the model's next {@code fit} or at exit. */
        RUN_ENDED,
        /** The JVM is exiting. */
        EXIT
    }

    static final String MODEL_NAME = "model";
    static final String ESTIMATOR_NAME = "estimator_name";
    static final String ESTIMATOR_CLASS = "estimator_class";
    /** The train dataset input's name. */
    static final String TRAIN_DATASET = "train";
    private static final long DESCRIBE_WAIT_MILLIS = 30_000;
    /** Param: how many rows the training metrics were computed on. */
    static final String TRAINING_METRICS_ROWS = "training_metrics_rows";

    final Model model;
    final AutologRun scope;
    final Thread owner = Thread.currentThread();
    private final Dl4jSettings settings;
    private final String metricPrefix;
    private final IterationMetrics metrics;
    private final TrainingSample sample;
    private final AutologListener listener;
    private final Map<String, String> params = new LinkedHashMap<>();
    private boolean batchSizeLogged;
    private boolean epochsLogged;
    private boolean completesWhenCallEnds;
    private boolean earlyStopping;
    private volatile boolean finished;
    /** The train dataset input was handed to the post-training thread when the first epoch ended. */
    private volatile boolean datasetHandedOver;
    private volatile Thread describer;
    /** The model's summary and a copy of its configuration, taken at the first fit, written later (see describe). */
    private volatile String summary;
    private volatile Object configuration;
    /** When the outermost fit that logs this model began (System.nanoTime), 0 before. */
    private volatile long fitStartNanos;
    /** True while a {@code fit} of the model runs (then the exit hook must not read the model). */
    private volatile boolean training;

    private TrainingSession(Model model, AutologRun scope, Dl4jSettings settings, String metricPrefix) {
        this.model = model;
        this.scope = scope;
        this.settings = settings;
        this.metricPrefix = metricPrefix;
        final ActiveRun run = scope.run();
        this.metrics = new IterationMetrics(settings.logEveryNIterations(), metricPrefix.isEmpty()
                ? run::logMetric
                : (key, value, step, ts) -> run.logMetric(metricPrefix + key, value, step, ts));
        boolean rowsNeeded = settings.logEvaluation() || AutologState.options().logDatasets();
        this.sample = new TrainingSample(rowsNeeded
                ? Math.max(TrainingDataset.DIGEST_ROWS, settings.evaluationMaxExamples()) : 0);
        this.listener = new AutologListener(model, metrics, sample);
        sample.whenComplete(this::sampleComplete);
    }

    /**
     * A session logging into {@code scope}'s run. With {@code logParams} the model's params and configuration
     * artifacts are logged now (a model joining another model's run as a guest logs none: params cannot change
     * within a run).
     */
    static TrainingSession open(Model model, AutologRun scope, String metricPrefix, boolean logParams) {
        TrainingSession s = new TrainingSession(model, scope, Dl4jSettings.read(), metricPrefix);
        s.attachListener();
        if (logParams) {
            scope.run().setTag(ESTIMATOR_NAME, model.getClass().getSimpleName());
            scope.run().setTag(ESTIMATOR_CLASS, model.getClass().getName());
            s.logModelDescription();
        }
        return s;
    }

    ActiveRun run() {
        return scope.run();
    }

    boolean isEarlyStopping() {
        return earlyStopping;
    }

    /** True while the model trains (a fit or an early-stopping trainer runs). */
    boolean isTraining() {
        return training || earlyStopping;
    }

    String metricPrefix() {
        return metricPrefix;
    }

    boolean completesWhenCallEnds() {
        return completesWhenCallEnds;
    }

    /** The outermost {@code fit} of the model returned or threw. */
    void fitEnded() {
        if (!earlyStopping) training = false;
    }

    /** An outermost {@code fit(...)} call on the model begins. */
    void fitStarted(Object[] arguments) {
        Object first = arguments.length > 0 ? arguments[0] : null;
        boolean iterator = first instanceof DataSetIterator || first instanceof MultiDataSetIterator;
        Integer epochs = iterator && arguments.length == 2 && arguments[1] instanceof Integer ? (Integer) arguments[1] : null;
        completesWhenCallEnds = epochs != null && !earlyStopping;
        training = true;
        if (fitStartNanos == 0) fitStartNanos = System.nanoTime();
        if (!batchSizeLogged) {
            long size = batchSizeOf(first);
            if (size > 0) {
                logParam("batch_size", String.valueOf(size));
                batchSizeLogged = true;
            }
        }
        if (epochs != null && !epochsLogged && metricPrefix.isEmpty()) {
            logParam("epochs", String.valueOf(epochs));
            epochsLogged = true;
        }
        attachListener();
        metrics.fitStarted(System.nanoTime(), iterator);
    }

    /** An early-stopping trainer drives this model's training from now until {@link #finishEarlyStopping}. */
    void earlyStoppingStarted(Object configuration) {
        earlyStopping = true;
        training = true;
        attachListener();
        metrics.fitStarted(System.nanoTime(), true);
        if (!(configuration instanceof EarlyStoppingConfiguration) || !metricPrefix.isEmpty()) return;
        EarlyStoppingConfiguration<?> c = (EarlyStoppingConfiguration<?>) configuration;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("early_stopping.epoch_conditions", String.valueOf(c.getEpochTerminationConditions()));
        p.put("early_stopping.iteration_conditions", String.valueOf(c.getIterationTerminationConditions()));
        if (c.getScoreCalculator() != null) {
            p.put("early_stopping.score_calculator", c.getScoreCalculator().getClass().getSimpleName());
            p.put("early_stopping.minimize_score", String.valueOf(c.getScoreCalculator().minimizeScore()));
        }
        p.put("early_stopping.evaluate_every_n_epochs", String.valueOf(c.getEvaluateEveryNEpochs()));
        if (c.getModelSaver() != null) p.put("early_stopping.model_saver", c.getModelSaver().getClass().getSimpleName());
        p.forEach(this::logParam);
    }

    /** The early-stopping {@code fit()} returned {@code result} (null when it threw): log it, then end. */
    void finishEarlyStopping(Object result, Throwable thrown) {
        Model bestModel = null;
        if (result instanceof EarlyStoppingResult) {
            EarlyStoppingResult<?> r = (EarlyStoppingResult<?>) result;
            long now = System.currentTimeMillis();
            List<Metric> points = new ArrayList<>();
            if (r.getScoreVsEpoch() != null) {
                r.getScoreVsEpoch().forEach((epoch, score) -> {
                    if (score != null && !score.isNaN() && !score.isInfinite()) {
                        points.add(new Metric(metricPrefix + "early_stopping.score", score, now, epoch));
                    }
                });
            }
            points.add(new Metric(metricPrefix + "early_stopping.best_epoch", r.getBestModelEpoch(), now, 0));
            // The score recorded for the best epoch: DL4J 1.0.0-M2.1's getBestModelScore() can be 0.0 regardless.
            Double best = r.getScoreVsEpoch() == null ? null : r.getScoreVsEpoch().get(r.getBestModelEpoch());
            double bestScore = best != null ? best : r.getBestModelScore();
            if (!Double.isNaN(bestScore) && !Double.isInfinite(bestScore) && Math.abs(bestScore) != Double.MAX_VALUE) {
                points.add(new Metric(metricPrefix + "early_stopping.best_score", bestScore, now, 0));
            }
            points.add(new Metric(metricPrefix + "early_stopping.total_epochs", r.getTotalEpochs(), now, 0));
            List<Param> ps = new ArrayList<>();
            if (metricPrefix.isEmpty()) {
                ps.add(new Param("early_stopping.stop_reason", String.valueOf(r.getTerminationReason())));
                ps.add(new Param("early_stopping.stop_details", String.valueOf(r.getTerminationDetails())));
            }
            writeNow(points, ps);
            bestModel = r.getBestModel();
            if (bestModel != null && bestModel != model) AutologListener.detachFrom(bestModel);
        }
        earlyStopping = false;
        training = false;
        finish(thrown == null ? End.COMPLETED : End.FAILED, thrown, bestModel != null ? bestModel : model);
    }

    /**
     * Ends the session. On the calling (training) thread only what reads the model: the listener comes off, the last
     * loss point, and a copy of the model ({@code clone()}, a few milliseconds: the user may train it again once fit
     * returns). The rest runs after fit returned, on the post-training thread ({@link AutologRun#endAfter}): the train
     * dataset input, the training metrics on the copy (over the {@link TrainingSample}), plots, estimator.html, the
     * logged model, then the end of the run when autologging owns it. At JVM exit all of it runs here.
     */
    void finish(End how, Throwable thrown, Model modelToLog) {
        if (finished) return;
        finished = true;
        if (how == End.EXIT && training) {
            // System.exit() during fit: the network is being updated on another thread, so it is not read here.
            Log.warn("dl4j autologging: the JVM exits while a model is training; run " + scope.run().runId()
                    + " ends without its model and final evaluation");
            modelToLog = null;
        }
        Runnable work = null;
        try {
            AutologListener.detachFrom(model);
            metrics.finish(System.currentTimeMillis());
            boolean logModel = AutologState.options().logModels() && modelToLog != null;
            boolean evaluate = thrown == null && modelToLog != null && settings.logEvaluation()
                    && sample.copiedRows() > 0 && FinalEvaluation.supported(modelToLog);
            Model snapshot = logModel || evaluate ? snapshot(modelToLog) : null;
            LoggedModels.Entry entry = modelToLog == null ? null
                    : LoggedModels.register(modelToLog, scope.run().runId(), metricPrefix);
            Map<String, String> paramsSoFar = new LinkedHashMap<>(params);
            List<Param> late = new ArrayList<>();
            if (!epochsLogged && metricPrefix.isEmpty() && metrics.epochsEnded() > 0) {
                late.add(new Param("epochs", String.valueOf(metrics.epochsEnded())));
                epochsLogged = true;
            }
            String modelClass = modelToLog == null ? null : modelToLog.getClass().getName();
            work = () -> complete(snapshot, logModel && snapshot != null, evaluate && snapshot != null, entry,
                    paramsSoFar, late, modelClass);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-finish", "dl4j autologging could not complete the run " + scope.run().runId()
                    + ": " + t);
        }
        Throwable failure = how == End.FAILED ? thrown : null;
        if (how == End.EXIT) {
            // The exit hooks run concurrently: no post-training thread to hand over to any more.
            try {
                if (work != null) work.run();
            } finally {
                Mlflow.flush();
                scope.end(failure);
                if (scope.owned()) TrainingTracker.forgetRun(scope.run().runId());
            }
        } else {
            Runnable rest = work;
            scope.endAfter(() -> {
                try {
                    if (rest != null) rest.run();
                } finally {
                    Mlflow.flush();
                    if (scope.owned()) TrainingTracker.forgetRun(scope.run().runId());
                }
            }, failure);
        }
    }

    /** A copy of the trained network that later {@code fit} calls do not change (or null when it cannot be made). */
    private static Model snapshot(Model m) {
        try {
            if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).clone();
            if (m instanceof ComputationGraph) return ((ComputationGraph) m).clone();
        } catch (RuntimeException e) {
            Log.warnOnce("dl4j-snapshot", "dl4j autologging could not copy the trained model (no model logged): " + e);
        }
        return null;
    }

    /** Post-training work (see {@link #finish}); never throws. */
    private void complete(Model snapshot, boolean logModel, boolean evaluate, LoggedModels.Entry entry,
                          Map<String, String> paramsSoFar, List<Param> late, String modelClass) {
        try {
            // Two threads from the start, since the JVM exit may be waiting: the train dataset, the evaluation and
            // plots (CPU) on one; the configuration artifacts and the model (DL4J's JSON mapper, whose first use
            // costs about half a second, then serialization and I/O) on this one. Both only read the copy.
            FinalEvaluation.Result[] evaluation = new FinalEvaluation.Result[1];
            boolean dataset = !datasetHandedOver;
            Runnable evaluating = () -> {
                if (dataset) logTrainDataset();
                if (!evaluate) return;
                evaluation[0] = evaluate(snapshot);
                if (evaluation[0] != null) logEvaluation(evaluation[0]);
            };
            Thread evaluator = logModel && (evaluate || dataset)
                    ? startDaemon(evaluating, "mlflow-dl4j-evaluation") : null;
            if (evaluator == null) evaluating.run();
            awaitDescription();
            for (Param p : late) paramsSoFar.put(p.key(), p.value());
            if (!late.isEmpty()) writeBatch(List.of(), late);
            String modelId = logModel ? logModel(snapshot, paramsSoFar, entry) : null;
            if (evaluator != null) evaluator.join();
            Map<String, Double> metricsShown = evaluation[0] == null ? Map.of() : evaluation[0].metrics();
            if (modelId != null && !metricsShown.isEmpty()) {
                long now = System.currentTimeMillis();
                List<Metric> points = new ArrayList<>();
                metricsShown.forEach((k, v) -> points.add(new Metric(metricPrefix + k, v, now, 0)));
                Mlflow.client().logModelMetrics(modelId, scope.run().runId(), points);
            }
            if (metricPrefix.isEmpty() && modelClass != null) {
                ModelSummaryHtml.logTo(scope.run(), modelClass, paramsSoFar, metricsShown);
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException) Thread.currentThread().interrupt();
            Log.warnOnce("dl4j-finish", "dl4j autologging could not complete the run " + scope.run().runId()
                    + ": " + t);
        }
    }

    /** The training metrics (and {@code training_metrics_rows}), DL4J's report, and for classifiers the plots. */
    private void logEvaluation(FinalEvaluation.Result r) {
        long now = System.currentTimeMillis();
        List<Metric> points = new ArrayList<>();
        r.metrics().forEach((k, v) -> points.add(new Metric(metricPrefix + k, v, now, 0)));
        List<Param> rows = metricPrefix.isEmpty()
                ? List.of(new Param(TRAINING_METRICS_ROWS, String.valueOf(r.examples()))) : List.of();
        writeBatch(points, rows);
        logEvaluationArtifacts(r);
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

    /**
     * The first epoch ended (training thread). When it took at least {@link Dl4jSettings#earlyLoggingMinEpochMillis},
     * training is long enough for the one-off work to be done while it goes on, at a negligible share of it: the
     * configuration artifacts are written, the train dataset input is computed and logged on the post-training thread,
     * and the plotting code is readied there (its first use loads Java2D and ImageIO). After a shorter epoch all of it
     * waits for training to end: on a small machine it would compete with training for the cores.
     */
    private void sampleComplete() {
        long start = fitStartNanos;
        if (start == 0 || System.nanoTime() - start < settings.earlyLoggingMinEpochMillis() * 1_000_000L) return;
        describe();
        datasetHandedOver = true;
        boolean classifier = "classification".equals(FinalEvaluation.kind(ModelDescription.outputLoss(model)));
        PostTrainingWork.submit(scope.run().runId(), "dl4j train dataset", () -> {
            logTrainDataset();
            if (classifier && AutologState.options().logPlots() && settings.logEvaluation()) {
                ClassifierPlots.draw(new int[] {0, 1}, new int[] {0, 1}, new double[][] {{0.8, 0.2}, {0.3, 0.7}}, null);
            }
        });
    }

    /** The train dataset input (first rows seen; see {@link TrainingSample}). */
    private void logTrainDataset() {
        if (!AutologState.options().logDatasets()) return;
        try {
            TrainingDataset dataset = sample.dataset(TRAIN_DATASET);
            if (dataset != null) dataset.logTo(scope.run(), "train");
        } catch (Throwable t) {
            Log.warnOnce("dl4j-dataset", "dl4j autologging could not log the training data as a dataset input: " + t);
        }
    }

    /** The final evaluation on the model's copy (null when there was none). */
    private FinalEvaluation.Result evaluate(Model snapshot) {
        try {
            return FinalEvaluation.evaluate(snapshot, sample, settings.evaluationMaxExamples());
        } catch (Throwable t) {
            Log.warnOnce("dl4j-evaluation", "dl4j autologging could not evaluate the model on its training data"
                    + " (the run goes on without training_* metrics): " + t);
            return null;
        }
    }

    /** DL4J's report as {@code training_evaluation.txt}; for classifiers the plots. */
    private void logEvaluationArtifacts(FinalEvaluation.Result r) {
        String files = metricPrefix.replace('.', '_');
        try {
            if (r.report() != null) writeArtifact(files + "training_evaluation.txt", r.report());
        } catch (Throwable t) {
            Log.warnOnce("dl4j-evaluation-report", "dl4j autologging could not log the evaluation report: " + t);
        }
        if (r.classification()) {
            String[] classes = new String[r.classes()];
            for (int i = 0; i < classes.length; i++) classes[i] = String.valueOf(i);
            ClassifierPlots.logTo(scope.run(), files + FinalEvaluation.PREFIX, r.truth(), r.predicted(),
                    r.probabilities(), classes);
        }
    }

    /** Logs the model copy (its params are the run's); returns its id when it is READY, else null. */
    private String logModel(Model m, Map<String, String> modelParams, LoggedModels.Entry entry) {
        String runId = scope.run().runId();
        try {
            String name = metricPrefix.isEmpty() ? MODEL_NAME : metricPrefix.substring(0, metricPrefix.length() - 1);
            LoggedModel logged = scope.run().logModel(m, name, modelParams);
            if (logged != null && logged.status() == LoggedModelStatus.READY) {
                if (entry != null) entry.modelId = logged.modelId();
                return logged.modelId();
            }
        } catch (Throwable t) {
            Log.warn("dl4j autologging could not log the model of run " + runId + ": " + t);
        }
        return null;
    }

    private void attachListener() {
        Collection<TrainingListener> current = AutologListener.listenersOf(model);
        if (current != null) {
            for (TrainingListener l : current) if (l == listener) return;
        }
        model.addListeners(listener);
    }

    /**
     * The params now; the summary and a copy of the configuration are taken now too, but written as artifacts by
     * {@link #describe} (DL4J's JSON mapper takes about half a second of CPU to set up the first time).
     */
    private void logModelDescription() {
        try {
            ModelDescription.params(model).forEach(this::logParam);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-params", "dl4j autologging could not read the model's configuration: " + t);
        }
        try {
            summary = ModelDescription.summary(model);
            configuration = ModelDescription.configurationCopy(model);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
        }
    }

    /** Writes the configuration artifacts on a daemon thread of their own, once; {@link #awaitDescription} joins it. */
    private synchronized void describe() {
        if (describer != null || (configuration == null && summary == null)) return;
        Object c = configuration;
        String s = summary;
        Thread t = new Thread(() -> writeDescription(c, s), "mlflow-dl4j-describe");
        t.setDaemon(true);
        describer = t;
        try {
            t.start();
        } catch (Throwable e) {
            writeDescription(c, s);
        }
    }

    private void writeDescription(Object configuration, String summary) {
        try {
            String json = ModelDescription.configurationJson(configuration);
            if (json != null) writeArtifact("model_config.json", json);
            if (summary != null) writeArtifact("model_summary.txt", summary);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
        }
    }

    /** Waits (bounded) for the configuration artifacts: they belong to the run, and the model is saved after them. */
    private void awaitDescription() {
        describe();
        Thread t = describer;
        if (t == null) return;
        try {
            t.join(DESCRIBE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void logParam(String key, String value) {
        params.put(key, value);
        scope.run().logParam(key, value);
    }

    /** Writes now, not through the asynchronous writer: used at the end, which may be during JVM exit. */
    private void writeNow(List<Metric> points, List<Param> ps) {
        for (Param p : ps) params.put(p.key(), p.value());
        writeBatch(points, ps);
    }

    private void writeBatch(List<Metric> points, List<Param> ps) {
        try {
            Mlflow.client().logBatch(scope.run().runId(), points, ps, List.of());
        } catch (RuntimeException e) {
            Log.warn("dl4j autologging could not write the final metrics of run " + scope.run().runId() + ": "
                    + e.getMessage());
        }
    }

    private void writeArtifact(String fileName, String text) throws IOException {
        Path dir = Files.createTempDirectory("mlflow-dl4j");
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Mlflow.client().logArtifact(scope.run().runId(), file, null);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static long batchSizeOf(Object data) {
        try {
            if (data instanceof DataSetIterator) return ((DataSetIterator) data).batch();
            if (data instanceof DataSet) return ((DataSet) data).numExamples();
            if (data instanceof MultiDataSet) return ((MultiDataSet) data).getFeatures(0).size(0);
            if (data instanceof INDArray) return ((INDArray) data).size(0);
            if (data instanceof INDArray[] && ((INDArray[]) data).length > 0) return ((INDArray[]) data)[0].size(0);
        } catch (RuntimeException e) {
            // some iterators do not know their batch size
        }
        return -1;
    }

    static boolean isNetwork(Object o) {
        return o instanceof MultiLayerNetwork || o instanceof ComputationGraph;
    }
}
