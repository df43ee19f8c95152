package io.jmlflow.internal.models;

import io.jmlflow.models.ModelSignature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code MLmodel} file at the root of a model directory, as MLflow 3 writes it. */
public final class MLmodel {
    public static final String FILE_NAME = "MLmodel";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a version such as "3.12" is a string: unquoted, YAML (and Python's MLflow) would read a number
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

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
        if (modelId != null) f.put("model_id", modelId);
        f.put("model_size_bytes", modelSizeBytes);
        // MLflow 3 writes the logged model id as the uuid too.
        f.put("model_uuid", modelId != null ? modelId : java.util.UUID.randomUUID().toString().replace("-", ""));
        if (runId != null) f.put("run_id", runId);
        if (signature != null && !signature.inputs().isEmpty()) {
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("inputs", signatureJson(signature.inputs()));
            sig.put("outputs", signature.outputs().isEmpty() ? null : signatureJson(signature.outputs()));
            sig.put("params", null);
            f.put("signature", sig);
        }
        f.put("utc_time_created", utcTimeCreated);
        return new MLmodel(f);
    }

    /** Sets a top-level field (null writes {@code null}), keeping the fields sorted by name as MLflow writes them. */
    public void set(String key, Object value) {
        java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>(fields);
        sorted.put(key, value);
        fields.clear();
        fields.putAll(sorted);
    }

    public static MLmodel read(Path file) throws IOException {
        Map<String, Object> f = YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        return new MLmodel(f == null ? new LinkedHashMap<>() : f);
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

    public void write(Path file) throws IOException {
        Files.writeString(file, YAML.writeValueAsString(fields));
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
            if (c.name() != null) b.append(", \"name\": \"").append(c.name().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"");
            b.append(", \"required\": true}");
        }
        return b.append("]").toString();
    }
}
