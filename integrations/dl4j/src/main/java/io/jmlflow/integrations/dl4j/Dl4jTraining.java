package io.jmlflow.integrations.dl4j;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model instance's training inside one MLflow run (created by {@link Dl4jRun}): the params logged so far, the
 * listener with its iteration metrics and copied rows, and the end of the training, whose logging goes to a
 * {@link Dl4jTrainingReport} on the post-training thread. Early stopping adds {@link EarlyStoppingLog}'s params and
 * results; the configuration artifacts are {@link ModelArtifacts}.
 */
final class Dl4jTraining {
    /** Why a training ends. */
    enum End {
        /** {@code fit(iterator, epochs)} or an early-stopping {@code fit()} returned. */
        COMPLETED,
        /** A {@code fit} threw. */
        FAILED,
        /** Another model started training on the same thread. */
        SUPERSEDED,
        /** The user ended the run; noticed at the model's next {@code fit} or at exit. */
        RUN_ENDED,
        /** A training of separate {@code fit} calls (a loop) has not trained for a while ({@link IdleTrainings}). */
        IDLE,
        /** The JVM is exiting. */
        EXIT
    }

    static final String ESTIMATOR_NAME = "estimator_name";
    static final String ESTIMATOR_CLASS = "estimator_class";

    final Model model;
    final AutologRun scope;
    final Thread owner = Thread.currentThread();
    private final Dl4jSettings settings;
    private final String metricPrefix;
    private final IterationMetrics metrics;
    private final Dl4jTrainingData sample;
    private final AutologListener listener;
    private final Map<String, String> params = new LinkedHashMap<>();
    private volatile boolean batchSizeLogged;
    private boolean epochsLogged;
    private volatile boolean completesWhenCallEnds;
    /** The epochs of a hand-written loop of mini-batch {@code fit} calls. */
    private final BatchPasses passes = new BatchPasses();
    /** True once a mini-batch {@code fit} (not over an iterator) trained this model. */
    private volatile boolean loop;
    /** When the last outermost {@code fit} returned (System.nanoTime), 0 before. */
    private volatile long lastFitEndNanos;
    /** The longest pause between two {@code fit} calls of this training. */
    private volatile long longestPauseNanos;
    private boolean earlyStopping;
    private volatile boolean finished;
    /** The train dataset input was handed to the post-training thread when the first epoch ended. */
    private volatile boolean datasetHandedOver;
    /** The configuration artifacts, taken at the first fit (null for a model that joined another's run). */
    private volatile ModelArtifacts artifacts;
    private final HeldModelMetrics heldModelMetrics = new HeldModelMetrics();
    /** When the outermost fit that logs this model began (System.nanoTime), 0 before. */
    private volatile long fitStartNanos;
    /** True while a {@code fit} of the model runs (then the exit hook must not read the model). */
    private volatile boolean training;

    private Dl4jTraining(Model model, AutologRun scope, Dl4jSettings settings, String metricPrefix) {
        this.model = model;
        this.scope = scope;
        this.settings = settings;
        this.metricPrefix = metricPrefix;
        final ActiveRun run = scope.run();
        this.metrics = new IterationMetrics(settings.logEveryNIterations(), metricPrefix.isEmpty()
                ? run::logMetric
                : (key, value, step, ts) -> run.logMetric(metricPrefix + key, value, step, ts));
        boolean rowsNeeded = settings.logEvaluation() || AutologState.options().logDatasets();
        this.sample = new Dl4jTrainingData(rowsNeeded
                ? Math.max(TrainingDataset.DIGEST_ROWS, settings.evaluationMaxExamples()) : 0);
        this.listener = new AutologListener(model, metrics, sample, this::batchSeen);
        sample.whenComplete(this::sampleComplete);
    }

