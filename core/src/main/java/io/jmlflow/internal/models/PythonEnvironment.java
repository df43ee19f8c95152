package io.jmlflow.internal.models;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.MlflowConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python side of a model that Python's MLflow loads ({@link PythonLoadable}), in the files and shapes MLflow's
 * {@code save_model} writes them: the {@code python_function} flavor, {@code requirements.txt} ({@code mlflow==} the
 * MLflow version these formats are MLflow's of, then the flavor's requirements), {@code python_env.yaml} and
 * {@code conda.yaml}. Python's MLflow writes the interpreter it runs on; a JVM has none, so the Python version is the
 * setting {@code model.python.version} (default {@value #DEFAULT_PYTHON_VERSION}, which MLflow's environment managers
 * take as "the newest 3.12.x"), and the build tools are not pinned.
 */
public final class PythonEnvironment {
    /** The MLflow whose model format this writes (the project's pinned MLflow). */
    public static final String MLFLOW_VERSION = "3.17.2";
    public static final String PYTHON_VERSION = "model.python.version";
    /** New enough for XGBoost 3.3 and later (Python 3.12+), old enough for every MLflow 3. */
    public static final String DEFAULT_PYTHON_VERSION = "3.12";
    public static final String FLAVOR = "python_function";
    public static final String REQUIREMENTS = "requirements.txt";
    public static final String PYTHON_ENV = "python_env.yaml";
    public static final String CONDA = "conda.yaml";

    private PythonEnvironment() {
    }

    /** The Python version the environment files name. */
    public static String pythonVersion() {
        String v = MlflowConfig.get(PYTHON_VERSION, DEFAULT_PYTHON_VERSION).trim();
        return isVersion(v) ? v : DEFAULT_PYTHON_VERSION;
    }

    /** {@code major.minor} or {@code major.minor.patch}, digits only. */
    static boolean isVersion(String v) {
        int parts = 0;
        int i = 0;
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') i++;
            if (i == start) return false;
            parts++;
            if (i == v.length()) break;
            if (v.charAt(i) != '.') return false;
            i++;
            if (i == v.length()) return false;
        }
        return parts == 2 || parts == 3;
    }

    /** The {@code python_function} flavor's attributes for a model whose data file is {@code data}. */
    public static Map<String, Object> pyfuncFlavor(String loaderModule, Object data) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", CONDA);
        env.put("virtualenv", PYTHON_ENV);
        Map<String, Object> f = new LinkedHashMap<>();
        if (data != null) f.put("data", data);
        f.put("env", env);
        f.put("loader_module", loaderModule);
        f.put("python_version", pythonVersion());
        return f;
    }

    /** {@code mlflow==<version>} followed by {@code requirements}. */
    public static List<String> requirements(List<String> requirements) {
        List<String> all = new ArrayList<>();
        all.add("mlflow==" + MLFLOW_VERSION);
        for (String r : requirements) if (r != null && !r.isBlank() && !all.contains(r)) all.add(r);
        return all;
    }

    /** Writes {@code requirements.txt}, {@code python_env.yaml} and {@code conda.yaml} into {@code modelDir}. */
    public static void write(Path modelDir, List<String> flavorRequirements) throws IOException {
        List<String> reqs = requirements(flavorRequirements);
        String python = pythonVersion();
        FileBytes.write(modelDir.resolve(REQUIREMENTS), String.join("\n", reqs));
        FileBytes.write(modelDir.resolve(PYTHON_ENV), "python: '" + python + "'\n"
                + "build_dependencies:\n- pip\n- setuptools\n- wheel\n"
                + "dependencies:\n- -r " + REQUIREMENTS + "\n");
        StringBuilder conda = new StringBuilder("channels:\n- conda-forge\ndependencies:\n- python=")
                .append(python).append("\n- pip\n- pip:\n");
        for (String r : reqs) conda.append("  - ").append(r).append('\n');
        conda.append("name: mlflow-env\n");
        FileBytes.write(modelDir.resolve(CONDA), conda.toString());
    }
}
