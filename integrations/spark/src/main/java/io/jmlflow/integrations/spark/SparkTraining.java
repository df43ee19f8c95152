package io.jmlflow.integrations.spark;

import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TrainedModels;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One outermost {@code Estimator.fit(dataset)} being logged. At its start (on the training thread, no Spark job): the
 * params ({@link SparkParams}), the tags {@code estimator_name} / {@code estimator_class}, and what the training
 * DataFrame is ({@link SparkTrainingData}: its sources become the {@code sparkDatasourceInfo} tag now). When
 * {@code fit} returns, still on the training thread: the model is written by Spark ({@link SparkModelFiles}: the only
 * Spark jobs autologging runs, as MLflow's {@code log_model} inside {@code fit}), a search's results are read
 * ({@link SparkTuning}) and the model is remembered for evaluations ({@link TrainedModels}, {@link SparkPredictions}). The rest is logged
 * on the post-training thread: {@code estimator_info.json}, the {@code train} dataset input, {@code training_*}
 * metrics ({@link SparkTrainingMetrics}), the search's child runs and artifacts, and the logged models
 * ({@code model}, and {@code best_model} for a search).
 */
final class SparkTraining {
    static final String ESTIMATOR_NAME = "estimator_name";
    static final String ESTIMATOR_CLASS = "estimator_class";
    static final String MODEL_NAME = "model";
    static final String BEST_MODEL_NAME = "best_model";

    /** True while the training runs; threads created meanwhile (a tuning pool's) share it. */
    final boolean[] enclosing = new boolean[1];
    private final AutologRun scope;
    private final Estimator<?> estimator;
    private final SparkParams names;
    private final Map<String, String> params;
    private final SparkTrainingData data;
    private final SparkSession session;

    private SparkTraining(AutologRun scope, Estimator<?> estimator, Dataset<?> dataset) {
        this.scope = scope;
        this.estimator = estimator;
        this.session = dataset.sparkSession();
        this.names = SparkParams.of(estimator);
        this.params = names.params(estimator);
        this.data = SparkTrainingData.of(dataset);
    }

    /** A training of {@code estimator} on {@code arguments[0]} to log, or null (nothing to log). */
    static SparkTraining start(Object estimator, Object[] arguments) {
        if (arguments == null || arguments.length != 1) {
            Log.warnOnce("spark-fit-param-maps", "spark autologging does not log Estimator.fit(dataset, paramMaps), "
                    + "as MLflow does not: call fit(dataset, paramMap) for each map to log each training");
            return null;
        }
        if (!(estimator instanceof Estimator) || !(arguments[0] instanceof Dataset)) return null;
        AutologRun scope = AutologRun.begin(SparkIntegration.NAME, null);
        if (scope == null) return null;
        try {
            SparkTraining training = new SparkTraining(scope, (Estimator<?>) estimator, (Dataset<?>) arguments[0]);
            training.logStart();
            return training;
        } catch (RuntimeException | LinkageError e) {
            scope.endAfter(null, e);
            throw e;
        }
    }

    private void logStart() {
        ActiveRun run = scope.run();
        run.logParams(params);
        run.setTag(ESTIMATOR_NAME, estimator.getClass().getSimpleName());
        run.setTag(ESTIMATOR_CLASS, estimator.getClass().getName());
        String sources = AutologState.options().logDatasets() ? data.datasourceTag() : null;
        if (sources != null) run.setTag(SparkTrainingData.DATASOURCE_TAG, sources);
    }

    ActiveRun run() {
        return scope.run();
    }

    /** The outermost {@code fit} returned {@code model} or threw {@code thrown}. */
    void end(Object model, Throwable thrown) {
        Runnable work = null;
        try {
            if (thrown == null && model instanceof Model) work = finish((Model<?>) model);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("spark-finish:" + e.getClass().getName(), "spark autologging could not record everything of"
                    + " run " + scope.run().runId() + " (training is not affected): " + e);
        } finally {
            scope.endAfter(work, thrown);
        }
    }

    /** On the training thread: what must be read or written before {@code fit}'s caller goes on. */
    private Runnable finish(Model<?> model) {
        AutologOptions options = AutologState.options();
        Map<String, Object> info = names.estimatorInfo(estimator);
        SparkTuning tuning = SparkParams.isSearch(estimator) ? SparkTuning.of(names, estimator, model) : null;
        Map<String, double[]> metrics = SparkTrainingMetrics.of(model);
        TrainedModels.Entry entry = options.logPostTrainingMetrics() ? TrainedModels.register(model, scope.run()) : null;
        SparkModelFiles.Prepared prepared = null;
        SparkModelFiles.Prepared best = null;
        if (options.logModels()) {
            if (SparkModelAllowlist.allows(model, session)) {
                prepared = prepare(model);
                Object bestModel = model instanceof CrossValidatorModel ? ((CrossValidatorModel) model).bestModel()
                        : model instanceof TrainValidationSplitModel ? ((TrainValidationSplitModel) model).bestModel()
                        : null;
                if (bestModel != null) best = prepare(bestModel);
            } else {
                Log.warnOnce("spark-allowlist:" + model.getClass().getName(), "spark autologging: the model "
                        + model.uid() + " (" + model.getClass().getName() + ") is not logged: it or a model it holds"
                        + " is not in the allowlist (MLflow's, or the file named by the Spark conf "
                        + SparkModelAllowlist.CONF + ")");
            }
        }
        return new Report(scope.run(), info, data, metrics, tuning, prepared, best, entry, params);
    }

    private SparkModelFiles.Prepared prepare(Object model) {
        try {
            return SparkModelFiles.prepare(model, session);
        } catch (Exception | LinkageError e) {
            Log.warn("spark autologging could not save the model " + model.getClass().getName() + " of run "
                    + scope.run().runId() + " (it is not logged): " + e);
            return null;
        }
    }

    /** What the post-training thread logs. */
    private static final class Report implements Runnable {
        private final ActiveRun run;
        private final Map<String, Object> info;
        private final SparkTrainingData data;
        private final Map<String, double[]> metrics;
        private final SparkTuning tuning;
        private final SparkModelFiles.Prepared model;
        private final SparkModelFiles.Prepared best;
        private final TrainedModels.Entry entry;
        private final Map<String, String> params;

        Report(ActiveRun run, Map<String, Object> info, SparkTrainingData data, Map<String, double[]> metrics,
               SparkTuning tuning, SparkModelFiles.Prepared model, SparkModelFiles.Prepared best,
               TrainedModels.Entry entry, Map<String, String> params) {
            this.run = run;
            this.info = info;
            this.data = data;
            this.metrics = metrics;
            this.tuning = tuning;
            this.model = model;
            this.best = best;
            this.entry = entry;
            this.params = params;
        }

        @Override
        public void run() {
            try {
                if (!info.isEmpty()) {
                    run.logArtifact("estimator_info.json", SparkJson.indented(info).getBytes(StandardCharsets.UTF_8));
                }
                data.logTo(run, "train");
                long now = System.currentTimeMillis();
                for (Map.Entry<String, double[]> m : metrics.entrySet()) {
                    double[] values = m.getValue();
                    for (int i = 0; i < values.length; i++) {
                        if (Double.isFinite(values[i])) run.logMetric(m.getKey(), values[i], i, now);
                    }
                }
                if (tuning != null) tuning.log(run);
                String modelId = log(model, MODEL_NAME);
                if (entry != null) entry.modelLogged(modelId);
                log(best, BEST_MODEL_NAME);
            } finally {
                if (model != null) model.discard();
                if (best != null) best.discard();
            }
        }

        private String log(SparkModelFiles.Prepared prepared, String name) {
            if (prepared == null) return null;
            LoggedModel logged = run.logModel(prepared, name, params);
            return logged != null && logged.status() == LoggedModelStatus.READY ? logged.modelId() : null;
        }
    }
}
