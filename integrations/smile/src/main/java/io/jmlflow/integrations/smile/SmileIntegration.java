package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.spi.Integration;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

/**
 * Smile autologging (Smile 3.x and 6.x with one build): training through the models' public static {@code fit}
 * methods, and cross-validation / bootstrap / leave-one-out as a parent run with one child run per fit. See the
 * package documentation for what is logged. Configuration key: {@code autolog.smile.enabled}.
 */
public final class SmileIntegration implements Integration {
    @Override
    public String name() {
        return SmileRun.INTEGRATION;
    }

    @Override
    public Set<String> typeNames() {
        return Set.of("smile.validation.CrossValidation", "smile.validation.Bootstrap", "smile.validation.LOOCV",
                "smile.model.Model", "smile.validation.ClassificationValidation", "smile.validation.RegressionValidation");
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return Set.of("smile.classification.", "smile.regression.", "smile.clustering.", "smile.anomaly.",
                "smile.validation.metric.");
    }

    @Override
    public String shapeMismatch(TypePool types) {
        return SmileInstrumentation.shapeMismatch(types);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return SmileInstrumentation.transform(builder, type);
    }
}
