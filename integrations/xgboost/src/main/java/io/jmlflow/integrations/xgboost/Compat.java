package io.jmlflow.integrations.xgboost;

/**
 * The members of XGBoost4J that not every supported version has, read by name so that the shape check (which every
 * linked reference must pass) holds from 1.6 on: feature names ({@code DMatrix.getFeatureNames()} and
 * {@code Booster.getFeatureNames()}, XGBoost4J 2.0 and later).
 */
final class Compat {
    private Compat() {
    }

    /** The feature names of a {@code DMatrix} or {@code Booster}, or null when unset or unknown to this version. */
    static String[] featureNames(Object dmatrixOrBooster) {
        if (dmatrixOrBooster == null) return null;
        try {
            Object names = dmatrixOrBooster.getClass().getMethod("getFeatureNames").invoke(dmatrixOrBooster);
            return names instanceof String[] && ((String[]) names).length > 0 ? (String[]) names : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
