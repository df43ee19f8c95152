package io.jmlflow.internal.models;

import io.jmlflow.models.ModelFlavor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Any {@link Serializable} model, written with Java serialization to {@code model.ser}. */
public final class JavaSerializationFlavor implements ModelFlavor {
    public static final String NAME = "java_serialization";
    static final String DATA_FILE = "model.ser";
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
        return readObject(modelDir.resolve(attributes.getOrDefault("data", DATA_FILE).toString()));
    }

    /** Writes {@code object} to {@code file} with Java serialization (what model flavors that use it share). */
    public static void writeObject(Object object, Path file) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                BUFFER))) {
            out.writeObject(object);
        }
    }

    /**
     * Reads what {@link #writeObject} wrote, resolving classes through the thread's context class loader first (the
     * application's, where the model classes live when this code sits in the agent's loader).
     */
    public static Object readObject(Path file) throws IOException, ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (context != null) {
                    try {
                        return Class.forName(desc.getName(), false, context);
                    } catch (ClassNotFoundException ignored) {
                        // fall back to the default resolution
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            return in.readObject();
        }
    }
}
