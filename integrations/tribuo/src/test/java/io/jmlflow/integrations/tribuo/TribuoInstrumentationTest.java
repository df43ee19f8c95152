package io.jmlflow.integrations.tribuo;

import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.autolog.spi.LinkedReferences;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoInstrumentationTest {
    private final TypePool pool = TypePool.Default.ofSystemLoader();

    private boolean trains(String name) {
        return TribuoInstrumentation.declaresTrain(pool.describe(name).resolve());
    }

    private boolean evaluates(String name) {
        return TribuoInstrumentation.declaresEvaluate(pool.describe(name).resolve());
    }

    @Test
    void trainersThatDeclareTrainAreInstrumented() {
        assertTrue(trains("org.tribuo.Trainer"), "the interface's default train(Dataset)");
        assertTrue(trains("org.tribuo.common.tree.AbstractCARTTrainer"));
        assertTrue(trains("org.tribuo.common.sgd.AbstractSGDTrainer"));
        assertTrue(trains("org.tribuo.clustering.kmeans.KMeansTrainer"));
        assertTrue(trains("org.tribuo.ensemble.BaggingTrainer"));
        assertFalse(trains("org.tribuo.classification.dtree.CARTClassificationTrainer"), "inherits train");
        assertFalse(trains("org.tribuo.classification.sgd.crf.CRFTrainer"), "a sequence trainer");
        assertFalse(trains("org.tribuo.MutableDataset"));
    }

    @Test
    void evaluatorsThatDeclareEvaluateAreInstrumented() {
        assertTrue(evaluates("org.tribuo.evaluation.AbstractEvaluator"));
        assertTrue(evaluates("org.tribuo.evaluation.Evaluator"));
        assertFalse(evaluates("org.tribuo.classification.evaluation.LabelEvaluator"), "inherits evaluate");
        assertFalse(evaluates("org.tribuo.evaluation.CrossValidation"), "not an Evaluator");
    }

    @Test
    void crossValidationIsInstrumentedThroughItsFields() {
        assertTrue(TribuoInstrumentation.isCrossValidation(pool.describe("org.tribuo.evaluation.CrossValidation").resolve()));
        assertFalse(TribuoInstrumentation.isCrossValidation(pool.describe("org.tribuo.evaluation.KFoldSplitter").resolve()));
        assertTrue(new TribuoIntegration().typeNamePrefixes().stream()
                .anyMatch("org.tribuo.evaluation.CrossValidation"::startsWith));
    }

    @Test
    void theVersionIsTribuosOwnAndSupported() {
        Library library = new TribuoIntegration().library();
        String version = LibraryVersion.of("tribuo", library, getClass().getClassLoader(),
                "org.tribuo.classification.sgd.linear.LogisticRegressionTrainer");
        assertEquals("4.3.2", version);
        assertTrue(library.supports(version) && !library.supports("5.0.0") && !library.supports("3.9"));
    }

    @Test
    void theShapeCheckIsWhatTheLinkedCodeUsesWithClassificationAndRegressionOptional() throws Exception {
        LinkedReferences refs = LinkedReferences.collect(new TribuoIntegration().library(),
                "io.jmlflow.integrations.tribuo.", getClass().getClassLoader());
        List<String> described = refs.describe();
        assertTrue(described.contains("method org/tribuo/Model getProvenance ()Lorg/tribuo/provenance/ModelProvenance;"
                + " <- io/jmlflow/integrations/tribuo/linked/TribuoTraining"), described.size() + " references");
        assertTrue(described.stream().noneMatch(r -> r.contains("org/tribuo/classification/")
                || r.contains("org/tribuo/regression/")), "optional modules are not required");
        assertNull(refs.mismatch(pool));
        assertEquals("org.tribuo.Trainer is missing (used by io.jmlflow.integrations.tribuo.linked.TribuoAutologger)",
                refs.mismatch(TypePool.Empty.INSTANCE));
    }

    @Test
    void prefixesAreNarrowAndCoverTheEntryPoints() {
        TribuoIntegration integration = new TribuoIntegration();
        assertEquals("tribuo", integration.name());
        assertTrue(integration.typeNames().contains("org.tribuo.Trainer"));
        assertFalse(integration.typeNamePrefixes().stream().anyMatch("org.tribuo.math.la.DenseVector"::startsWith));
        assertTrue(integration.typeNamePrefixes().stream().anyMatch("org.tribuo.evaluation.AbstractEvaluator"::startsWith));
    }
}
