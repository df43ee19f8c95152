package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's evaluation of a booster autologging logged, after training: {@code booster.evalSet(matrices, names, ...)}
 * gives XGBoost's metrics for each matrix, logged as {@code eval_<metric>} (the first dataset of the run; others
 * {@code eval_<name>_<metric>}, {@link EvalMetricNames}) to the booster's run and its logged model, after the
 * training's own post-training work. Each evaluated matrix is an {@code eval} dataset input of the run (named as
 * {@code evalSet} names it, its digest taken as for the training's watches, {@link XGBoostTrainingData}), and the
 * model's metrics of that matrix name it as their dataset.
 */
final class XGBoostEvaluations {
    /** One evaluated matrix: its metrics and, when datasets are logged, its dataset. */
    private record Evaluated(Map<String, Double> metrics, TrainingDataset dataset) {
    }

    private XGBoostEvaluations() {
    }

    static void evaluated(Object booster, Object[] matrices, String[] names, String result) {
        TrainedModels.Entry entry = TrainedModels.find(booster);
        if (entry == null || names == null || !AutologState.options().logPostTrainingMetrics()) return;
        Map<String, Double> values = EvalResults.parse(result);
        List<Evaluated> evaluated = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) continue;
            Object matrix = matrices != null && i < matrices.length ? matrices[i] : null;
            Map<String, Double> metrics = new LinkedHashMap<>();
            String prefix = null;
            for (Map.Entry<String, Double> v : values.entrySet()) {
                String metric = EvalResults.metricOf(v.getKey(), names[i]);
                if (metric == null) continue;
                if (prefix == null) prefix = EvalMetricNames.prefix(entry.runId(), matrix, names[i]);
                metrics.put(prefix + metric, v.getValue());
            }
            if (!metrics.isEmpty()) evaluated.add(new Evaluated(metrics, dataset(booster, matrix, names[i])));
        }
        if (evaluated.isEmpty()) return;
        PostTrainingWork.submit(null, "XGBoost evaluation logged to run " + entry.runId(), () -> log(entry, evaluated));
    }

    /** The matrix's dataset, read on the calling thread (the program may free the matrix right after). */
    private static TrainingDataset dataset(Object booster, Object matrix, String name) {
        if (!(matrix instanceof DMatrix) || !(booster instanceof Booster) || !AutologState.options().logDatasets()) {
            return null;
        }
        XGBoostTrainingData data = null;
        try {
            data = XGBoostTrainingData.of((DMatrix) matrix, ((Booster) booster).getNumFeature(),
                    XGBoostSettings.read().sampleRows(), false);
            return data.dataset(name);
        } catch (XGBoostError | RuntimeException e) {
            io.jmlflow.internal.Log.debug("xgboost autologging could not describe an evaluated DMatrix", e);
            return null;
        } finally {
            if (data != null) data.dispose();
        }
    }

    private static void log(TrainedModels.Entry entry, List<Evaluated> evaluated) {
        for (Evaluated e : evaluated) {
            if (e.dataset != null) e.dataset.logTo(entry.run(), "eval");
            ModelMetrics.log(entry.runId(), entry.modelId(), e.metrics, 0, e.dataset);
        }
    }
}
