package io.jmlflow.integrations.xgboost;

import io.jmlflow.MlflowConfig;

import io.jmlflow.internal.autolog.FeatureImportances;

import java.util.List;

/**
 * XGBoost-specific settings, read through {@link MlflowConfig} when a training starts (agent argument
 * {@code autolog.xgboost.importance.types=weight;gain} (agent arguments are separated by commas, so types are
 * separated by {@code ;} there), system property {@code -Dmlflow.autolog.xgboost.importance.types=weight,gain} or
 * environment variable {@code MLFLOW_AUTOLOG_XGBOOST_IMPORTANCE_TYPES=weight,gain}).
 *
 * @param importanceTypes the feature importance types logged, each as {@code feature_importance_<type>.json} and a
 *                        plot ({@code autolog.xgboost.importance.types}, comma-separated among {@code weight},
 *                        {@code gain}, {@code cover}, {@code total_gain}, {@code total_cover}, separated by commas, semicolons or
 *                        spaces; default
 *                        {@code weight}, as MLflow's {@code mlflow.xgboost.autolog(importance_types=None)})
 * @param sampleRows      the training metrics (and the datasets' digests) are computed on at most this many of the
 *                        first rows, copied when training returns ({@code autolog.xgboost.sample.rows}, default
 *                        10,000)
 */
record XGBoostSettings(List<String> importanceTypes, int sampleRows) {
    static final String SAMPLE_ROWS = "autolog.xgboost.sample.rows";
    static final int DEFAULT_SAMPLE_ROWS = 10_000;

    static XGBoostSettings read() {
        long rows = MlflowConfig.getLong(SAMPLE_ROWS, DEFAULT_SAMPLE_ROWS);
        return new XGBoostSettings(FeatureImportances.xgboostTypes(), (int) Math.max(0, Math.min(1_000_000, rows)));
    }
}
