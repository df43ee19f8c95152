package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.internal.models.ModelDataFile;
import io.jmlflow.models.ModelSignature;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Writes and reads the {@code xgboost} flavor's files (see {@link XGBoostModelFlavor}). */
final class XGBoostModelFiles {
    /** XGBoost's UBJSON model format, MLflow's default ({@code model_format="ubj"}). */
    static final String FORMAT = "ubj";
    static final String DATA_FILE = "model." + FORMAT;
    /** The class Python's MLflow loads the model as. */
    static final String PYTHON_MODEL_CLASS = "xgboost.core.Booster";
    /** Signatures name at most this many features. */
    private static final int MAX_SIGNATURE_COLUMNS = 10_000;

    private XGBoostModelFiles() {
    }

    static Map<String, Object> save(Object model, Path dir) throws Exception {
        FileBytes.write(dir.resolve(DATA_FILE), ((Booster) model).toByteArray(FORMAT));
        // the keys in the order Python's MLflow writes them (sorted)
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("code", null);
        attrs.put("data", DATA_FILE);
        attrs.put("model_class", PYTHON_MODEL_CLASS);
        attrs.put("model_format", FORMAT);
        attrs.put("xgb_version", version());
        return attrs;
    }

    static Object load(Path dir, Map<String, Object> attributes) throws Exception {
        Path file = ModelDataFile.resolve(dir, attributes, DATA_FILE);
        return XGBoost.loadModel(FileBytes.read(file));
    }

    /**
     * One {@code double} column per feature the booster was trained on, named when the training data's features
     * were; the output is not described (its shape depends on the objective). XGBoost keeps features as 32-bit
     * floats, but a {@code float} column would make MLflow refuse the 64-bit numbers every JSON request to
     * {@code mlflow models serve} and most data frames carry ("can not safely convert float64 to float32").
     */
    static ModelSignature signature(Object model) {
        Booster booster = (Booster) model;
        String[] names = Compat.featureNames(booster);
        long n;
        try {
            n = names != null ? names.length : booster.getNumFeature();
        } catch (XGBoostError e) {
            return null;
        }
        if (n <= 0 || n > MAX_SIGNATURE_COLUMNS) return null;
        List<ModelSignature.ColSpec> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) inputs.add(new ModelSignature.ColSpec(names == null ? null : names[i], "double"));
        return new ModelSignature(inputs, null);
    }

    /** The version of the XGBoost4J the booster class comes from ({@code pom.properties}), or "unknown". */
    static String version() {
        ClassLoader loader = Booster.class.getClassLoader();
        for (String artifact : new String[] {"xgboost4j_2.12", "xgboost4j_2.13", "xgboost4j-gpu_2.12"}) {
            try (InputStream in = loader == null ? null
                    : loader.getResourceAsStream("META-INF/maven/ml.dmlc/" + artifact + "/pom.properties")) {
                if (in == null) continue;
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) return v.trim();
            } catch (Exception e) {
                // try the next artifact
            }
        }
        return "unknown";
    }
}
