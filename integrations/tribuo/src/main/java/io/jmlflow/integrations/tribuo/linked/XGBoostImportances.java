package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.FeatureImportances;
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostFeatureImportance;
import org.tribuo.common.xgboost.XGBoostModel;

import java.util.List;
import java.util.Map;

/**
 * The feature importances of a model of Tribuo's XGBoost trainers, by Tribuo's feature names, logged as MLflow's
 * XGBoost autologging logs a booster's ({@code feature_importance_<type>.json} and a plot, the types of
 * {@code autolog.xgboost.importance.types}); the model keeps its {@code tribuo} flavor. Loaded only for such models:
 * {@code tribuo-common-xgboost} is an optional module.
 */
final class XGBoostImportances {
    static final String MODEL_CLASS = "org.tribuo.common.xgboost.XGBoostModel";

    private XGBoostImportances() {
    }

    /** Logs them to {@code run}; a model of several boosters (one per regression output) logs the first one's. */
    static void logTo(ActiveRun run, Model<?> model) {
        List<XGBoostFeatureImportance> importances = ((XGBoostModel<?>) model).getFeatureImportance();
        if (importances.isEmpty()) return;
        XGBoostFeatureImportance first = importances.get(0);
        for (String type : FeatureImportances.xgboostTypes()) {
            FeatureImportances.logTo(run, type, scores(first, type));
        }
    }

    private static Map<String, Double> scores(XGBoostFeatureImportance importance, String type) {
        return switch (type) {
            case "gain" -> importance.getGain();
            case "cover" -> importance.getCover();
            case "total_gain" -> importance.getTotalGain();
            case "total_cover" -> importance.getTotalCover();
            default -> importance.getWeight();
        };
    }
}
