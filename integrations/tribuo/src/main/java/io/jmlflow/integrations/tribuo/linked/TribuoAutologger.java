package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.Mlflow;
import io.jmlflow.entities.Metric;
import io.jmlflow.integrations.tribuo.TribuoSupport;
import io.jmlflow.internal.Log;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.provenance.DataProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tribuo autologging for one copy of Tribuo; created by {@code TribuoHooks} (see the package documentation). */
public final class TribuoAutologger implements TribuoSupport {
    static final String INTEGRATION = "tribuo";

    private final WeakIdentityMap<Model<?>, ModelRecord> models = new WeakIdentityMap<>();

    @Override
    public TrainingSession trainingStarted(Object trainer, Object dataset) {
        if (!(trainer instanceof Trainer) || !(dataset instanceof Dataset)) return null;
        return TrainingRun.start(this, (Trainer<?>) trainer, (Dataset<?>) dataset);
    }

    @Override
    public void evaluated(Object model, Object evaluation) {
        if (!(model instanceof Model) || !(evaluation instanceof Evaluation)) return;
        ModelRecord record = models.get((Model<?>) model);
        if (record == null) return; // not trained under autologging in this JVM
        DataProvenance data = ((Evaluation<?>) evaluation).getProvenance().getTestDatasetProvenance();
        ModelRecord.Use use = record.use(data);
        if (use.first()) tag(record, "tribuo.dataset." + use.prefix(), ModelRecord.describe(data));
        log(record, use, EvaluationMetrics.of((Model<?>) model, (Evaluation<?>) evaluation));
    }

    void remember(Model<?> model, ModelRecord record) {
        models.put(model, record);
    }

    /**
     * Logs one evaluation's metrics as {@code <prefix>_<metric>}: linked to the logged model when there is one
     * (MLflow shows them on the model and the run), else into the run, which may have ended already.
     */
    static void log(ModelRecord record, ModelRecord.Use use, Map<String, Double> values) {
        if (values.isEmpty()) return;
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>(values.size());
        for (Map.Entry<String, Double> e : values.entrySet()) {
            metrics.add(new Metric(use.prefix() + "_" + e.getKey(), e.getValue(), now, use.step()));
        }
        String modelId = record.loggedModelId();
        if (modelId != null) {
            try {
                Mlflow.client().logModelMetrics(modelId, record.runId(), metrics);
                return;
            } catch (RuntimeException e) {
                Log.warnOnce("tribuo-model-metrics", "could not link Tribuo metrics to logged model " + modelId
                        + " (" + e.getMessage() + "); they are logged to run " + record.runId() + " only");
            }
        }
        try {
            if (!record.run.isEnded()) {
                for (Metric m : metrics) record.run.logMetric(m.key(), m.value(), m.step(), m.timestamp());
            } else {
                Mlflow.client().logBatch(record.runId(), metrics, List.of(), List.of());
            }
        } catch (RuntimeException e) {
            Log.warn("could not log Tribuo " + use.prefix() + " metrics to run " + record.runId() + ": " + e.getMessage());
        }
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
