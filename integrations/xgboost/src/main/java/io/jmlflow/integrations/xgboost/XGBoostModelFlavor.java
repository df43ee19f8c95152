package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.models.PythonLoadable;
import io.jmlflow.models.ModelFlavor;
import io.jmlflow.models.ModelSignature;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MLflow's {@code xgboost} model flavor, in the layout Python's {@code mlflow.xgboost.save_model} writes: the booster
 * in XGBoost's UBJSON format as {@code model.ubj}, the flavor's {@code xgb_version}, {@code model_class}
 * ({@code xgboost.core.Booster}), {@code data} and {@code model_format}; with it the {@code python_function} flavor
 * ({@code loader_module: mlflow.xgboost}) and the environment files naming {@code xgboost} at the version of the
 * XGBoost4J that saved it ({@link PythonLoadable}). So Python's {@code mlflow.xgboost.load_model},
 * {@code mlflow.pyfunc.load_model} and {@code mlflow models serve} take the models XGBoost4J trained, and
 * {@code Mlflow.loadModel} gives a Java {@code Booster} back (of models Python logged too). This class names no
 * XGBoost4J type, so that {@code ServiceLoader} can create it in applications without XGBoost4J;
 * {@link XGBoostModelFiles} does the work.
 */
public final class XGBoostModelFlavor implements ModelFlavor, PythonLoadable {
    public static final String NAME = "xgboost";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Object model) {
        for (Class<?> c = model == null ? null : model.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(XGBoostIntegration.BOOSTER)) return true;
        }
        return false;
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        return XGBoostModelFiles.save(model, modelDir);
    }

    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        return XGBoostModelFiles.load(modelDir, attributes);
    }

    @Override
    public ModelSignature signature(Object model) {
        return XGBoostModelFiles.signature(model);
    }

    @Override
    public String pythonLoaderModule() {
        return "mlflow.xgboost";
    }

    @Override
    public List<String> pipRequirements(Map<String, Object> flavorAttributes) {
        Object version = flavorAttributes.get("xgb_version");
        return List.of(version == null || "unknown".equals(version) ? "xgboost" : "xgboost==" + version);
    }
}
