package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.Mlflow;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.integrations.tribuo.TribuoHooks;
import io.jmlflow.integrations.tribuo.TribuoSupport;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.WeakIdentityMap;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.provenance.DataProvenance;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tribuo autologging for one copy of Tribuo; created by {@code TribuoHooks} (see the package documentation). */
public final class TribuoAutologger implements TribuoSupport {
    static final String INTEGRATION = "tribuo";

    private final WeakIdentityMap<Model<?>, ModelRecord> models = new WeakIdentityMap<>();

    @Override
    public Training trainingStarted(Object trainer, Object dataset) {
        if (!(trainer instanceof Trainer) || !(dataset instanceof Dataset)) return null;
        return TribuoTraining.start(this, (Trainer<?>) trainer, (Dataset<?>) dataset);
    }

    @Override
    public CrossValidation crossValidationStarted(Object trainer, Object dataset, int folds) {
        if (!(trainer instanceof Trainer) || !(dataset instanceof Dataset)) return null;
        return TribuoCrossValidation.start((Trainer<?>) trainer, (Dataset<?>) dataset, folds);
    }

    /**
     * A user's evaluation of a model autologging recorded: its metrics (MLflow's names where MLflow has them) under
     * the dataset's eval prefix, in the model's run and on its logged model, and the data as an {@code eval} input
     * the first time. What is read of the evaluation is copied here; the logging runs after the run's pending
     * post-training work (so the logged model exists by then).
     */
    @Override
    public void evaluated(Object model, Object evaluation) {
        if (!(model instanceof Model) || !(evaluation instanceof Evaluation)) return;
        ModelRecord record = models.get((Model<?>) model);
        if (record == null) return; // not trained under autologging in this JVM
        if (!AutologState.options().logPostTrainingMetrics()) return;
        Model<?> m = (Model<?>) model;
        Evaluation<?> ev = (Evaluation<?>) evaluation;
        DataProvenance data;
        ModelRecord.Use use;
        Outcomes outcomes;
        Map<String, Double> tribuoMetrics;
        TribuoTrainingData sample;
        try {
            data = ev.getProvenance().getTestDatasetProvenance();
            use = record.use(data);
            outcomes = Outcomes.of(m, ev.getPredictions());
            tribuoMetrics = outcomes == null ? EvaluationMetrics.of(m, ev) : null;
            boolean logDataset = use.first() && AutologState.options().logDatasets();
            sample = logDataset ? TribuoTrainingData.ofPredictions(ev.getPredictions(), data) : null;
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-evaluated", "could not record an evaluation of a Tribuo model in run " + record.runId()
                    + ": " + e);
            return;
        }
        // Queued after the training's own post-training work (the logged model exists by then) but not as work of
        // the run: ending the run on the post-training thread must not wait for evaluations queued after it.
        PostTrainingWork.submit(null, "Tribuo evaluation logged to run " + record.runId(),
                TribuoHooks.later(() -> {
                    if (use.first()) tag(record, "tribuo.dataset." + use.tagSuffix(), ModelRecord.describe(data));
                    if (sample != null) {
                        TrainingDataset described = DatasetInputs.of(use.datasetName(), m.getFeatureIDMap(), sample);
                        described.logTo(record.run, "eval");
                        record.described(data, described);
                    }
                    log(record, use.prefix(), use.step(), outcomes != null ? outcomes.metrics() : tribuoMetrics,
                            record.described(data));
                }));
    }

    void remember(Model<?> model, ModelRecord record) {
        models.put(model, record);
    }

    /**
     * Logs metrics as {@code <prefix><metric>} at {@code step}, computed on {@code dataset} (may be null): linked to
     * the logged model when there is one (MLflow shows them on the model and the run, under that dataset), else into
     * the run, which may have ended already.
     */
    static void log(ModelRecord record, String prefix, long step, Map<String, Double> values, TrainingDataset dataset) {
        if (values == null || values.isEmpty()) return;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null) metrics.put(EvaluationMetrics.metricKey(prefix + e.getKey()), e.getValue());
        }
        if (record.run != null) ModelMetrics.log(record.run, record.loggedModelId(), metrics, step, dataset);
        else ModelMetrics.log(record.runId(), record.loggedModelId(), metrics, step, dataset);
    }

    static void tag(ModelRecord record, String key, String value) {
        try {
            if (!record.run.isEnded()) record.run.setTag(key, value);
            else Mlflow.client().setTag(record.runId(), key, value);
        } catch (RuntimeException e) {
            Log.warn("could not tag run " + record.runId() + " with " + key + ": " + e.getMessage());
        }
    }
}
