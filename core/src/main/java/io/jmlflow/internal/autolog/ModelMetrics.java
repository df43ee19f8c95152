package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.entities.Metric;
import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way autologging logs metrics about a model, as MLflow's autologging logs them with a {@code model_id} and a
 * {@code dataset}: each point once, onto the logged model (which puts it into the run as well) and carrying the name
 * and digest of the dataset it was computed on, so that the MLflow UI files it under that dataset (the experiment's
 * Models tab, the model's charts, "Datasets used"). Without a logged model (models off, or saving failed) the points
 * go into the run alone. Never throws; what it could not log is warned about.
 *
 * <pre>{@code
 * ModelMetrics.log(run, modelId, Map.of("training_accuracy_score", 0.97), 0, trainDataset);
 * }</pre>
 */
public final class ModelMetrics {
    private ModelMetrics() {
    }

    /**
     * Logs {@code metrics} at {@code step} into {@code run}, linked to the logged model {@code modelId} (may be
     * null) and to {@code dataset} (may be null: no dataset). The run may have ended (post-training evaluations).
     * Returns the points logged.
     */
    public static List<Metric> log(ActiveRun run, String modelId, Map<String, Double> metrics, long step,
                                   TrainingDataset dataset) {
        if (run == null) return List.of();
        return log(run, run.runId(), modelId, metrics, step, dataset);
    }

    /** As {@link #log(ActiveRun, String, Map, long, TrainingDataset)} for a run known by its id only. */
    public static List<Metric> log(String runId, String modelId, Map<String, Double> metrics, long step,
                                   TrainingDataset dataset) {
        return log(null, runId, modelId, metrics, step, dataset);
    }

    /** The points {@code metrics} make at {@code step} and {@code timestamp}, on {@code dataset} (may be null). */
    public static List<Metric> points(Map<String, Double> metrics, long step, long timestamp, TrainingDataset dataset) {
        List<Metric> points = new ArrayList<>(metrics.size());
        String name = dataset == null ? null : dataset.name();
        String digest = dataset == null ? null : dataset.digest();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            Double v = e.getValue();
            if (e.getKey() == null || v == null) continue;
            points.add(new Metric(e.getKey(), v, timestamp, step, name, digest));
        }
        return points;
    }

    private static List<Metric> log(ActiveRun run, String runId, String modelId, Map<String, Double> metrics, long step,
                                    TrainingDataset dataset) {
        if (runId == null || metrics == null || metrics.isEmpty()) return List.of();
        List<Metric> points = points(metrics, step, System.currentTimeMillis(), dataset);
        if (points.isEmpty()) return points;
        if (modelId != null) {
            try {
                Mlflow.client().logModelMetrics(modelId, runId, points);
                return points;
            } catch (RuntimeException e) {
                Log.warnOnce("model-metrics:" + e.getClass().getName(), "could not link metrics to logged model "
                        + modelId + " (" + e.getMessage() + "); they are logged to run " + runId + " only");
            }
        }
        try {
            if (run != null && !run.isEnded()) {
                for (Metric m : points) run.logMetric(m.key(), m.value(), m.step(), m.timestamp());
            } else {
                Mlflow.client().logBatch(runId, points, List.of(), List.of());
            }
        } catch (RuntimeException e) {
            Log.warn("could not log metrics " + metrics.keySet() + " to run " + runId + ": " + e.getMessage());
        }
        return points;
    }
}