    /**
     * A training logging into {@code scope}'s run. With {@code logParams} the model's params are logged now and its
     * configuration artifacts taken (a model joining another model's run as a guest logs none: params cannot change
     * within a run).
     */
    static Dl4jTraining open(Model model, AutologRun scope, String metricPrefix, boolean logParams) {
        Dl4jTraining s = new Dl4jTraining(model, scope, Dl4jSettings.read(), metricPrefix);
        s.attachListener();
        if (logParams) {
            scope.run().setTag(ESTIMATOR_NAME, model.getClass().getSimpleName());
            scope.run().setTag(ESTIMATOR_CLASS, model.getClass().getName());
            try {
                ModelDescription.params(model).forEach(s::logParam);
            } catch (Throwable t) {
                Log.warnOnce("dl4j-params", "dl4j autologging could not read the model's configuration: " + t);
            }
            s.artifacts = ModelArtifacts.take(model, scope.run().runId());
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

    /** Evaluations of the model made while this training is open wait here for the model. */
    HeldModelMetrics heldModelMetrics() {
        return heldModelMetrics;
    }

    String metricPrefix() {
        return metricPrefix;
    }

    boolean completesWhenCallEnds() {
        return completesWhenCallEnds;
    }

    /** The outermost {@code fit} of the model returned or threw. */
    synchronized void fitEnded() {
        if (!earlyStopping) training = false;
        lastFitEndNanos = System.nanoTime();
    }

    /**
     * An outermost {@code fit(...)} call on the model begins; false when this training has just ended (idle, on
     * another thread): the call then belongs to a new training.
     */
    synchronized boolean fitStarted(Object[] arguments) {
        if (finished) return false;
        Object first = arguments.length > 0 ? arguments[0] : null;
        boolean iterator = first instanceof DataSetIterator || first instanceof MultiDataSetIterator;
        Integer epochs = iterator && arguments.length == 2 && arguments[1] instanceof Integer
                ? (Integer) arguments[1] : null;
        completesWhenCallEnds = epochs != null && !earlyStopping;
        training = true;
        long now = System.nanoTime();
        if (fitStartNanos == 0) fitStartNanos = now;
        if (lastFitEndNanos > 0) longestPauseNanos = Math.max(longestPauseNanos, now - lastFitEndNanos);
        if (!iterator && !earlyStopping && first != null && metricPrefix.isEmpty()) loopBatch(first, now);
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
        return true;
    }

    /**
     * A mini-batch {@code fit} of a hand-written loop: when the batch begins a new pass over the data
     * ({@link BatchPasses}), the pass before it is an epoch (its mean loss and duration, DL4J's epoch metrics), and
     * the rows of the first pass are the dataset's.
     */
    private void loopBatch(Object batch, long now) {
        if (!loop) {
            loop = true;
            metrics.epochStarted(now);
        }
        if (passes.beginsPass(batch)) loopEpochEnded(now);
    }

    private void loopEpochEnded(long now) {
        metrics.epochEnded(metrics.epochsEnded(), now, System.currentTimeMillis());
        sample.epochEnded();
        metrics.epochStarted(now);
    }

    /** The first batch the listener saw: its size is the {@code batch_size} param when the call did not tell it. */
    private void batchSeen(long size) {
        if (batchSizeLogged || size <= 0 || !metricPrefix.isEmpty()) return;
        batchSizeLogged = true;
        logParam("batch_size", String.valueOf(size));
    }

    /** True for a training of separate {@code fit} calls that no call ends, now between two calls. */
    synchronized boolean idleLoop() {
        return !finished && !training && !earlyStopping && !completesWhenCallEnds && lastFitEndNanos > 0;
    }

    /** How long this training has not trained (System.nanoTime {@code now}); 0 while it trains. */
    long idleNanos(long now) {
        long end = lastFitEndNanos;
        return training || end == 0 ? 0 : now - end;
    }

    long longestPauseNanos() {
        return longestPauseNanos;
    }

    long idleEndMillis() {
        return settings.idleEndMillis();
    }

    /** Epochs trained so far (DL4J's, or the passes of a loop, the one just completed included). */
    synchronized int epochsTrained() {
        return metrics.epochsEnded() + (loop && passes.passComplete() ? 1 : 0);
    }

    /** An early-stopping trainer drives this model's training from now until {@link #finishEarlyStopping}. */
    void earlyStoppingStarted(Object configuration) {
        earlyStopping = true;
        training = true;
        attachListener();
        metrics.fitStarted(System.nanoTime(), true);
        if (metricPrefix.isEmpty()) EarlyStoppingLog.params(configuration).forEach(this::logParam);
    }

    /** The early-stopping {@code fit()} returned {@code result} (null when it threw): log it, then end. */
    void finishEarlyStopping(Object result, Throwable thrown) {
        Model bestModel = null;
        EarlyStoppingLog.Outcome outcome = EarlyStoppingLog.of(result, metricPrefix);
        if (outcome != null) {
            for (Param p : outcome.params()) params.put(p.key(), p.value());
            Dl4jRunWriter.batch(scope.run().runId(), outcome.metrics(), outcome.params());
            bestModel = outcome.bestModel();
            if (bestModel != null && bestModel != model) AutologListener.detachFrom(bestModel);
        }
        earlyStopping = false;
        training = false;
        finish(thrown == null ? End.COMPLETED : End.FAILED, thrown, bestModel != null ? bestModel : model);
    }

    /**
     * Ends the training. On the calling (training) thread only what reads the model: the listener comes off, the last
     * loss point, and a copy of the model ({@code clone()}, a few milliseconds: the user may train it again once fit
     * returns). The rest runs after fit returned, on the post-training thread ({@link AutologRun#endAfter}): the
     * {@link Dl4jTrainingReport}, then the end of the run when autologging owns it. At JVM exit all of it runs here.
     */
    void finish(End how, Throwable thrown, Model modelToLog) {
        Runnable work = null;
        // Under the lock fitStarted takes: a training ended while idle (on another thread) has its model
        // copied before the next fit may train it.
        synchronized (this) {
            if (finished) return;
            finished = true;
            if (how == End.EXIT && training) {
                // System.exit() during fit: the network is being updated on another thread, so it is not read here.
                Log.warn("dl4j autologging: the JVM exits while a model is training; run " + scope.run().runId()
                        + " ends without its model and final evaluation");
                modelToLog = null;
            }
            try {
                work = report(thrown, modelToLog);
            } catch (Throwable t) {
                Log.warnOnce("dl4j-finish", "dl4j autologging could not complete the run " + scope.run().runId()
                        + ": " + t);
            }
        }
        Throwable failure = how == End.FAILED ? thrown : null;
        if (how == End.EXIT) {
            // The exit hooks run concurrently: no post-training thread to hand over to any more.
            try {
                if (work != null) work.run();
            } finally {
                heldModelMetrics.release(null);
                Mlflow.flush();
                scope.end(failure);
                if (scope.owned()) Dl4jRun.forgetRun(scope.run().runId());
            }
        } else {
            Runnable rest = work;
            scope.endAfter(() -> {
                try {
                    if (rest != null) rest.run();
                } finally {
                    heldModelMetrics.release(null);
                    Mlflow.flush();
                    if (scope.owned()) Dl4jRun.forgetRun(scope.run().runId());
                }
            }, failure);
        }
    }

    /** Takes on this thread what the report needs (the listener off, a copy of the model) and returns the report. */
    private Dl4jTrainingReport report(Throwable thrown, Model modelToLog) {
        AutologListener.detachFrom(model);
        if (loop && passes.passComplete()) loopEpochEnded(System.nanoTime()); // the loop stopped after a whole pass
        metrics.finish(System.currentTimeMillis());
        // as MLflow's autologging: a training that threw logs no model (the network is half trained)
        boolean logModel = AutologState.options().logModels() && modelToLog != null && thrown == null;
        boolean evaluate = thrown == null && modelToLog != null && settings.logEvaluation()
                && sample.copiedRows() > 0 && FinalEvaluation.supported(modelToLog);
        Model snapshot = logModel || evaluate ? snapshot(modelToLog) : null;
        TrainedModels.Entry entry = modelToLog == null ? null
                : TrainedModels.register(modelToLog, scope.run().runId(), metricPrefix);
        List<Param> late = new ArrayList<>();
        if (!epochsLogged && metricPrefix.isEmpty() && metrics.epochsEnded() > 0) {
            late.add(new Param("epochs", String.valueOf(metrics.epochsEnded())));
            epochsLogged = true;
        }
        String modelClass = modelToLog == null ? null : modelToLog.getClass().getName();
        Object configuration = modelToLog == null ? null : ModelDescription.configurationCopy(modelToLog);
        Dl4jTrainingReport.Subject subject = new Dl4jTrainingReport.Subject(scope, metricPrefix, settings, sample,
                artifacts, snapshot, modelClass, entry, configuration, ModelDescription.dataType(modelToLog),
                heldModelMetrics);
        return new Dl4jTrainingReport(subject, logModel, evaluate, !datasetHandedOver, new LinkedHashMap<>(params),
                late);
    }

    /** A copy of the trained network that later {@code fit} calls do not change (or null when it cannot be made). */
    private static Model snapshot(Model m) {
        try {
            if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).clone();
            if (m instanceof ComputationGraph) {
                ComputationGraph copy = ((ComputationGraph) m).clone();
                // DL4J's clone of a graph drops the epoch and iteration counts of its configuration
                copy.getConfiguration().setEpochCount(((ComputationGraph) m).getConfiguration().getEpochCount());
                copy.getConfiguration().setIterationCount(((ComputationGraph) m).getConfiguration().getIterationCount());
                return copy;
            }
        } catch (RuntimeException e) {
            Log.warnOnce("dl4j-snapshot", "dl4j autologging could not copy the trained model (no model logged): " + e);
        }
        return null;
    }

    /**
     * The first epoch ended (training thread). When it took at least {@link Dl4jSettings#earlyLoggingMinEpochMillis},
     * training is long enough for the one-off work to be done while it goes on, at a negligible share of it: the
     * configuration artifacts are written and the train dataset input is computed and logged on the post-training
     * thread. After a shorter epoch all of it waits for training to end: on a small machine it would compete with
     * training for the cores.
     */
    private void sampleComplete() {
        long start = fitStartNanos;
        if (start == 0 || System.nanoTime() - start < settings.earlyLoggingMinEpochMillis() * 1_000_000L) return;
        ModelArtifacts a = artifacts;
        if (a != null) a.write();
        datasetHandedOver = true;
        PostTrainingWork.submit(scope.run().runId(), "dl4j train dataset",
                () -> Dl4jTrainingReport.logTrainDataset(scope, sample));
    }

    private void attachListener() {
        Collection<TrainingListener> current = AutologListener.listenersOf(model);
        if (current != null) {
            for (TrainingListener l : current) if (l == listener) return;
        }
        model.addListeners(listener);
    }

    private void logParam(String key, String value) {
        params.put(key, value);
        scope.run().logParam(key, value);
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
