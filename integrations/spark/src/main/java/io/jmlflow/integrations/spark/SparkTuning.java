package io.jmlflow.integrations.spark;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.RunOptions;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.ParamValues;
import io.jmlflow.internal.PythonFloats;
import io.jmlflow.internal.autolog.AutologState;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code CrossValidator} or {@code TrainValidationSplit} fit, logged as MLflow's {@code mlflow.pyspark.ml} logs it:
 * a child run per param map (tag {@code mlflow.parentRunId}, the tuned estimator's params with that map applied,
 * {@code estimator_name} / {@code estimator_class}, and its metrics: {@code avg_<metric>} for a cross-validation
 * ({@code std_<metric>} too where the model keeps it: pyspark computes it in Python, Spark's Java model keeps only the
 * averages), {@code <metric>} for a train-validation split, {@code <metric>} being the evaluator's
 * {@code metricName}), the best {@code autolog.max.tuning.runs} of them by that metric; on the parent run the best
 * map's params as {@code best_<stage>.<param>}, the best value as metric {@code best_<avg_metric | metric>},
 * {@code search_results.csv} (one row per map: {@code params} as JSON, the metrics, each param as
 * {@code param.<name>}) and {@code best_parameters.json}. Read on the training thread (no Spark job), logged on the
 * post-training thread.
 */
final class SparkTuning {
    static final String RESULTS_FILE = "search_results.csv";
    static final String BEST_PARAMETERS_FILE = "best_parameters.json";

    private final List<Map<String, Object>> maps;
    private final List<Map<String, String>> childParams = new ArrayList<>();
    private final List<String[]> childEstimators = new ArrayList<>();
    private final Map<String, double[]> metrics = new LinkedHashMap<>();
    private final String scoreKey;
    private final double[] scores;
    private final boolean largerIsBetter;
    private final int maxRuns;

    private SparkTuning(SparkParams names, Estimator<?> search, Model<?> model) {
        this.maps = names.tuningParamMaps(search);
        Estimator<?> tuned = SparkParams.tunedEstimator(search);
        for (ParamMap map : SparkParams.estimatorParamMaps(search)) {
            Estimator<?> child = tuned.copy(map);
            childParams.add(names.params(child));
            childEstimators.add(new String[] {child.getClass().getSimpleName(), child.getClass().getName()});
        }
        Evaluator evaluator = SparkParams.evaluator(search);
        String metric = SparkParams.metricName(evaluator);
        this.largerIsBetter = evaluator.isLargerBetter();
        if (model instanceof CrossValidatorModel) {
            CrossValidatorModel cv = (CrossValidatorModel) model;
            scoreKey = "avg_" + metric;
            scores = cv.avgMetrics();
            metrics.put(scoreKey, scores);
            double[] std = (double[]) SparkReflect.call(cv, "stdMetrics"); // Spark 3.3+
            if (std != null && std.length == scores.length) metrics.put("std_" + metric, std);
        } else {
            scoreKey = metric;
            scores = ((TrainValidationSplitModel) model).validationMetrics();
            metrics.put(scoreKey, scores);
        }
        this.maxRuns = AutologState.options().maxTuningRuns();
    }

    static SparkTuning of(SparkParams names, Estimator<?> search, Model<?> model) {
        if (!(model instanceof CrossValidatorModel) && !(model instanceof TrainValidationSplitModel)) return null;
        return new SparkTuning(names, search, model);
    }

    /** The index of the best map: the first with the largest (or smallest) score, NaN never best. */
    int bestIndex() {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) continue;
            if (best < 0 || (largerIsBetter ? scores[i] > scores[best] : scores[i] < scores[best])) best = i;
        }
        return best < 0 ? 0 : best;
    }

    /** Map indexes, best first (ties keep Spark's order; NaN last). */
    List<Integer> ranking() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) order.add(i);
        order.sort((a, b) -> {
            boolean an = Double.isNaN(scores[a]);
            boolean bn = Double.isNaN(scores[b]);
            if (an || bn) return Boolean.compare(an, bn);
            return largerIsBetter ? Double.compare(scores[b], scores[a]) : Double.compare(scores[a], scores[b]);
        });
        return order;
    }

    void log(ActiveRun parent) {
        if (maps.isEmpty() || scores.length != maps.size()) return;
        List<Integer> ranking = ranking();
        int children = Math.min(ranking.size(), maxRuns);
        for (int r = 0; r < children; r++) logChild(parent, ranking.get(r), r + 1);
        int best = bestIndex();
        Map<String, String> bestParams = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : maps.get(best).entrySet()) {
            bestParams.put("best_" + e.getKey(), ParamValues.text(e.getValue()));
        }
        parent.logParams(bestParams);
        if (Double.isFinite(scores[best])) parent.logMetric("best_" + scoreKey, scores[best]);
        parent.logArtifact(RESULTS_FILE, csv().getBytes(StandardCharsets.UTF_8));
        parent.logArtifact(BEST_PARAMETERS_FILE, SparkJson.indented(maps.get(best)).getBytes(StandardCharsets.UTF_8));
    }

    private void logChild(ActiveRun parent, int index, int rank) {
        String base = parent.runName() != null ? parent.runName() : parent.runId();
        ActiveRun child;
        try {
            child = Mlflow.startRun(RunOptions.named(base + "-candidate-" + rank).parent(parent)
                    .autolog(SparkIntegration.NAME).logSystemMetrics(false));
        } catch (RuntimeException e) {
            Log.warnOnce("spark-tuning-child", "spark autologging could not start a child run of run " + parent.runId()
                    + ": " + e.getMessage());
            return;
        }
        try {
            child.setTag(SparkTraining.ESTIMATOR_NAME, childEstimators.get(index)[0]);
            child.setTag(SparkTraining.ESTIMATOR_CLASS, childEstimators.get(index)[1]);
            child.logParams(childParams.get(index));
            long now = System.currentTimeMillis();
            for (Map.Entry<String, double[]> m : metrics.entrySet()) {
                double v = m.getValue()[index];
                if (Double.isFinite(v)) child.logMetric(m.getKey(), v, 0, now);
            }
        } finally {
            child.end(RunStatus.FINISHED);
        }
    }

    /** {@code search_results.csv} as MLflow writes it with pandas: params (JSON), the metrics, param.<name> each. */
    String csv() {
        Set<String> paramNames = new LinkedHashSet<>();
        for (Map<String, Object> m : maps) paramNames.addAll(m.keySet());
        StringBuilder b = new StringBuilder("params");
        for (String k : metrics.keySet()) b.append(',').append(field(k));
        for (String p : paramNames) b.append(',').append(field("param." + p));
        b.append('\n');
        for (int i = 0; i < maps.size(); i++) {
            b.append(field(SparkJson.compact(maps.get(i))));
            for (double[] values : metrics.values()) b.append(',').append(PythonFloats.toString(values[i]));
            for (String p : paramNames) {
                Object v = maps.get(i).get(p);
                b.append(',').append(v == null ? "" : field(ParamValues.text(v)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
