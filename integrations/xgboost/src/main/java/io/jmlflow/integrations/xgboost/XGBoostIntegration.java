package io.jmlflow.integrations.xgboost;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Set;

/**
 * XGBoost4J autologging: advice on {@code ml.dmlc.xgboost4j.java.XGBoost}'s {@code train} overloads and
 * {@code trainAndSaveCheckpoint} (the Scala API's {@code XGBoost.train} calls them) and on the booster's
 * {@code evalSet} (per-round metrics during training, a user's evaluations after it); see the package documentation
 * for what is logged. XGBoost4J is linked against directly, so it must be on the application class path. No Byte
 * Buddy or XGBoost types in fields: this class is created in {@code premain}.
 */
public final class XGBoostIntegration implements Integration {
    static final String NAME = "xgboost";
    static final String XGBOOST = "ml.dmlc.xgboost4j.java.XGBoost";
    static final String BOOSTER = "ml.dmlc.xgboost4j.java.Booster";
    static final String DMATRIX = "ml.dmlc.xgboost4j.java.DMatrix";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> typeNames() {
        return Set.of(XGBOOST, BOOSTER);
    }

    /**
     * Tested with 3.4.0 and, through Tribuo's XGBoost trainers, 1.6.2: the API this links against is the same from
     * 1.6 (the first with UBJSON models) to 3.x; what 1.6 lacks (feature names) is read by name ({@link Compat}).
     */
    @Override
    public Library library() {
        return Library.of("XGBoost4J", "ml.dmlc", "xgboost4j_2.12")
                .versions("[1.6,4.0)")
                .linkedDirectly("io.jmlflow.integrations.xgboost.XGBoostHooks", "ml.dmlc.xgboost4j.");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return XGBoostInstrumentation.transform(builder, type);
    }
}
