package io.jmlflow.internal.models;

import java.util.List;
import java.util.Map;

/**
 * A {@link io.jmlflow.models.ModelFlavor} whose models Python's MLflow loads and serves with one of its own flavors
 * (the {@code xgboost} flavor: {@code mlflow.xgboost}). Models it saves get what Python's {@code save_model} writes
 * besides the flavor's own files: the {@code python_function} flavor naming the loader module, and the environment
 * files {@code requirements.txt}, {@code python_env.yaml} and {@code conda.yaml} ({@link PythonEnvironment}).
 */
public interface PythonLoadable {

    /** The module {@code mlflow.pyfunc.load_model} loads the model with, e.g. {@code mlflow.xgboost}. */
    String pythonLoaderModule();

    /**
     * The pip requirements of a model saved with {@code flavorAttributes} besides MLflow itself, e.g.
     * {@code xgboost==3.4.0}.
     */
    List<String> pipRequirements(Map<String, Object> flavorAttributes);
}
