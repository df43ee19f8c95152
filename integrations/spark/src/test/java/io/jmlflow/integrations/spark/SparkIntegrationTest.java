package io.jmlflow.integrations.spark;

import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.autolog.spi.LinkedReferences;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.tuning.CrossValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library Spark autologging declares and the methods it instruments, checked against the Spark of these tests. */
class SparkIntegrationTest {
    private static final ClassLoader LOADER = SparkIntegrationTest.class.getClassLoader();
    private final Library library = new SparkIntegration().library();

    @Test
    void theVersionIsReadFromSparksJarAndSupported() {
        String version = LibraryVersion.of("spark", library, LOADER, "org.apache.spark.ml.Pipeline");
        assertEquals(System.getProperty("spark.version", "3.5.9"), version);
        assertTrue(library.supports(version));
        assertTrue(library.supports("4.0.1"), "tested in integrations/spark/e2e-spark4");
        assertFalse(library.supports("3.4.4") || library.supports("4.1.0"), library.supportedVersions());
    }

    @Test
    void theShapeCheckIsWhatTheLinkedCodeUsesAndSparkHasAllOfIt() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.spark.", LOADER);
        assertTrue(refs.size() > 50, refs.describe().toString());
        assertTrue(refs.describe().toString().contains("org/apache/spark/ml/param/ParamMap toList"),
                refs.describe().toString());
        assertNull(refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(LOADER))));
    }

    @Test
    void aSparkWithoutAClassTheCodeUsesIsNamed() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.spark.", LOADER);
        ClassLoader withoutCv = new ClassLoader(LOADER) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                return name.equals("org/apache/spark/ml/tuning/CrossValidatorModel.class") ? null
                        : super.getResourceAsStream(name);
            }
        };
        String mismatch = refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(withoutCv)));
        assertTrue(mismatch != null && mismatch.startsWith("org.apache.spark.ml.tuning.CrossValidatorModel is missing"),
                mismatch);
    }

    @Test
    void fitIsInstrumentedWhereItIsDeclaredTransformOnModelsEvaluateOnEvaluators() {
        assertTrue(SparkInstrumentation.declares(type(Predictor.class), SparkInstrumentation.FIT,
                SparkInstrumentation.ESTIMATOR));
        assertTrue(SparkInstrumentation.declares(type(Pipeline.class), SparkInstrumentation.FIT,
                SparkInstrumentation.ESTIMATOR));
        assertTrue(SparkInstrumentation.declares(type(CrossValidator.class), SparkInstrumentation.FIT,
                SparkInstrumentation.ESTIMATOR));
        assertFalse(SparkInstrumentation.declares(type(LogisticRegression.class), SparkInstrumentation.FIT,
                SparkInstrumentation.ESTIMATOR), "inherits Predictor.fit");
        assertTrue(SparkInstrumentation.declares(type(PipelineModel.class), SparkInstrumentation.TRANSFORM,
                SparkInstrumentation.MODEL));
        assertTrue(SparkInstrumentation.declares(type(ProbabilisticClassificationModel.class),
                SparkInstrumentation.TRANSFORM, SparkInstrumentation.MODEL));
        assertFalse(SparkInstrumentation.declares(type(LogisticRegressionModel.class), SparkInstrumentation.TRANSFORM,
                SparkInstrumentation.MODEL), "inherits ProbabilisticClassificationModel.transform");
        assertTrue(SparkInstrumentation.declares(type(BinaryClassificationEvaluator.class),
                SparkInstrumentation.EVALUATE, SparkInstrumentation.EVALUATOR));
        assertTrue(type(org.apache.spark.ml.Estimator.class).getDeclaredMethods().filter(SparkInstrumentation.FIT)
                .size() == 1, "fit(Dataset, Seq<ParamMap>): its fits are not logged");
    }

    private static TypeDescription type(Class<?> c) {
        return pool(ClassFileLocator.ForClassLoader.of(LOADER)).describe(c.getName()).resolve();
    }

    private static TypePool pool(ClassFileLocator locator) {
        return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
    }
}
