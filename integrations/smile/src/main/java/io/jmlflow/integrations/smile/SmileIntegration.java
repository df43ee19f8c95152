package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

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
                "smile.model.Model", "smile.validation.ClassificationValidation", "smile.validation.RegressionValidation",
                "smile.io.Read", "smile.io.CSV");
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return Set.of("smile.classification.", "smile.regression.", "smile.clustering.", "smile.anomaly.",
                "smile.validation.metric.");
    }

    /**
     * Tested with 3.1.1 (Java 8 class files) and 6.3.0 (Java 25). Reached by reflection only: Smile 6's class files
     * cannot be read by javac 17, and members moved between the two lines ({@link Reflect} tries both forms, and
     * what it cannot read is not logged), so there is nothing linked to check; the version ranges take the place of
     * a shape check.
     */
    @Override
    public Library library() {
        return Library.of("Smile", "com.github.haifengl", "smile-core").versions("[3.0,4.0)", "[6.0,7.0)")
                .reachedByReflection();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return SmileInstrumentation.transform(builder, type);
    }
}
