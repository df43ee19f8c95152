package io.jmlflow.internal.models;

import io.jmlflow.models.ModelSignature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code MLmodel} file at the root of a model directory, as MLflow 3 writes it: keys in MLflow's order, the
 * signature's columns as JSON text in single-quoted YAML scalars, {@code mlflow_version} the MLflow release whose
 * format this is.
 */
public final class MLmodel {
    public static final String FILE_NAME = "MLmodel";
    /** The MLflow release whose model format (and tracking stores) this project writes and is tested against. */
    public static final String MLFLOW_VERSION = "3.17.2";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

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
        f.put("mlflow_version", MLFLOW_VERSION);
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

    public static MLmodel read(Path file) throws IOException {
        Map<String, Object> f = YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        return new MLmodel(f == null ? new LinkedHashMap<>() : f);
    }

    /** Writes the file as PyYAML writes MLflow's (block style, JSON text single-quoted). */
    public void write(Path file) throws IOException {
        Files.writeString(file, text());
    }

    String text() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        // plain maps, lists, strings, numbers and booleans only (a flavor's attribute of another type as Jackson writes it)
        Object plain = YAML.convertValue(fields, new TypeReference<LinkedHashMap<String, Object>>() { });
        return new Yaml(options).dump(plain);
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
