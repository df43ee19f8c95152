package io.jmlflow.models;

import java.nio.file.Path;
import java.util.Map;

/**
 * Saves and loads one library's models in MLflow's model format. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.jmlflow.models.ModelFlavor}) or registered
 * through {@code ModelFlavors.register}.
 */
public interface ModelFlavor {

    /** The flavor's key in the MLmodel file, e.g. {@code smile}. */
    String name();

    /** True when this flavor can save {@code model}. */
    boolean canSave(Object model);

    /** Higher wins when several flavors can save a model (the generic Java serialization flavor is 0). */
    default int priority() {
        return 100;
    }

    /**
     * Writes the model's files into {@code modelDir} and returns the flavor's attributes for the MLmodel file
     * (at least the library version, the model class and the data file name).
     */
    Map<String, Object> save(Object model, Path modelDir) throws Exception;

    /** Reads the model back from a directory this flavor wrote. */
    Object load(Path modelDir, Map<String, Object> attributes) throws Exception;

    /** The model's input/output schema when the flavor knows it, else null. */
    default ModelSignature signature(Object model) {
        return null;
    }
}
