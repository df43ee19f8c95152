package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmileInstrumentationTest {
    private static List<String> advised(Class<?> type, net.bytebuddy.matcher.ElementMatcher<MethodDescription> m) {
        return TypeDescription.ForLoadedType.of(type).getDeclaredMethods().filter(m).stream()
                .map(MethodDescription::toString).sorted().toList();
    }

    @Test
    void fitMethodsOfModelsAreMatchedButNotThoseOfHelpers() {
        assertEquals(5, advised(smile.classification.RandomForest.class, SmileInstrumentation.FIT).size());
        assertEquals(3, advised(smile.classification.LogisticRegression.class, SmileInstrumentation.FIT).size());
        assertEquals(3, advised(smile.clustering.KMeans.class, SmileInstrumentation.FIT).size());
        assertEquals(List.of(), advised(smile.classification.ClassLabels.class, SmileInstrumentation.FIT)
                .stream().filter(s -> !s.contains("ClassLabels")).toList());
        assertTrue(advised(smile.classification.PlattScaling.class, SmileInstrumentation.FIT).isEmpty());
        assertTrue(advised(smile.classification.ClassLabels.class, SmileInstrumentation.FIT).isEmpty());
        assertTrue(advised(smile.classification.RandomForest.class, SmileInstrumentation.WITH_OPTIONS).isEmpty(),
                "Smile 3 has no Options records");
    }

    @Test
    void validationMethodsThatTrainAreMatched() {
        assertEquals(12, advised(smile.validation.CrossValidation.class, SmileInstrumentation.VALIDATION).size());
        assertEquals(4, advised(smile.validation.Bootstrap.class, SmileInstrumentation.VALIDATION).size());
        assertEquals(4, advised(smile.validation.LOOCV.class, SmileInstrumentation.VALIDATION).size());
    }

    @Test
    void theValidationFactoriesThatTrainAndTestOnceAreMatchedButNotTheirRoundsOverBags() {
        for (Class<?> c : List.of(smile.validation.ClassificationValidation.class,
                smile.validation.RegressionValidation.class)) {
            List<String> of = advised(c, SmileInstrumentation.VALIDATION_OF);
            assertEquals(2, of.size(), "of(formula, train, test, trainer) and of(x, y, testx, testy, trainer): " + of);
            assertTrue(of.stream().noneMatch(m -> m.contains("Bag")), of.toString());
        }
    }

    @Test
    void batchPredictionsAndMetricCallsAreMatchedButNotPerRowPredictions() {
        List<String> classifier = advised(smile.classification.Classifier.class, SmileInstrumentation.PREDICT);
        assertEquals(6, classifier.size(), "T[], List, Dataset, and each with posteriori: " + classifier);
        assertTrue(classifier.stream().noneMatch(m -> m.contains("predict(java.lang.Object)")), classifier.toString());
        assertEquals(2, advised(smile.classification.DataFrameClassifier.class, SmileInstrumentation.PREDICT).size());
        assertEquals(3, advised(smile.regression.Regression.class, SmileInstrumentation.PREDICT).size());
        assertEquals(1, advised(smile.regression.DataFrameRegression.class, SmileInstrumentation.PREDICT).size());
        assertEquals(1, advised(smile.validation.metric.Accuracy.class, SmileInstrumentation.METRIC).size());
        assertEquals(1, advised(smile.validation.metric.RMSE.class, SmileInstrumentation.METRIC).size());
    }

    @Test
    void theVersionIsReadFromSmilesJarAndBothLinesAreSupported() {
        Library library = new SmileIntegration().library();
        assertEquals(Library.Reach.REFLECTION, library.reach());
        String version = LibraryVersion.of("smile", library, getClass().getClassLoader(), "smile.classification.RandomForest");
        assertEquals("3.1.1", version, "from the jar's manifest: smile-core has no pom.properties");
        assertTrue(library.supports(version) && library.supports("6.3.0"));
        assertFalse(library.supports("2.6.0") || library.supports("4.0.0") || library.supports("7.0"));
    }
}
