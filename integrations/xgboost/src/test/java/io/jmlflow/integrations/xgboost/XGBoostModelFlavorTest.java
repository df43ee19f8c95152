package io.jmlflow.integrations.xgboost;

import io.jmlflow.models.ModelSignature;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code xgboost} flavor's files and attributes, and its round trip (Python reads them: the e2e tests). */
class XGBoostModelFlavorTest {
    @TempDir
    Path dir;

    static Booster booster(boolean named) throws Exception {
        float[] data = new float[40 * 3];
        float[] labels = new float[40];
        for (int i = 0; i < 40; i++) {
            for (int f = 0; f < 3; f++) data[i * 3 + f] = (i * (f + 1)) % 7;
            labels[i] = data[i * 3] > 3 ? 1 : 0;
        }
        DMatrix train = new DMatrix(data, 40, 3, Float.NaN);
        train.setLabel(labels);
        if (named) train.setFeatureNames(new String[] {"a", "b", "c"});
        return XGBoost.train(train, Map.of("objective", "binary:logistic", "nthread", 1, "verbosity", 0), 3, Map.of(),
                null, null);
    }

    @Test
    void savedAsPythonsSaveModelWritesItAndLoadedBackAsABooster() throws Exception {
        XGBoostModelFlavor flavor = new XGBoostModelFlavor();
        Booster original = booster(true);
        assertTrue(flavor.canSave(original));
        assertFalse(flavor.canSave("a string"));
        Map<String, Object> attrs = flavor.save(original, dir);
        assertEquals(List.of("code", "data", "model_class", "model_format", "xgb_version"), List.copyOf(attrs.keySet()));
        assertEquals("model.ubj", attrs.get("data"));
        assertEquals("xgboost.core.Booster", attrs.get("model_class"));
        assertEquals("ubj", attrs.get("model_format"));
        assertEquals("3.4.0", attrs.get("xgb_version"));
        assertTrue(Files.size(dir.resolve("model.ubj")) > 0);
        assertEquals(List.of("xgboost==3.4.0"), flavor.pipRequirements(attrs));
        assertEquals("mlflow.xgboost", flavor.pythonLoaderModule());

        Booster loaded = (Booster) flavor.load(dir, attrs);
        DMatrix rows = new DMatrix(new float[] {1, 2, 3, 5, 0, 1}, 2, 3, Float.NaN);
        assertArrayEquals(original.predict(rows), loaded.predict(rows));
    }

    @Test
    void theSignatureNamesTheFeaturesAsDoubleColumns() throws Exception {
        XGBoostModelFlavor flavor = new XGBoostModelFlavor();
        ModelSignature named = flavor.signature(booster(true));
        assertEquals(List.of(new ModelSignature.ColSpec("a", "double"), new ModelSignature.ColSpec("b", "double"),
                new ModelSignature.ColSpec("c", "double")), named.inputs());
        ModelSignature unnamed = flavor.signature(booster(false));
        assertEquals(3, unnamed.inputs().size());
        assertEquals(null, unnamed.inputs().get(0).name());
    }
}
