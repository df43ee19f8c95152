package io.jmlflow.internal.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The file an MLmodel flavor's {@code data} attribute names, which must lie inside the model's folder. */
public final class ModelDataFile {
    private ModelDataFile() {
    }

    /**
     * {@code modelDir}'s file named by {@code attributes.data} (else {@code defaultName}).
     *
     * @throws IOException when that path leads outside {@code modelDir} ({@code ..}, an absolute path, or a symbolic
     *                     link to elsewhere)
     */
    public static Path resolve(Path modelDir, Map<String, Object> attributes, String defaultName) throws IOException {
        Object data = attributes.get("data");
        String name = data == null ? defaultName : data.toString();
        Path dir = modelDir.toRealPath();
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || file.equals(dir)
                || (Files.exists(file) && !file.toRealPath().startsWith(dir))) {
            throw new IOException("the MLmodel's data path '" + name + "' leads outside the model folder; refused");
        }
        return file;
    }
}
