package io.jmlflow.internal.models;

import java.util.Map;

/**
 * A {@link io.jmlflow.models.ModelFlavor} that also writes other flavors' entries into the {@code MLmodel} file, e.g.
 * MLflow's {@code python_function} next to {@code spark}, so that Python's {@code mlflow.pyfunc} loads the model.
 */
public interface AdditionalFlavors {
    /** The other flavors' attributes by flavor name, given the attributes the flavor's {@code save} returned. */
    Map<String, Map<String, Object>> additionalFlavors(Map<String, Object> attributes);
}
