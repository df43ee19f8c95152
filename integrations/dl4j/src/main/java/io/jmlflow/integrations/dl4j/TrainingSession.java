package io.jmlflow.integrations.dl4j;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.autolog.AutologRun;
import io.jmlflow.autolog.AutologState;
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
    private static final long DESCRIBE_WAIT_MILLIS = 30_000;

    final Model model;
    final AutologRun scope;
    final Thread owner = Thread.currentThread();
    private final Dl4jSettings settings;
    private final String metricPrefix;
    private final IterationMetrics metrics;
    private final AutologListener listener;
    private final Map<String, String> params = new LinkedHashMap<>();
    private Object lastIterator;
    private boolean batchSizeLogged;
    private boolean epochsLogged;
    private boolean completesWhenCallEnds;
    private boolean earlyStopping;
    private volatile boolean finished;
    private volatile Thread describer;
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
        this.listener = new AutologListener(model, metrics);
    }

    /**
     * A session logging into {@code scope}'s run. With {@code logParams} the model's params and configuration
     * artifacts are logged now (a model joining another model's run as a guest logs none: params cannot change
     * within a run).
     */
    static TrainingSession open(Model model, AutologRun scope, String metricPrefix, boolean logParams) {
        TrainingSession s = new TrainingSession(model, scope, Dl4jSettings.read(), metricPrefix);
        s.attachListener();
        if (logParams) s.logModelDescription();
        return s;
    }

    ActiveRun run() {
        return scope.run();
    }

    boolean isEarlyStopping() {
        return earlyStopping;
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
        if (iterator) lastIterator = first;
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
     * Ends the session: the listener comes off the model, the last loss point, the final evaluation (when training
     * did not fail and the last training iterator can be reset), the model, then the run when autologging owns it.
     */
    void finish(End how, Throwable thrown, Model modelToLog) {
        if (finished) return;
        finished = true;
        if (how == End.EXIT && training) {
            // System.exit() during fit: the network is being updated on another thread, so it is not read here.
            Log.warn("dl4j autologging: the JVM exits while a model is training; run " + scope.run().runId()
                    + " ends without its model and final evaluation");
            modelToLog = null;
            lastIterator = null;
        }
        try {
            awaitDescription();
            AutologListener.detachFrom(model);
            metrics.finish(System.currentTimeMillis());
            if (!epochsLogged && metricPrefix.isEmpty() && metrics.epochsEnded() > 0 && !earlyStopping) {
                logParam("epochs", String.valueOf(metrics.epochsEnded()));
                epochsLogged = true;
            }
            List<Metric> evaluation = thrown == null && settings.logEvaluation() && lastIterator != null
                    ? evaluate() : List.of();
            if (AutologState.options().logModels() && modelToLog != null) logModel(modelToLog, evaluation);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-finish", "dl4j autologging could not complete the run " + scope.run().runId()
                    + ": " + t);
        } finally {
            Mlflow.flush();
            scope.end(how == End.FAILED ? thrown : null); // ends the run only when autologging started it
            if (scope.owned()) TrainingTracker.forgetRun(scope.run().runId());
        }
    }

    /** The final evaluation, logged to the run; returns its points (empty when there was none). */
    private List<Metric> evaluate() {
        try {
            FinalEvaluation.Result r = FinalEvaluation.evaluate(model, lastIterator, settings.evaluationMaxExamples());
            if (r == null) return List.of();
            long now = System.currentTimeMillis();
            List<Metric> points = new ArrayList<>();
            r.metrics().forEach((k, v) -> points.add(new Metric(metricPrefix + k, v, now, 0)));
            writeNow(points, List.of());
            writeArtifact(metricPrefix.replace('.', '_') + "training_evaluation.txt", r.report());
            return points;
        } catch (Throwable t) {
            Log.warnOnce("dl4j-evaluation", "dl4j autologging could not evaluate the model on its training data"
                    + " (the run goes on without training_* metrics): " + t);
            return List.of();
        }
    }

    /** Logs the model (its params are the run's), with the final evaluation linked to it as model metrics. */
    private void logModel(Model m, List<Metric> evaluation) {
        String runId = scope.run().runId();
        try {
            String name = metricPrefix.isEmpty() ? MODEL_NAME : metricPrefix.substring(0, metricPrefix.length() - 1);
            LoggedModel logged = Mlflow.client().logModel(runId, m, name, new LinkedHashMap<>(params));
            if (logged != null && logged.status() == LoggedModelStatus.READY && !evaluation.isEmpty()) {
                Mlflow.client().logModelMetrics(logged.modelId(), runId, evaluation);
            }
        } catch (Throwable t) {
            Log.warn("dl4j autologging could not log the model of run " + runId + ": " + t);
        }
    }

    private void attachListener() {
        Collection<TrainingListener> current = AutologListener.listenersOf(model);
        if (current != null) {
            for (TrainingListener l : current) if (l == listener) return;
        }
        model.addListeners(listener);
    }

    private void logModelDescription() {
        try {
            ModelDescription.params(model).forEach(this::logParam);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-params", "dl4j autologging could not read the model's configuration: " + t);
        }
        try {
            String summary = ModelDescription.summary(model);
            Object configuration = ModelDescription.configurationCopy(model);
            // DL4J's JSON mapper takes about half a second to set up the first time: not on the training thread.
            Thread t = new Thread(() -> writeDescription(configuration, summary), "mlflow-dl4j-describe");
            t.setDaemon(true);
            describer = t;
            t.start();
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
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
