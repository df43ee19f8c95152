package io.jmlflow.integrations.dl4j;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.nn.api.Model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an early-stopping trainer's run gets: {@code early_stopping.*} params from its configuration when it starts,
 * and from its result the score history ({@code early_stopping.score}, step = epoch), the best epoch and score, the
 * total epochs and why it stopped.
 */
final class EarlyStoppingLog {
    private EarlyStoppingLog() {
    }

    /** Params of the trainer's {@code EarlyStoppingConfiguration} (none for anything else). */
    static Map<String, String> params(Object configuration) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!(configuration instanceof EarlyStoppingConfiguration)) return p;
        EarlyStoppingConfiguration<?> c = (EarlyStoppingConfiguration<?>) configuration;
        p.put("early_stopping.epochTerminationConditions", String.valueOf(c.getEpochTerminationConditions()));
        p.put("early_stopping.iterationTerminationConditions", String.valueOf(c.getIterationTerminationConditions()));
        if (c.getScoreCalculator() != null) {
            p.put("early_stopping.scoreCalculator", c.getScoreCalculator().getClass().getSimpleName());
            p.put("early_stopping.minimize_score", String.valueOf(c.getScoreCalculator().minimizeScore()));
        }
        p.put("early_stopping.evaluateEveryNEpochs", String.valueOf(c.getEvaluateEveryNEpochs()));
        if (c.getModelSaver() != null) {
            p.put("early_stopping.modelSaver", c.getModelSaver().getClass().getSimpleName());
        }
        return p;
    }

    /** The result's metrics (under {@code metricPrefix}) and, for the run's first model, its stop params. */
    record Outcome(List<Metric> metrics, List<Param> params, Model bestModel) {
    }

    /** Null when {@code result} is no {@code EarlyStoppingResult} (the trainer threw). */
    static Outcome of(Object result, String metricPrefix) {
        if (!(result instanceof EarlyStoppingResult)) return null;
        EarlyStoppingResult<?> r = (EarlyStoppingResult<?>) result;
        long now = System.currentTimeMillis();
        List<Metric> points = new ArrayList<>();
        if (r.getScoreVsEpoch() != null) {
            for (Map.Entry<Integer, Double> e : r.getScoreVsEpoch().entrySet()) {
                Double score = e.getValue();
                if (score != null && !score.isNaN() && !score.isInfinite()) {
                    points.add(new Metric(metricPrefix + "early_stopping.score", score, now, e.getKey()));
                }
            }
        }
        points.add(new Metric(metricPrefix + "early_stopping.best_epoch", r.getBestModelEpoch(), now, 0));
        // The score recorded for the best epoch: DL4J 1.0.0-M2.1's getBestModelScore() can be 0.0 regardless.
        Double best = r.getScoreVsEpoch() == null ? null : r.getScoreVsEpoch().get(r.getBestModelEpoch());
        double bestScore = best != null ? best : r.getBestModelScore();
        if (!Double.isNaN(bestScore) && !Double.isInfinite(bestScore) && Math.abs(bestScore) != Double.MAX_VALUE) {
            points.add(new Metric(metricPrefix + "early_stopping.best_score", bestScore, now, 0));
        }
        points.add(new Metric(metricPrefix + "early_stopping.total_epochs", r.getTotalEpochs(), now, 0));
        List<Param> params = new ArrayList<>();
        if (metricPrefix.isEmpty()) {
            params.add(new Param("early_stopping.stop_reason", String.valueOf(r.getTerminationReason())));
            params.add(new Param("early_stopping.stop_details", String.valueOf(r.getTerminationDetails())));
        }
        return new Outcome(points, params, r.getBestModel());
    }
}
