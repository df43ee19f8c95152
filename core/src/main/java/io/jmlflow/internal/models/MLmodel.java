package io.jmlflow.internal.models;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.PythonJson;
import io.jmlflow.models.ModelSignature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code MLmodel} file at the root of a model directory, byte for byte as MLflow 3 writes it ({@code Model.to_dict()}
 * through PyYAML, see {@link PyYamlWriter}): the fields MLflow writes, the signature's columns as JSON text in
 * single-quoted YAML scalars, {@code mlflow_version} the MLflow release whose format this is.
 */
public final class MLmodel {
    public static final String FILE_NAME = "MLmodel";
    private final Map<String, Object> fields;

    private MLmodel(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * A new MLmodel description. {@code artifactPath} is, as MLflow 3 writes it, the model's artifact location
     * (a local path for local stores).
     */
    public static MLmodel of(String artifactPath, String runId, String modelId, String utcTimeCreated,
                             Map<String, Map<String, Object>> flavors, ModelSignature signature, long modelSizeBytes) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("artifact_path", artifactPath);
        f.put("flavors", new LinkedHashMap<>(flavors));
        f.put("mlflow_version", PythonEnvironment.MLFLOW_VERSION);
        if (modelId != null) f.put("model_id", modelId);
        f.put("model_size_bytes", modelSizeBytes);
        // MLflow 3 writes the logged model id as the uuid too.
        f.put("model_uuid", modelId != null ? modelId : Ids.uuidHex());
        if (runId != null) f.put("run_id", runId);
        if (signature != null && !signature.inputs().isEmpty()) {
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("inputs", signatureJson(signature.inputs()));
            sig.put("outputs", signature.outputs().isEmpty() ? null : signatureJson(signature.outputs()));
            sig.put("params", null);
            f.put("signature", sig);
            f.put("is_signature_from_type_hint", false);
            f.put("type_hint_from_example", false);
        }
        f.put("prompts", null);
        f.put("utc_time_created", utcTimeCreated);
        return new MLmodel(f);
    }

    public static MLmodel read(Path file) throws IOException {
        return new MLmodel(MLmodelReader.fields(file));
    }

    /**
     * The same description with the model's store-given location, run and id (a model spooled while the store was
     * away was described with ids of ours).
     */
    public MLmodel withIds(String artifactPath, String runId, String modelId) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("artifact_path", artifactPath);
        if (modelId != null) {
            f.put("model_id", modelId);
            f.put("model_uuid", modelId);
        }
        if (runId != null) f.put("run_id", runId);
        else f.remove("run_id");
        return new MLmodel(f);
    }

    /** Writes the file byte for byte as MLflow (PyYAML's {@code safe_dump}) writes it. */
    public void write(Path file) throws IOException {
        FileBytes.write(file, text());
    }

    String text() {
        return PyYamlWriter.dump(fields);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> flavors() {
        Object f = fields.get("flavors");
        return f instanceof Map ? (Map<String, Map<String, Object>>) f : Map.of();
    }

    public List<String> flavorNames() {
        return new ArrayList<>(flavors().keySet());
    }

    public String runId() { return str("run_id"); }

    public String modelId() { return str("model_id"); }

    public String artifactPath() { return str("artifact_path"); }

    public String utcTimeCreated() { return str("utc_time_created"); }

    public Object get(String key) { return fields.get(key); }

    private String str(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    /** A signature's column list as MLflow writes it (a JSON string inside the YAML). */
    static String signatureJson(List<ModelSignature.ColSpec> cols) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < cols.size(); i++) {
            ModelSignature.ColSpec c = cols.get(i);
            if (i > 0) b.append(", ");
            b.append("{\"type\": \"").append(c.type()).append("\"");
            if (c.name() != null) PythonJson.appendString(b.append(", \"name\": "), c.name());
            b.append(", \"required\": true}");
        }
        return b.append("]").toString();
    }
}
