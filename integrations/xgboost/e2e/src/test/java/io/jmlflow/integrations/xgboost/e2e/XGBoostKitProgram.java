package io.jmlflow.integrations.xgboost.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.xgboost.CreditData;
import io.jmlflow.samples.xgboost.CreditDefault;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Map;

/** The behaviour kit's program for XGBoost (see {@code AutologBehaviorKit}): boosted trees on loan applications. */
public final class XGBoostKitProgram {
    private XGBoostKitProgram() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "train" -> train();
            case "fail" -> {
                // an objective XGBoost does not know: the native library refuses it inside train
                Map<String, Object> params = CreditDefault.params();
                params.put("objective", "no:such-objective");
                try {
                    XGBoost.train(CreditData.generate(50, 1L), params, 3, Map.of(), null, null);
                } catch (XGBoostError e) {
                    // the first line without XGBoost's clock time ("[18:27:40] ...")
                    String message = e.getMessage() == null ? ""
                            : e.getMessage().lines().findFirst().orElse("").replaceFirst("^\\[[0-9:]+\\] ", "");
                    System.out.println("CAUGHT " + e.getClass().getName() + ": " + message + " AT " + e.getStackTrace()[0]);
                }
            }
            case "user-run" -> UserRun.train();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void train() throws XGBoostError {
        DMatrix train = CreditData.generate(600, 1L);
        Booster booster = XGBoost.train(train, CreditDefault.params(), 15, Map.of("train", train), null, null);
        // the library's own evaluation of held-out rows
        String evaluation = booster.evalSet(new DMatrix[] {CreditData.generate(200, 2L)}, new String[] {"test"}, 0);
        System.out.println("RESULT " + evaluation.trim());
    }

    /** Loaded only in this mode: it needs jmlflow's API, which only the agent jar brings. */
    static final class UserRun {
        static void train() throws XGBoostError {
            try (ActiveRun run = Mlflow.startRun("user-run")) {
                run.logParam("user_param", "1");
                XGBoostKitProgram.train();
            }
        }
    }
}
