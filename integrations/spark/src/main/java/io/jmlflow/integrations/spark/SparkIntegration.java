package io.jmlflow.integrations.spark;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Set;

/**
 * Spark MLlib autologging on the driver: {@code fit(Dataset)} of estimators, {@code transform(Dataset)} of models and
 * {@code evaluate(Dataset)} of evaluators in {@code org.apache.spark.ml}. Classes are picked by name first (Spark ML's packages, never
 * {@code org.apache.spark.ml.feature}: featurizers are logged as stages of a pipeline, not on their own, as in MLflow),
 * then {@link SparkInstrumentation} checks that a class declares such a method. See the package documentation.
 * No Byte Buddy or Spark types in fields: this class is created in {@code premain}.
 */
public final class SparkIntegration implements Integration {
    static final String NAME = "spark";
    private static final Set<String> PREFIXES = Set.of(
            "org.apache.spark.ml.Pipeline", "org.apache.spark.ml.Predict", "org.apache.spark.ml.classification.",
            "org.apache.spark.ml.regression.", "org.apache.spark.ml.clustering.", "org.apache.spark.ml.recommendation.",
            "org.apache.spark.ml.fpm.", "org.apache.spark.ml.tuning.", "org.apache.spark.ml.evaluation.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> typeNames() {
        return Set.of();
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return PREFIXES;
    }

    /**
     * Tested with Spark 3.5.9 (Scala 2.12) and 4.0.1 (Scala 2.13): the API this links against is the same in both (no
     * Scala collection types cross it). The version is read from {@code spark-mllib_2.12}'s {@code pom.properties},
     * else (Scala 2.13 builds) from the manifest of the jar being instrumented, which names the Spark version.
     */
    @Override
    public Library library() {
        return Library.of("Spark MLlib", "org.apache.spark", "spark-mllib_2.12")
                .versions("[3.5,3.6)", "[4.0,4.1)")
                .linkedDirectly("io.jmlflow.integrations.spark.SparkHooks", "org.apache.spark.", "scala.",
                        "org.apache.hadoop.");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return SparkInstrumentation.transform(builder, type);
    }
}
