package io.jmlflow.integrations.smile;

import io.jmlflow.gadget.Gadget;
import io.jmlflow.internal.models.ModelFlavors;
import io.jmlflow.models.ModelSignature;
import io.jmlflow.models.ModelSignature.ColSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmileModelFlavorTest {
    @TempDir
    Path dir;

    private final SmileModelFlavor flavor = new SmileModelFlavor();

    @Test
    void savesAndLoadsAWorkingModelNamingSmileVersionClassAndDataFile() throws Exception {
        Blobs blobs = new Blobs(120, 3, 2, 3);
        DataFrame df = blobs.frame();
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "15");
        RandomForest rf = RandomForest.fit(Formula.lhs("label"), df, p);
        assertTrue(flavor.canSave(rf));
        assertFalse(flavor.canSave("not smile"));
        assertSame(flavor.getClass(), ModelFlavors.forModel(rf).getClass(), "preferred over plain Java serialization");

        Map<String, Object> attrs = flavor.save(rf, dir);
        assertEquals("3.1.1", attrs.get("smile_version"));
        assertEquals(RandomForest.class.getName(), attrs.get("model_class"));
        assertEquals("model.ser", attrs.get("data"));
        assertTrue(Files.size(dir.resolve("model.ser")) > 1000);

        RandomForest back = (RandomForest) flavor.load(dir, attrs);
        assertArrayEquals(rf.predict(df), back.predict(df));
    }

    @Test
    void signatureOfADataFrameModelIsItsPredictorsAndResponse() {
        Blobs blobs = new Blobs(60, 2, 2, 4);
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "5");
        RandomForest rf = RandomForest.fit(Formula.lhs("label"), blobs.frame(), p);
        ModelSignature s = flavor.signature(rf);
        assertEquals(List.of(new ColSpec("V1", "double"), new ColSpec("V2", "double")), s.inputs());
        assertEquals(List.of(new ColSpec("label", "integer")), s.outputs());
    }

    @Test
    void signatureOfARowModelComesFromTheTrainingRows() {
        Blobs blobs = new Blobs(60, 3, 2, 4);
        LogisticRegression lr = LogisticRegression.fit(blobs.x, blobs.y);
        ModelSignature s = SmileSignatures.ofRows(lr, blobs.x);
        assertEquals(List.of(new ColSpec("x0", "double"), new ColSpec("x1", "double"), new ColSpec("x2", "double")),
                s.inputs());
        assertEquals(List.of(new ColSpec(null, "integer")), s.outputs());
        assertEquals(null, flavor.signature(lr), "a row model does not know its input width by itself");
    }

    @Test
    void aSwappedModelFileRunsNoForeignCodeAndDataStaysInTheFolder() throws Exception {
        Blobs blobs = new Blobs(60, 2, 2, 4);
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "3");
        Map<String, Object> attrs = flavor.save(RandomForest.fit(Formula.lhs("label"), blobs.frame(), p), dir);
        java.util.HashMap<String, Object> swapped = new java.util.HashMap<>(Map.of("x", new Gadget()));
        io.jmlflow.internal.models.JavaSerializationFlavor.writeObject(swapped, dir.resolve("model.ser"));

        Exception e = assertThrows(IOException.class, () -> flavor.load(dir, attrs));
        assertTrue(e.getMessage().contains("holds a java.util.HashMap where the MLmodel declares a "
                + RandomForest.class.getName()), e.getMessage());
        Map<String, Object> lying = new java.util.HashMap<>(attrs);
        lying.put("model_class", "java.util.HashMap"); // the MLmodel rewritten to match
        e = assertThrows(IOException.class, () -> flavor.load(dir, lying));
        assertTrue(e.getMessage().contains("class " + Gadget.class.getName() + " is not allowed"), e.getMessage());
        assertEquals(0, Gadget.RAN.get(), "the gadget's readObject never ran");

        Files.createDirectory(dir.resolve("model"));
        Map<String, Object> outside = new java.util.HashMap<>(attrs);
        outside.put("data", "../model.ser");
        e = assertThrows(IOException.class,
                () -> flavor.load(dir.resolve("model"), outside));
        assertTrue(e.getMessage().contains("leads outside the model folder"), e.getMessage());
    }
}
