package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.FeatureImportance;
import org.tribuo.Model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature importances of a Tribuo XGBoost model ({@code org.tribuo.common.xgboost.XGBoostModel}), as MLflow's
 * xgboost autolog logs them: importance type {@code weight} (how often a feature splits a tree, XGBoost's
 * {@code get_score} default), read through Tribuo's {@code Model.getTopFeatures(-1)}, which for XGBoost models is
 * exactly that score (summed over the boosters of a multi-output model). Only tribuo-core is linked: applications
 * without Tribuo's XGBoost module are unaffected.
 */
final class FeatureImportances {
    static final String XGBOOST_MODEL = "org.tribuo.common.xgboost.XGBoostModel";

    private FeatureImportances() {
    }

    static void logTo(ActiveRun run, Model<?> model) {
        if (!model.getClass().getName().equals(XGBOOST_MODEL)) return;
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(-1);
        if (top == null || top.isEmpty()) return;
        Map<String, Double> weights = new LinkedHashMap<>();
        for (List<Pair<String, Double>> features : top.values()) {
            for (Pair<String, Double> f : features) weights.merge(f.getA(), f.getB(), Double::sum);
        }
        FeatureImportance.logTo(run, "weight", weights);
    }
}
