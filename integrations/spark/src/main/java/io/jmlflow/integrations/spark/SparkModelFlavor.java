package io.jmlflow.integrations.spark;

import io.jmlflow.internal.models.PythonLoadable;
import io.jmlflow.models.ModelFlavor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MLflow's {@code spark} model flavor, as {@code mlflow.spark.save_model} writes it, so that Python's
 * {@code mlflow.spark.load_model} and {@code mlflow.pyfunc.load_model} load it: the model as a {@code PipelineModel}
 * (a single model is wrapped as its one stage, as MLflow does) written by Spark's own {@code MLWriter} into
 * {@code sparkml/}, the flavor attributes {@code pyspark_version} (the Spark version), {@code model_data},
 * {@code model_class} ({@code pyspark.ml.pipeline.PipelineModel}) and {@code jvm_model_class} (the Java class that was
 * logged, so that {@code Mlflow.loadModel} gives it back), and, as a {@link PythonLoadable}, the
 * {@code python_function} flavor ({@code loader_module: mlflow.spark}) and the environment files with {@code pyspark}
 * of the same version. Loading needs an active {@code SparkSession}. This
 * class names no Spark type, so that {@code ServiceLoader} can create it without Spark; {@link SparkModelFiles} does
 * the work.
 */
public final class SparkModelFlavor implements ModelFlavor, PythonLoadable {
    public static final String NAME = "spark";
    static final String TRANSFORMER = "org.apache.spark.ml.Transformer";
    static final String WRITABLE = "org.apache.spark.ml.util.MLWritable";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Object model) {
        if (model instanceof SparkModelFiles.Prepared) return true;
        return model != null && isA(model.getClass(), TRANSFORMER) && isA(model.getClass(), WRITABLE);
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        return SparkModelFiles.save(model, modelDir);
    }

    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        return SparkModelFiles.load(modelDir, attributes);
    }

    @Override
    public String pythonLoaderModule() {
        return "mlflow.spark";
    }

    @Override
    public List<String> pipRequirements(Map<String, Object> flavorAttributes) {
        Object version = flavorAttributes.get("pyspark_version");
        return version == null ? List.of("pyspark") : List.of("pyspark==" + version);
    }

    /** True when {@code type}, a superclass or an implemented interface is named {@code name}. */
    static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) return true;
            for (Class<?> i : c.getInterfaces()) if (isA(i, name)) return true;
        }
        return false;
    }
}
