package io.jmlflow.internal.models;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.models.ModelFlavor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any {@link Serializable} model, written with Java serialization to {@code model.ser}. Loading reads only the class
 * the MLmodel declares, the classes of its package and sub-packages and the JDK's basic ones
 * ({@link ModelClassFilter}).
 */
public final class JavaSerializationFlavor implements ModelFlavor {
    public static final String NAME = "java_serialization";
    public static final String DATA_FILE = "model.ser";
    private static final int BUFFER = 1 << 16;

    @Override
    public String name() { return NAME; }

    @Override
    public int priority() { return 0; }

    @Override
    public boolean canSave(Object model) {
        return model instanceof Serializable;
    }

    @Override
    public Map<String, Object> save(Object model, Path modelDir) throws Exception {
        writeObject(model, modelDir.resolve(DATA_FILE));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("model_class", model.getClass().getName());
        attrs.put("data", DATA_FILE);
        attrs.put("java_version", System.getProperty("java.version"));
        return attrs;
    }

    @Override
    public Object load(Path modelDir, Map<String, Object> attributes) throws Exception {
        String declared = attributes.get("model_class") == null ? null : attributes.get("model_class").toString();
        return readObject(ModelDataFile.resolve(modelDir, attributes, DATA_FILE), declared, List.of());
    }

    /** Writes {@code object} to {@code file} with Java serialization (what model flavors that use it share). */
    public static void writeObject(Object object, Path file) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(FileBytes.newOutputStream(file),
                BUFFER))) {
            out.writeObject(object);
        }
    }

    /**
     * Reads what {@link #writeObject} wrote, which must be a {@code declaredClass} (the MLmodel's {@code model_class};
     * null: not checked) made of classes of its package, the JDK's basic ones and those {@code libraryPatterns} name
     * ({@code smile.**}); anything else is refused before it is created ({@link ModelClassFilter}).
     */
    public static Object readObject(Path file, String declaredClass, List<String> libraryPatterns)
            throws IOException, ClassNotFoundException {
        try (InputStream in = FileBytes.newInputStream(file)) {
            return ModelObjectInput.read(in, Files.size(file), declaredClass, libraryPatterns);
        }
    }

    /** As {@link #readObject(Path, String, List)}, for {@code size} bytes of a stream (a member of an archive). */
    public static Object readObject(InputStream in, long size, String declaredClass, List<String> libraryPatterns)
            throws IOException, ClassNotFoundException {
        return ModelObjectInput.read(in, size, declaredClass, libraryPatterns);
    }
}
