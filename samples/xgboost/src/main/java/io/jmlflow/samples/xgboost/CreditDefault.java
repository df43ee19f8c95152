package io.jmlflow.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient-boosted trees that predict loan defaults, with a validation set watched every round and early stopping:
 * the XGBoost4J program a user already has. Nothing here mentions MLflow; with {@code -javaagent:mlflow-agent.jar}
 * the run gets the booster's params, the train and validation log loss of every round, the early-stopping result,
 * the feature importances and the model, which Python's {@code mlflow.xgboost} loads and serves.
 *
 * <pre>
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.xgboost.CreditDefault [rounds] [model.ubj]
 * </pre>
 */
public final class CreditDefault {
    private CreditDefault() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        DMatrix train = CreditData.generate(2_000, 1L);
        DMatrix validation = CreditData.generate(500, 2L);

        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);
        Booster booster = XGBoost.train(train, params(), rounds, watches, null, null, null, 5);

        float[][] predicted = booster.predict(validation);
        float[] labels = validation.getLabel();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if ((predicted[i][0] > 0.5f ? 1 : 0) == (int) labels[i]) correct++;
        System.out.printf("boosted trees: %s rounds (best %s), validation accuracy %.4f%n",
                booster.getNumBoostedRound(), booster.getAttr("best_iteration"), correct / (double) labels.length);
        if (args.length > 1) booster.saveModel(args[1]);
    }

    /** A binary classifier of depth-4 trees, deterministic (one thread, fixed seed). */
    public static Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eval_metric", "logloss");
        params.put("max_depth", 4);
        params.put("eta", 0.1);
        params.put("subsample", 0.9);
        params.put("seed", 7);
        params.put("nthread", 1);
        params.put("verbosity", 0);
        params.put("verbose_eval", 0);
        return params;
    }
}
