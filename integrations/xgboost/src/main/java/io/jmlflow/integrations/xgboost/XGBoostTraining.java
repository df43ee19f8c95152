package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.Log;
import io.jmlflow.internal.ParamValues;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TrainedModels;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outermost {@code XGBoost.train} call being logged. At its start: the run ({@link AutologRun}: a run of its own,
 * or the user's), the params as the booster gets them and the call's own ({@code num_boost_round},
 * {@code early_stopping_rounds}, {@code maximize}, {@code custom_metric}, as MLflow's {@code xgboost.train} autologging
 * names them) and the tags {@code estimator_name} / {@code estimator_class}. Every round: the metrics of every
 * watched {@code DMatrix} ({@code <watch>-<metric>}, step = round), read from what the booster's {@code evalSet}
 * returns. When the call returns: copies of what the report needs (the model's bytes, the first rows), then the
 * {@link XGBoostTrainingReport} and the end of the run on the post-training thread. Nothing when another library's
 * autologged training (Tribuo's XGBoost trainers) calls XGBoost: that training's run and model are the user's view.
 * No lambdas or streams: this runs on the training thread.
 */
final class XGBoostTraining {
    static final String RUN_NAME = "XGBoost";
    static final String ESTIMATOR_NAME = "estimator_name";
    static final String ESTIMATOR_CLASS = "estimator_class";

    final AutologRun scope;
    final XGBoostSettings settings;
    final Map<String, String> params;
    final String objective;
    final boolean customObjective;
    final int earlyStoppingRounds;
    private final DMatrix train;
    private final Map<String, DMatrix> watches;
    /** The metrics of each evaluated round, in order. */
    final List<Map<String, Double>> rounds = new ArrayList<>();

    private XGBoostTraining(AutologRun scope, XGBoostSettings settings, Map<String, String> params, String objective,
                            boolean customObjective, int earlyStoppingRounds, DMatrix train,
                            Map<String, DMatrix> watches) {
        this.scope = scope;
        this.settings = settings;
        this.params = params;
        this.objective = objective;
        this.customObjective = customObjective;
        this.earlyStoppingRounds = earlyStoppingRounds;
        this.train = train;
        this.watches = watches;
    }

    /**
     * Starts logging a call with {@code arguments}: {@code (dtrain, params, rounds, watches, obj, eval)},
     * {@code (dtrain, params, rounds, watches, metrics, obj, eval, earlyStoppingRounds[, booster])} or
     * {@code trainAndSaveCheckpoint}'s; null when nothing is to be logged.
     */
    static XGBoostTraining start(Object[] arguments) {
        if (arguments.length < 6 || !(arguments[0] instanceof DMatrix)) return null;
        String outer = AutologRun.trainingOnThisThread();
        if (outer != null && !outer.equals(XGBoostIntegration.NAME)) return null;
        AutologRun scope = AutologRun.begin(XGBoostIntegration.NAME, RUN_NAME);
        if (scope == null) return null;
        Map<?, ?> given = arguments[1] instanceof Map ? (Map<?, ?>) arguments[1] : null;
        int rounds = arguments[2] instanceof Integer ? (Integer) arguments[2] : 0;
        boolean longForm = arguments.length >= 8;
        Object objective = arguments[longForm ? 5 : 4];
        Object evaluation = arguments[longForm ? 6 : 5];
        int earlyStopping = longForm && arguments[7] instanceof Integer ? (Integer) arguments[7] : 0;

        Map<String, String> params = new LinkedHashMap<>();
        if (given != null) {
            for (Map.Entry<?, ?> e : given.entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    params.put(e.getKey().toString(), ParamValues.text(e.getValue()));
                }
            }
        }
        params.put("num_boost_round", String.valueOf(rounds));
        params.put("early_stopping_rounds", earlyStopping > 0 ? String.valueOf(earlyStopping) : "None");
        Object maximize = given == null ? null : given.get("maximize_evaluation_metrics");
        params.put("maximize", maximize == null ? "None"
                : Boolean.parseBoolean(maximize.toString()) ? "True" : "False");
        params.put("custom_metric", evaluation == null ? "None" : evaluation.getClass().getName());
        String objectiveName = given == null || given.get("objective") == null
                ? "reg:squarederror" : given.get("objective").toString();

        Map<String, DMatrix> watches = new LinkedHashMap<>();
        if (arguments[3] instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) arguments[3]).entrySet()) {
                if (e.getKey() != null && e.getValue() instanceof DMatrix) {
                    watches.put(e.getKey().toString(), (DMatrix) e.getValue());
                }
            }
        }
        XGBoostTraining training = new XGBoostTraining(scope, XGBoostSettings.read(), params, objectiveName,
                objective != null, earlyStopping, (DMatrix) arguments[0], watches);
        scope.run().setTag(ESTIMATOR_NAME, "Booster");
        scope.run().setTag(ESTIMATOR_CLASS, XGBoostIntegration.BOOSTER);
        scope.run().logParams(params);
        return training;
    }

    /** A round's {@code evalSet} returned {@code result}: its metrics, at step = the round's index in this call. */
    void roundEvaluated(String result) {
        Map<String, Double> metrics = EvalResults.parse(result);
        if (metrics.isEmpty()) return;
        scope.run().logMetrics(metrics, rounds.size());
        rounds.add(metrics);
    }

    /**
     * The call returned {@code booster} or threw {@code thrown}. On this thread only the copies (a few milliseconds:
     * the model's bytes, the first rows); the rest after the call returned, on the post-training thread.
     */
    void finish(Object booster, Throwable thrown) {
        if (thrown != null || !(booster instanceof Booster)) {
            // as MLflow's autologging: a training that threw logs no model
            scope.endAfter(null, thrown);
            return;
        }
        XGBoostTrainingReport report = null;
        try {
            report = report((Booster) booster);
        } catch (XGBoostError | RuntimeException e) {
            Log.warnOnce("xgboost-finish", "xgboost autologging could not copy the trained booster (run "
                    + scope.run().runId() + " ends without its model): " + e);
        }
        scope.endAfter(report, null);
    }

    private XGBoostTrainingReport report(Booster booster) throws XGBoostError {
        byte[] model = booster.toByteArray(XGBoostModelFiles.FORMAT);
        String best = booster.getAttr("best_iteration");
        long features = booster.getNumFeature();
        XGBoostTrainingData trainData = XGBoostTrainingData.of(train, features, settings.sampleRows(), true);
        Map<String, XGBoostTrainingData> evals = new LinkedHashMap<>();
        if (AutologState.options().logDatasets()) {
            for (Map.Entry<String, DMatrix> w : watches.entrySet()) {
                evals.put(w.getKey(), w.getValue() == train ? trainData
                        : XGBoostTrainingData.of(w.getValue(), features, settings.sampleRows(), false));
            }
        }
        TrainedModels.Entry entry = TrainedModels.register(booster, scope.run());
        return new XGBoostTrainingReport(this, model, best, trainData, evals, entry);
    }
}
