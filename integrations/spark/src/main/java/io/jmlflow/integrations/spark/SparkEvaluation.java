package io.jmlflow.integrations.spark;

import io.jmlflow.Mlflow;
import io.jmlflow.entities.Metric;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.sql.Dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code Evaluator.evaluate(predictions)} after training, where {@code predictions} is what a logged model's
 * {@code transform} returned (MLflow's rule): the value goes to the model's run and onto its logged model as
 * {@code eval_<metricName>} (the project's naming for post-training metrics, {@link EvalMetricNames}: another
 * DataFrame evaluated in the run gets {@code eval_2_<metricName>}, ...), the transformed DataFrame is an {@code eval}
 * dataset input of the run, and {@code metric_info.json} (as MLflow's) records which evaluator and params gave each
 * metric. Logged on the post-training thread, after the model. No Spark job of its own.
 */
final class SparkEvaluation {
    static final String METRIC_INFO_FILE = "metric_info.json";
    /** Per run, the metrics logged so far and their evaluators (the artifact is rewritten with each). */
    private static final Map<String, Map<String, Object>> INFO = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
            return size() > 256;
        }
    };

    private SparkEvaluation() {
    }

    static void evaluated(Object evaluator, Object predictions, double value) {
        if (!AutologState.options().logPostTrainingMetrics() || !Double.isFinite(value)) return;
        if (!(evaluator instanceof Evaluator)) return;
        SparkPredictions.Prediction p = SparkPredictions.prediction(predictions);
        if (p == null) return;
        Evaluator ev = (Evaluator) evaluator;
        String metric = SparkParams.metricName(ev);
        Map<String, Object> evaluatorInfo = new LinkedHashMap<>();
        evaluatorInfo.put("evaluator_class", ev.getClass().getName());
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : SparkParams.values(ev).entrySet()) params.put(e.getKey(), e.getValue());
        evaluatorInfo.put("params", params);
        Object input = p.input.get();
        SparkTrainingData data = input instanceof Dataset && AutologState.options().logDatasets()
                ? SparkTrainingData.of((Dataset<?>) input) : null;
        long now = System.currentTimeMillis();
        PostTrainingWork.submit(p.entry.runId(), "spark eval metric",
                () -> log(p.entry, input, metric, value, now, evaluatorInfo, data));
    }

    private static void log(TrainedModels.Entry entry, Object input, String metric, double value, long timestamp,
                            Map<String, Object> evaluatorInfo, SparkTrainingData data) {
        String key = EvalMetricNames.prefix(entry.runId(), input, null) + metric;
        List<Metric> points = List.of(new Metric(key, value, timestamp, 0));
        try {
            Mlflow.client().logBatch(entry.runId(), points, List.of(), List.of());
            if (entry.modelId() != null) Mlflow.client().logModelMetrics(entry.modelId(), entry.runId(), points);
        } catch (RuntimeException e) {
            Log.warn("spark autologging could not log evaluation metric " + key + " to run " + entry.runId() + ": "
                    + e.getMessage());
            return;
        }
        Map<String, Object> info;
        synchronized (INFO) {
            info = INFO.computeIfAbsent(entry.runId(), r -> new TreeMap<>());
            info.put(key, evaluatorInfo);
            info = new TreeMap<>(info);
        }
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mlflow-spark-eval");
            try {
                java.nio.file.Path file = dir.resolve(METRIC_INFO_FILE);
                io.jmlflow.internal.FileBytes.write(file, SparkJson.indented(info));
                Mlflow.client().logArtifact(entry.runId(), file, null);
            } finally {
                io.jmlflow.internal.TempDirs.deleteQuietly(dir);
            }
        } catch (java.io.IOException | RuntimeException e) {
            Log.warn("spark autologging could not log " + METRIC_INFO_FILE + " to run " + entry.runId() + ": " + e);
        }
        if (data != null) {
            try {
                Mlflow.client().logInputs(entry.runId(), List.of(new io.jmlflow.entities.DatasetInput(data.entity(),
                        Map.of("mlflow.data.context", "eval"))));
            } catch (RuntimeException e) {
                Log.warn("spark autologging could not log the evaluation data of run " + entry.runId() + ": "
                        + e.getMessage());
            }
        }
    }
}
