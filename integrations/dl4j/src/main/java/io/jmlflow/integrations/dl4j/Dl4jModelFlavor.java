package io.jmlflow.integrations.dl4j;

import io.jmlflow.models.ModelFlavor;
import io.jmlflow.models.ModelSignature;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code dl4j} model flavor: {@code MultiLayerNetwork} and {@code ComputationGraph} saved with DL4J's
 * {@code ModelSerializer} (updater state included, so training can go on) as {@code model.zip}; loaded back with
 * {@code restoreMultiLayerNetwork} / {@code restoreComputationGraph}. This class names no DL4J type, so that
 * {@code ServiceLoader} can create it in applications without DL4J; {@link Dl4jModelFiles} does the work.
 */
public final class Dl4jModelFlavor implements ModelFlavor {
    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Object model) {
        return model != null && (isA(model.getClass(), Dl4jIntegration.MULTI_LAYER_NETWORK)
                || isA(model.getClass(), Dl4jIntegration.COMPUTATION_GRAPH));
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        return Dl4jModelFiles.save(model, modelDir);
    }

    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        return Dl4jModelFiles.load(modelDir, attributes);
    }

    @Override
    public ModelSignature signature(Object model) {
        return Dl4jModelFiles.signature(model);
    }

    private static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) return true;
        }
        return false;
    }
}
