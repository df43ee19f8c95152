package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.TrainingDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Metrics of evaluations run on a model whose training is still open (a hand-written loop of {@code fit} calls, whose
 * model is logged only when the loop is seen to have ended): held until the model is logged, then logged once onto it
 * ({@link ModelMetrics}), so that they are the model's as well as the run's. Without a model they go into the run.
 */
final class HeldModelMetrics {
    private record Held(String runId, Map<String, Double> metrics, long step, TrainingDataset dataset) {
    }

    private final List<Held> held = new ArrayList<>();
    private boolean released;
    private String modelId;

    /** Logs {@code metrics} onto the model once it is logged; now when that already happened. */
    void log(String runId, Map<String, Double> metrics, long step, TrainingDataset dataset) {
        String model;
        synchronized (this) {
            if (!released) {
                held.add(new Held(runId, metrics, step, dataset));
                return;
            }
            model = modelId;
        }
        ModelMetrics.log(runId, model, metrics, step, dataset);
    }

    /** The model was logged as {@code loggedModelId} (null: no model): what was held is logged. Once; later calls do nothing. */
    void release(String loggedModelId) {
        List<Held> now;
        synchronized (this) {
            if (released) return;
            released = true;
            modelId = loggedModelId;
            now = new ArrayList<>(held);
            held.clear();
        }
        for (Held h : now) ModelMetrics.log(h.runId, loggedModelId, h.metrics, h.step, h.dataset);
    }
}
