package io.jmlflow.internal.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an MLmodel file with a YAML parser. Apart from {@link MLmodel} so that writing one (at every logged model)
 * loads no YAML or JSON library; this is loaded only when a model is loaded.
 */
final class MLmodelReader {
    private MLmodelReader() {
    }

    static Map<String, Object> fields(Path file) throws IOException {
        Map<String, Object> f = new ObjectMapper(new YAMLFactory())
                .readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        return f == null ? new LinkedHashMap<>() : f;
    }
}
