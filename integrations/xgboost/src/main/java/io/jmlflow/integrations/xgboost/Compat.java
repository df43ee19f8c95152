package io.jmlflow.integrations.xgboost;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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
            // a method handle, not Class.getMethod: that one builds every public method of the class, loading the types
            // they name (Booster's name Kryo's)
            Object names = MethodHandles.publicLookup().findVirtual(dmatrixOrBooster.getClass(), "getFeatureNames",
                    MethodType.methodType(String[].class)).invoke(dmatrixOrBooster);
            return names instanceof String[] && ((String[]) names).length > 0 ? (String[]) names : null;
        } catch (Throwable e) { // a version without it, or what the call threw
            return null;
        }
    }
}
